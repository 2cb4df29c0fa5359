import { InvalidLoginError, NotAuthenticatedError, faultTypeOf } from './errors';
import { SoapTransport, returnvals } from './soap';
import { trustingAgent, type TlsTrust } from './tls';
import { decode, obj, ref, str, type MoRef, type PlainObject } from './values';
import type { XmlElement, XNode } from './xml';

/** How to reach and log in to one vCenter. */
export interface VsphereConnectOptions {
  /** https://host[:port]/sdk (a URL without a path gets /sdk appended). */
  url: string;
  username: string;
  password: string;
  tls: TlsTrust;
  /** Interval of the session keep-alive call in ms (default 5 minutes; vCenter idles sessions out after 30). */
  keepAliveMs?: number;
  /** Default per-request timeout in ms. */
  timeoutMs?: number;
  /** Where TLS warnings go (default console.warn). */
  warn?: (message: string) => void;
}

/** The ServiceContent fields Ferry uses. */
export interface ServiceContent {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  fileManager?: MoRef;
  virtualDiskManager?: MoRef;
  apiVersion: string;
  instanceUuid: string;
  apiType: string;
}

const serviceInstance: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };

/**
 * A logged-in session with one vCenter. Calls that fail with NotAuthenticated (expired
 * session) log in again once and retry; a timer keeps the session alive while idle.
 */
export class VsphereClient {
  private keepAlive: NodeJS.Timeout | undefined;
  private loggedIn = false;

  private constructor(readonly transport: SoapTransport, readonly content: ServiceContent, private readonly opts: VsphereConnectOptions) {}

  /** Connects, verifies the certificate per `tls`, reads the ServiceContent and logs in. */
  static async connect(opts: VsphereConnectOptions): Promise<VsphereClient> {
    const url = new URL(opts.url);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
    const agent = trustingAgent(url.href, opts.tls, opts.warn ?? ((m) => console.warn(m)));
    const transport = new SoapTransport({ sdkUrl: url.href, agent, timeoutMs: opts.timeoutMs });
    try {
      const response = await transport.call('RetrieveServiceContent', serviceInstance);
      const sc = decode(returnvals(response)[0] ?? '') as PlainObject;
      const about = obj(sc.about) ?? {};
      const need = (name: string): MoRef => {
        const r = ref(sc[name]);
        if (!r) throw new Error(`vCenter ${url.href}: ServiceContent has no ${name}; is this a vCenter (not an ESXi host without it)?`);
        return r;
      };
      const content: ServiceContent = {
        rootFolder: need('rootFolder'),
        propertyCollector: need('propertyCollector'),
        viewManager: need('viewManager'),
        sessionManager: need('sessionManager'),
        fileManager: ref(sc.fileManager),
        virtualDiskManager: ref(sc.virtualDiskManager),
        apiVersion: str(about.apiVersion) ?? '',
        instanceUuid: str(about.instanceUuid) ?? '',
        apiType: str(about.apiType) ?? '',
      };
      const client = new VsphereClient(transport, content, opts);
      await client.login();
      client.startKeepAlive();
      return client;
    } catch (error) {
      agent.destroy();
      throw error;
    }
  }

  /** The SDK URL of this vCenter. */
  get server(): string {
    return this.transport.sdkUrl.href;
  }

  private async login(): Promise<void> {
    try {
      await this.transport.call('Login', this.content.sessionManager, { userName: this.opts.username, password: this.opts.password });
      this.loggedIn = true;
    } catch (error) {
      if (faultTypeOf(error) === 'InvalidLogin') {
        throw new InvalidLoginError(this.server, this.opts.username);
      }
      throw error;
    }
  }

  private startKeepAlive(): void {
    const every = this.opts.keepAliveMs ?? 300_000;
    this.keepAlive = setInterval(() => {
      this.invoke('CurrentTime', serviceInstance).catch((err: unknown) => {
        (this.opts.warn ?? console.warn)(`vCenter ${this.server}: session keep-alive failed: ${(err as Error).message}`);
      });
    }, every);
    this.keepAlive.unref();
  }

  /**
   * Calls a vim25 method; on NotAuthenticated logs in again once and retries (and logs in first when
   * an earlier log-in again failed).
   * Returns the response element.
   */
  async invoke(method: string, target: MoRef, params: XmlElement = {}, timeoutMs?: number): Promise<XNode> {
    // A log-in again that failed (the vCenter was away) left no session: log in before the call, or it
    // would go out without one (a real vCenter refuses it; the simulator answers oddly).
    if (this.loggedIn && this.transport.sessionCookie === undefined) await this.login();
    try {
      return await this.transport.call(method, target, params, timeoutMs);
    } catch (error) {
      if (!(error instanceof NotAuthenticatedError) || !this.loggedIn) throw error;
      this.transport.clearSession();
      await this.login();
      return this.transport.call(method, target, params, timeoutMs);
    }
  }

  /** Calls a method and decodes its single returnval (undefined when the method returns nothing). */
  async invokeValue(method: string, target: MoRef, params: XmlElement = {}, timeoutMs?: number): Promise<ReturnType<typeof decode> | undefined> {
    const response = await this.invoke(method, target, params, timeoutMs);
    const first = returnvals(response)[0];
    return first === undefined ? undefined : decode(first);
  }

  /** The server's clock (also a cheap liveness check). */
  async currentTime(): Promise<Date> {
    const v = await this.invokeValue('CurrentTime', serviceInstance);
    return new Date(str(v) ?? '');
  }

  /** Logs out and releases the connection pool. Safe to call twice. */
  async logout(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    try {
      if (this.loggedIn) await this.transport.call('Logout', this.content.sessionManager);
    } finally {
      this.loggedIn = false;
      this.transport.clearSession();
      this.transport.agent.destroy();
    }
  }
}
