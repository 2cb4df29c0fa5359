/**
 * One iSCSI TCP connection: login, then the full feature phase. A PDU that breaks the protocol is
 * answered with a Reject and closes this connection only; sessions of others are untouched. Its
 * {@link ConnectionWatch} closes it when login takes too long, and pings it with NOP-Ins when idle.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { ConnectionWatch } from './liveness';
import { describeStatus, LoginNegotiator, LoginStatus } from './login';
import { encodePdu, PduReader, PduStreamError } from './pdu-reader';
import { BHS_LENGTH, InitiatorOp, ittOf, opcodeOf, RejectReason, type Pdu } from './pdu';
import type { PortalContext } from './portal-context';
import * as R from './responses';
import { Session, snAdd, type SessionConnection } from './session';
import type { SessionParams } from './session-params';
import { FullFeatureHandler } from './full-feature';
import { encodeTextKeys, parseTextKeys } from './text-keys';

/**
 * The most login text (key=value data) one login request may carry across PDUs continued with the C
 * bit: RFC 7143 §6.1 asks a target to take at least 64 KiB (long CHAP values). Without a bound a client
 * could send continued Login PDUs until the login timeout and have the target hold all of them.
 */
export const MAX_LOGIN_TEXT_BYTES = 64 * 1024;

