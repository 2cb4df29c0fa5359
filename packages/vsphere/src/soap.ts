import { request, type Agent } from 'node:https';
import { CertificateMismatchError, CertificateUntrustedError, VcenterUnreachableError, faultToError, type SoapFault } from './errors';
import type { MoRef } from './values';
import { child, children, parseXml, soapEnvelope, text, xsiType, elements, type XmlElement, type XNode, morXml } from './xml';

/** Options of the SOAP transport. */
export interface SoapTransportOptions {
  /** https://host[:port]/sdk */
  sdkUrl: string;
  agent: Agent;
  /** Per-request timeout in ms (WaitForUpdatesEx callers pass their own, longer one). */
  timeoutMs?: number;
  /** SOAPAction namespace version, e.g. 7.0. */
  apiVersion?: string;
}

/**
 * One vim25 endpoint: posts SOAP envelopes, keeps the session cookie, and turns faults and
 * network failures into Ferry errors that name the server, the method and the target.
 */
export class SoapTransport {
  private cookie: string | undefined;
  readonly sdkUrl: URL;

  constructor(private readonly opts: SoapTransportOptions) {
    this.sdkUrl = new URL(opts.sdkUrl);
  }

  /** The session cookie (`vmware_soap_session=…`) for HTTP endpoints like /folder and /nfc. */
  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  get agent(): Agent {
    return this.opts.agent;
  }

  /** Calls `method` on `target` and returns the response element (its `returnval` children hold the result). */
  async call(method: string, target: MoRef, params: XmlElement = {}, timeoutMs?: number): Promise<XNode> {
    const envelope = soapEnvelope(method, { _this: morXml(target), ...params });
    const { status, body } = await this.post(envelope, timeoutMs ?? this.opts.timeoutMs ?? 120_000, `${method} on ${target.type}:${target.value}`);
    const doc = parseXml(body);
    const soapBody = child(child(doc, 'Envelope'), 'Body');
    const fault = child(soapBody, 'Fault');
    if (fault !== undefined) throw faultToError(this.decodeFault(fault, method, target));
    const response = child(soapBody, `${method}Response`);
    if (response === undefined) {
      throw new VcenterUnreachableError(this.sdkUrl.href, `HTTP ${status} without a ${method}Response (is ${this.sdkUrl.href} a vSphere SDK endpoint?)`);
    }
    return response;
  }

  private decodeFault(fault: XNode, method: string, target: MoRef): SoapFault {
    const detail = child(fault, 'detail');
    const first = elements(detail)[0];
    const faultType = (first && (xsiType(first[1]) ?? first[0].replace(/Fault$/, ''))) || 'SystemError';
    return { faultType, message: text(child(fault, 'faultstring')), method, target: `${target.type}:${target.value}`, server: this.sdkUrl.href };
  }

  private post(envelope: string, timeoutMs: number, what: string): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `urn:vim25/${this.opts.apiVersion ?? '6.7'}`,
      'content-length': String(Buffer.byteLength(envelope)),
    };
    if (this.cookie) headers.cookie = this.cookie;
    return new Promise((resolve, reject) => {
      const req = request(this.sdkUrl, { method: 'POST', agent: this.opts.agent, headers, timeout: timeoutMs }, (res) => {
        const setCookie = res.headers['set-cookie'];
        const session = setCookie?.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('vmware_soap_session='));
        if (session) this.cookie = session;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.networkError(err, what)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer to ${what} within ${timeoutMs} ms`)));
      req.on('error', (err) => reject(this.networkError(err, what)));
      req.end(envelope);
    });
  }

  /** Turns socket-level failures into errors that say which server and what happened. */
  networkError(err: Error, what: string): Error {
    if (err instanceof CertificateMismatchError || err instanceof CertificateUntrustedError) return err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code ? `${code} during ${what}` : `${err.message} during ${what}`;
    return new VcenterUnreachableError(this.sdkUrl.href, reason, { cause: err });
  }

  /** Forgets the session cookie (after logout). */
  clearSession(): void {
    this.cookie = undefined;
  }
}

/** The `returnval` children of a response. */
export function returnvals(response: XNode): XNode[] {
  return children(response, 'returnval');
}