export class Connection implements SessionConnection {
  cid = 0;
  private readonly reader = new PduReader();
  private statSN = 0;
  private phase: 'login' | 'full' | 'closed' = 'login';
  private readonly negotiator: LoginNegotiator;
  session: Session | undefined;
  private sendHeaderDigest = false;
  private sendDataDigest = false;
  private handler: FullFeatureHandler | undefined;
  private pendingLoginText: Buffer[] = [];
  private pendingLoginTextBytes = 0;
  /** One shared wait for 'drain', however many responses are waiting on it. */
  private drained: Promise<void> | undefined;
  private readonly watch: ConnectionWatch;
  private timer: NodeJS.Timeout | undefined;
  private bytesReceived = 0;
  private loginPdus = 0;
  /** "address:port" of the initiator, for logs. */
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly portal: PortalContext,
  ) {
    this.negotiator = new LoginNegotiator({
      authOf: (name) => portal.target(name)?.auth,
      discoveryAuth: portal.discoveryAuth,
      preferences: portal.preferences,
      randomBytes,
    });
    this.peer = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;
    this.watch = new ConnectionWatch(portal.policy, Date.now());
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close('socket error'));
    socket.on('close', () => this.close('peer closed'));
    this.wake();
  }

  get params(): SessionParams {
    return this.session?.params ?? this.negotiator.params;
  }

  /** Sequence numbers for a PDU; `advance` consumes a StatSN (status-bearing PDUs). */
  numbers(advance: boolean): R.Numbers {
    const statSN = this.statSN;
    if (advance) this.statSN = snAdd(this.statSN, 1);
    const expCmdSN = this.session?.expCmdSN ?? 0;
    return { statSN, expCmdSN, maxCmdSN: this.session?.maxCmdSN ?? expCmdSN };
  }

  /** Writes one PDU; resolves when the socket can take more (back-pressure for large reads). */
  send(bhs: Buffer, data?: Buffer): Promise<void> | undefined {
    if (this.phase === 'closed' || this.socket.destroyed) return undefined;
    let ok = true;
    // Corked so header, data and digests leave in one writev.
    this.socket.cork();
    for (const part of encodePdu(bhs, data, this.sendHeaderDigest, this.sendDataDigest)) ok = this.socket.write(part);
    this.socket.uncork();
    if (ok) return undefined;
    this.drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        this.drained = undefined;
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return this.drained;
  }

  /** Answers a PDU that breaks the protocol with a Reject, then closes this connection. */
  protocolError(bhs: Buffer, reason: number, message: string): void {
    this.portal.log(`iscsi: ${this.socket.remoteAddress}:${this.socket.remotePort}: ${message}; closing the connection`);
    void this.send(R.reject(reason, bhs, this.numbers(false)), bhs);
    this.close(message);
  }

  close(reason: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.watch.stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 2000).unref();
    this.handler?.dropAll();
    const session = this.session;
    if (session && session.connections.get(this.cid) === this) {
      session.connections.delete(this.cid);
      if (session.connections.size === 0) this.portal.removeSession(session);
    }
    void reason;
  }

  /** A NOP-Out echoed the Target Transfer Tag `ttt` (the full feature handler passes it on). */
  nopAnswered(ttt: number): void {
    if (this.watch.answered(ttt, Date.now())) this.portal.report({ kind: 'nop-answered' });
  }

  abortTasks(lun: number | undefined): Promise<number> {
    return this.handler?.abortTasks(lun) ?? Promise.resolve(0);
  }

  abortTask(itt: number): Promise<boolean> {
    return this.handler?.abortTask(itt) ?? Promise.resolve(false);
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    this.bytesReceived += chunk.length;
    this.reader.push(chunk);
    for (;;) {
      let pdu: Pdu | undefined;
      try {
        pdu = this.reader.next();
      } catch (error) {
        if (!(error instanceof PduStreamError)) throw error;
        if (error.kind === 'header-digest') this.close(error.message);
        else this.protocolError(error.bhs as Buffer, error.kind === 'data-digest' ? RejectReason.DataDigestError : RejectReason.ProtocolError, error.message);
        return;
      }
      if (!pdu) return;
      this.onPdu(pdu);
      // After onPdu, so that a NOP-Out answering our ping is matched first.
      this.watch.heard(Date.now());
      if ((this.phase as string) === 'closed') return;
    }
  }

  private onPdu(pdu: Pdu): void {
    const op = opcodeOf(pdu.bhs);
    if (this.phase === 'login') {
      if (op !== InitiatorOp.Login) return this.protocolError(pdu.bhs, RejectReason.ProtocolError, `opcode 0x${op.toString(16)} before login completed`);
      return this.onLogin(pdu);
    }
    if (op === InitiatorOp.Login) return this.protocolError(pdu.bhs, RejectReason.ProtocolError, 'Login Request in full feature phase');
    (this.handler as FullFeatureHandler).onPdu(pdu);
  }

  private onLogin(pdu: Pdu): void {
    this.loginPdus++;
    const bhs = pdu.bhs;
    const flags = bhs[1] as number;
    const isid = Buffer.from(bhs.subarray(8, 14));
    const tsih = bhs.readUInt16BE(14);
    const cmdSN = bhs.readUInt32BE(24);
    if (this.pendingLoginText.length === 0 && this.statSN === 0) this.statSN = bhs.readUInt32BE(28);
    this.cid = bhs.readUInt16BE(20);
    const numbers = (): R.Numbers => ({ ...this.numbers(true), expCmdSN: cmdSN, maxCmdSN: snAdd(cmdSN, 127) });
    const respond = (f: Omit<R.LoginResponseFields, 'isid' | 'itt' | 'dataLength'>, data: Buffer): void => {
      void this.send(R.loginResponse({ ...f, isid, itt: ittOf(bhs), dataLength: data.length }, numbers()), data);
    };
    this.pendingLoginTextBytes += pdu.data.length;
    if (this.pendingLoginTextBytes > MAX_LOGIN_TEXT_BYTES) {
      this.pendingLoginText = [];
      return this.protocolError(bhs, RejectReason.ProtocolError, `login text of more than ${MAX_LOGIN_TEXT_BYTES} bytes over continued Login PDUs (${this.loginPdus} PDUs)`);
    }
    if (flags & 0x40) {
      // Continue bit: text spans PDUs; answer empty until the last piece arrives.
      this.pendingLoginText.push(pdu.data);
      return respond({ transit: false, csg: (flags >> 2) & 3, nsg: 0, tsih, status: 0 }, Buffer.alloc(0));
    }
    const text = Buffer.concat([...this.pendingLoginText, pdu.data]);
    this.pendingLoginText = [];
    this.pendingLoginTextBytes = 0;
    let keys;
    try {
      keys = parseTextKeys(text);
    } catch (error) {
      return this.protocolError(bhs, RejectReason.ProtocolError, (error as Error).message);
    }
    const reply = this.negotiator.step({ transit: (flags & 0x80) !== 0, csg: (flags >> 2) & 3, nsg: flags & 3, versionMin: bhs[3] as number, keys });
    let status = reply.status;
    let sessionTsih = tsih;
    if (status === LoginStatus.Success && reply.complete) {
      const bound = this.bind(isid, tsih, cmdSN);
      if (typeof bound === 'number') status = bound;
      else sessionTsih = bound.tsih;
    }
    if (status !== LoginStatus.Success) {
      respond({ transit: false, csg: reply.csg, nsg: 0, tsih, status }, Buffer.alloc(0));
      this.portal.log(`iscsi: refused a login ${this.loginParties()} with status ${describeStatus(status)}: ${this.refusalOf(status, reply.status)}`);
      return this.close('login failed');
    }
    respond({ transit: reply.transit, csg: reply.csg, nsg: reply.nsg, tsih: sessionTsih, status }, encodeTextKeys(reply.keys));
    if (reply.complete) this.enterFullFeature();
  }

  /** Creates the session (leading login) or joins an existing one; a login status on failure. */
  private bind(isid: Buffer, tsih: number, cmdSN: number): Session | number {
    const n = this.negotiator;
    const isidHex = isid.toString('hex');
    if (tsih === 0) {
      for (const old of [...this.portal.sessions()]) {
        // Session reinstatement (RFC 7143 §6.3.5): the same initiator port logs in again.
        if (old.isid === isidHex && old.initiatorName === n.initiatorName && old.targetName === n.targetName) old.closeAll('session reinstated');
      }
      const session = this.portal.addSession((newTsih) => new Session(newTsih, isidHex, n.initiatorName, n.targetName, n.sessionType, n.params, cmdSN));
      session.connections.set(this.cid, this);
      this.session = session;
      return session;
    }
    const session = this.portal.session(tsih);
    if (!session || session.isid !== isidHex || session.initiatorName !== n.initiatorName) return LoginStatus.SessionDoesNotExist;
    const existing = session.connections.get(this.cid);
    if (existing) existing.close('connection reinstated');
    if (session.connections.size >= session.params.maxConnections) return LoginStatus.TooManyConnections;
    session.connections.set(this.cid, this);
    this.session = session;
    return session;
  }

  private enterFullFeature(): void {
    const own = this.negotiator.params;
    this.phase = 'full';
    this.watch.loggedIn(Date.now());
    this.portal.report({ kind: 'logged-in' });
    this.rearm();
    this.reader.headerDigest = own.headerDigest;
    this.reader.dataDigest = own.dataDigest;
    this.reader.maxDataSegment = own.targetMaxRecvDataSegmentLength;
    this.sendHeaderDigest = own.headerDigest;
    this.sendDataDigest = own.dataDigest;
    const session = this.session as Session;
    const target = this.portal.target(session.targetName);
    this.handler = new FullFeatureHandler(this, session, target, this.portal, own, this.socket.localAddress ?? '127.0.0.1', this.socket.localPort ?? 3260);
  }

  /** Runs the watch's step for now and sleeps until its next one. */
  private wake(): void {
    this.timer = undefined;
    const now = Date.now();
    const pending = this.socket.writableLength;
    const step = this.watch.due(now, { pending, flushed: (this.socket.bytesWritten ?? 0) - pending });
    switch (step.kind) {
      case 'stopped':
        return;
      case 'close':
        return this.timedOut(step.why);
      case 'ping':
        // Not status-bearing: the StatSN is not advanced (RFC 7143 §11.19).
        void this.send(R.nopInPing(step.ttt, this.numbers(false)));
        this.portal.report({ kind: 'nop-sent' });
        break;
      case 'sleep':
        break;
    }
    this.timer = setTimeout(() => this.wake(), Math.max(1, step.until - now));
    this.timer.unref();
  }

  /** The phase changed: the next wake-up may be earlier or later than the one set. */
  private rearm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake();
  }

  private timedOut(why: 'login-timeout' | 'nop-timeout'): void {
    const policy = this.portal.policy;
    const detail =
      why === 'login-timeout'
        ? `login from ${this.peer} did not complete within ${policy.loginTimeoutMs} ms (${this.loginProgress()})`
        : `${this.peer} (${this.who()}) sent no PDU for ${policy.nopIntervalMs} ms and did not answer a NOP-In ping within ${policy.nopTimeoutMs} ms${this.partial()}`;
    this.portal.report({ kind: why, address: this.socket.remoteAddress ?? 'unknown', detail: `${detail}; closing the connection` });
    this.close(why);
    // Nothing of ours is left to flush; a peer that does not read must not hold the slot for close()'s grace period.
    this.socket.destroy();
  }

  /** How far a login got, for the log of a login timeout. */
  private loginProgress(): string {
    if (this.bytesReceived === 0) return 'it sent nothing';
    const pdus = this.loginPdus ? `${this.loginPdus} login PDU(s) answered, ${this.negotiator.describe()}` : 'no complete PDU';
    return `${pdus}${this.partial()}`;
  }

  /** Bytes of an unfinished PDU, if any (a truncated header, then silence). */
  private partial(): string {
    const pending = this.reader.pending;
    if (pending === 0) return '';
    return pending < BHS_LENGTH ? `, then a partial PDU header (${pending} of ${BHS_LENGTH} bytes)` : `, then ${pending} bytes of an unfinished PDU`;
  }

  /** Why a login was refused: the negotiator's reason, or what binding to a session found. */
  private refusalOf(status: number, negotiated: number): string {
    if (status === negotiated) return this.negotiator.refusal;
    return status === LoginStatus.SessionDoesNotExist ? 'it names a session (TSIH, ISID) that does not exist' : 'its session already holds MaxConnections connections';
  }

  /** Who tried to log in to what, for the log of a refused login: initiator name, address and target. */
  private loginParties(): string {
    const n = this.negotiator;
    const name = n.initiatorName ? JSON.stringify(n.initiatorName.slice(0, 100)) : 'an initiator that gave no name';
    const target = n.sessionType === 'Discovery' ? ' for discovery' : n.targetName ? ` to ${JSON.stringify(n.targetName.slice(0, 100))}` : '';
    return `from ${name} at ${this.peer}${target}`;
  }

  private who(): string {
    const s = this.session;
    if (!s) return 'no session';
    return `${JSON.stringify(s.initiatorName.slice(0, 100))}, ${s.type === 'Discovery' ? 'discovery session' : `session ${s.tsih} to ${s.targetName}`}`;
  }
}
