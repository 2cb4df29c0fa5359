/**
 * The full feature phase of one connection (RFC 7143 §4.2): SCSI commands with R2T/Data-Out and
 * Data-In, NOP, task management, text (SendTargets) and logout.
 */
import { lunNotSupported, fixedSense, ScsiStatus } from '../scsi/sense';
import type { ScsiResult } from '../scsi/logical-unit';
import type { Connection } from './connection';
import { InitiatorOp, isFinal, isImmediate, ittOf, lunOf, opcodeOf, RejectReason, RESERVED_TAG, type Pdu } from './pdu';
import type { IscsiTarget, PortalContext } from './portal-context';
import * as R from './responses';
import type { Session } from './session';
import type { SessionParams } from './session-params';
import { Task } from './task';
import { encodeTextKeys, parseTextKeys, type TextKeys } from './text-keys';

const TMF = { AbortTask: 1, AbortTaskSet: 2, ClearAca: 3, ClearTaskSet: 4, LunReset: 5, TargetWarmReset: 6, TargetColdReset: 7, TaskReassign: 8 } as const;
const TMF_RESPONSE = { Complete: 0, NoSuchTask: 1, NoSuchLun: 2, NotSupported: 5, ReassignNotSupported: 4 } as const;

export class FullFeatureHandler {
  private readonly tasks = new Map<number, Task>();
  /** ITTs aborted recently, so their late Data-Out PDUs are dropped quietly. */
  private readonly aborted = new Set<number>();
  private nextTtt = 1;
  private loggingOut = false;

  constructor(
    private readonly conn: Connection,
    private readonly session: Session,
    private readonly target: IscsiTarget | undefined,
    private readonly portal: PortalContext,
    /** This connection's own negotiated values (digests, data segment sizes). */
    private readonly own: SessionParams,
    private readonly localAddress: string,
    private readonly localPort: number,
  ) {}

  onPdu(pdu: Pdu): void {
    const op = opcodeOf(pdu.bhs);
    if (this.loggingOut && op !== InitiatorOp.DataOut) {
      return this.conn.protocolError(pdu.bhs, RejectReason.WaitingForLogout, 'PDU after Logout Request');
    }
    if (this.session.type === 'Discovery' && op !== InitiatorOp.Text && op !== InitiatorOp.Logout && op !== InitiatorOp.NopOut) {
      return this.conn.protocolError(pdu.bhs, RejectReason.ProtocolError, `opcode 0x${op.toString(16)} is not allowed in a discovery session`);
    }
    switch (op) {
      case InitiatorOp.ScsiCommand:
        return this.onCommand(pdu);
      case InitiatorOp.DataOut:
        return this.onDataOut(pdu);
      case InitiatorOp.NopOut:
        return this.onNop(pdu);
      case InitiatorOp.TaskManagement:
        return void this.onTaskManagement(pdu);
      case InitiatorOp.Text:
        return this.onText(pdu);
      case InitiatorOp.Logout:
        return void this.onLogout(pdu);
      default:
        // SNACK needs ErrorRecoveryLevel > 0, which we never grant; other opcodes do not exist.
        void this.conn.send(R.reject(RejectReason.CommandNotSupported, pdu.bhs, this.conn.numbers(false)), pdu.bhs);
    }
  }

  /** Non-immediate PDUs must carry an in-window CmdSN; false means "ignore this PDU". */
  private ordered(bhs: Buffer): boolean {
    return isImmediate(bhs) || this.session.acceptCmdSN(bhs.readUInt32BE(24));
  }

  private onCommand(pdu: Pdu): void {
    const bhs = pdu.bhs;
    if (!this.ordered(bhs)) return;
    const itt = ittOf(bhs);
    if (this.tasks.has(itt)) return this.conn.protocolError(bhs, RejectReason.TaskInProgress, `ITT 0x${itt.toString(16)} is already in use`);
    const flags = bhs[1] as number;
    const isRead = (flags & 0x40) !== 0;
    const isWrite = (flags & 0x20) !== 0;
    const edtl = bhs.readUInt32BE(20);
    if (pdu.data.length && (!isWrite || !this.session.params.immediateData)) {
      return this.conn.protocolError(bhs, RejectReason.ProtocolError, 'immediate data not allowed for this command');
    }
    const params = this.session.params;
    const unsolicitedEnd = params.initialR2T ? pdu.data.length : Math.max(pdu.data.length, Math.min(params.firstBurstLength, edtl));
    let task: Task;
    try {
      task = new Task(itt, lunOf(bhs), Buffer.from(bhs.subarray(8, 16)), Buffer.from(bhs.subarray(32, 48)), edtl, isRead, isWrite, unsolicitedEnd, pdu.data);
    } catch (error) {
      return this.conn.protocolError(bhs, RejectReason.ProtocolError, (error as Error).message);
    }
    this.tasks.set(itt, task);
    if (task.complete) this.run(task);
    else this.solicit(task);
  }

  private solicit(task: Task): void {
    const params = this.session.params;
    for (const req of task.solicit(params.maxOutstandingR2T, params.maxBurstLength, () => this.allocateTtt())) {
      void this.conn.send(R.r2t(task.lunBytes, task.itt, req.ttt, req.r2tSN, req.offset, req.length, this.conn.numbers(false)));
    }
  }

  private allocateTtt(): number {
    const ttt = this.nextTtt;
    this.nextTtt = this.nextTtt >= 0x7fffffff ? 1 : this.nextTtt + 1;
    return ttt;
  }

  private onDataOut(pdu: Pdu): void {
    const bhs = pdu.bhs;
    const itt = ittOf(bhs);
    const task = this.tasks.get(itt);
    if (!task || task.running) {
      if (this.aborted.has(itt)) return;
      return this.conn.protocolError(bhs, RejectReason.ProtocolError, `Data-Out for unknown task 0x${itt.toString(16)}`);
    }
    try {
      task.acceptData(bhs.readUInt32BE(20), bhs.readUInt32BE(36), bhs.readUInt32BE(40), pdu.data, isFinal(bhs));
    } catch (error) {
      return this.conn.protocolError(bhs, RejectReason.ProtocolError, (error as Error).message);
    }
    if (task.complete) this.run(task);
    else this.solicit(task);
  }

  private run(task: Task): void {
    const lu = this.target?.luns.get(task.lun) ?? (task.cdb[0] === 0xa0 ? this.target?.luns.values().next().value : undefined);
    const started: Promise<ScsiResult> = lu
      ? lu.execute(task.cdb, task.data)
      : Promise.resolve({ status: ScsiStatus.CheckCondition, sense: fixedSense(lunNotSupported(task.lun)) });
    task.running = started.then((result) => this.respond(task, result)).finally(() => {
      if (this.tasks.get(task.itt) === task) this.tasks.delete(task.itt);
    });
  }

  private async respond(task: Task, result: ScsiResult): Promise<void> {
    if (task.aborted) return;
    const data = result.data;
    const expected = task.expectedLength;
    if (data && data.length && task.isRead && expected > 0) {
      const total = Math.min(data.length, expected);
      const residual = R.residualOf(expected, data.length);
      const segment = this.own.initiatorMaxRecvDataSegmentLength;
      const good = result.status === ScsiStatus.Good;
      let dataSN = 0;
      for (let offset = 0; offset < total; offset += segment) {
        const length = Math.min(segment, total - offset);
        const last = offset + length >= total;
        const bhs = R.dataIn(task.itt, dataSN++, offset, length, last && good ? { status: result.status, residual } : undefined, this.conn.numbers(last && good));
        const waited = this.conn.send(bhs, data.subarray(offset, offset + length));
        if (waited) await waited;
        if (task.aborted) return;
      }
      if (good) return;
      void this.conn.send(...this.response(task, result, residual, dataSN));
      return;
    }
    void this.conn.send(...this.response(task, result, R.residualOf(expected, this.transferLength(task, data)), task.isRead ? 0 : task.r2tCount));
  }

  /** What the command itself wanted to move, to compare with the initiator's expected length. */
  private transferLength(task: Task, data: Buffer | undefined): number {
    if (task.isRead || data?.length) return data?.length ?? 0;
    const lu = this.target?.luns.get(task.lun);
    return lu?.dataOutLength(task.cdb) ?? 0;
  }

  private response(task: Task, result: ScsiResult, residual: { flags: number; count: number }, expDataSN: number): [Buffer, Buffer | undefined] {
    const { bhs, data } = R.scsiResponse(task.itt, result.status, result.sense, residual, expDataSN, this.conn.numbers(true));
    return [bhs, data];
  }

  private onNop(pdu: Pdu): void {
    const bhs = pdu.bhs;
    const itt = ittOf(bhs);
    if (!isImmediate(bhs) && !this.session.acceptCmdSN(bhs.readUInt32BE(24))) return;
    if (itt === RESERVED_TAG) {
      // An answer to our NOP-In ping (it echoes the ping's tag), or a ping that wants no answer.
      const ttt = bhs.readUInt32BE(20);
      if (ttt !== RESERVED_TAG) this.conn.nopAnswered(ttt);
      return;
    }
    const echo = pdu.data.subarray(0, this.own.initiatorMaxRecvDataSegmentLength);
    void this.conn.send(R.nopIn(Buffer.from(bhs.subarray(8, 16)), itt, echo.length, this.conn.numbers(true)), Buffer.from(echo));
  }

  private async onTaskManagement(pdu: Pdu): Promise<void> {
    const bhs = pdu.bhs;
    if (!this.ordered(bhs)) return;
    const fn = (bhs[1] as number) & 0x7f;
    const lun = lunOf(bhs);
    let response: number = TMF_RESPONSE.Complete;
    const lunExists = (): boolean => this.target?.luns.has(lun) ?? false;
    switch (fn) {
      case TMF.AbortTask: {
        const rtt = bhs.readUInt32BE(20);
        let found = false;
        for (const c of this.session.connections.values()) found = (await c.abortTask(rtt)) || found;
        response = found ? TMF_RESPONSE.Complete : TMF_RESPONSE.NoSuchTask;
        break;
      }
      case TMF.AbortTaskSet:
      case TMF.ClearTaskSet:
        if (!lunExists()) response = TMF_RESPONSE.NoSuchLun;
        else for (const c of this.session.connections.values()) await c.abortTasks(lun);
        break;
      case TMF.LunReset:
        if (!lunExists()) response = TMF_RESPONSE.NoSuchLun;
        else await this.abortEverywhere(lun);
        break;
      case TMF.TargetWarmReset:
        await this.abortEverywhere(undefined);
        break;
      case TMF.TaskReassign:
        response = TMF_RESPONSE.ReassignNotSupported;
        break;
      default:
        response = TMF_RESPONSE.NotSupported; // CLEAR ACA (no NACA support), TARGET COLD RESET
    }
    void this.conn.send(R.taskManagementResponse(ittOf(bhs), response, this.conn.numbers(true)));
  }

  /** Aborts tasks on a LUN (or all) in every session of this target: a reset affects every nexus. */
  private async abortEverywhere(lun: number | undefined): Promise<void> {
    for (const session of [...this.portal.sessions()]) {
      if (session.targetName !== this.session.targetName) continue;
      for (const c of session.connections.values()) await c.abortTasks(lun);
    }
  }

  async abortTask(itt: number): Promise<boolean> {
    const task = this.tasks.get(itt);
    if (!task) return false;
    await this.abort(task);
    return true;
  }

  async abortTasks(lun: number | undefined): Promise<number> {
    const victims = [...this.tasks.values()].filter((t) => lun === undefined || t.lun === lun);
    for (const task of victims) await this.abort(task);
    return victims.length;
  }

  private async abort(task: Task): Promise<void> {
    task.aborted = true;
    this.tasks.delete(task.itt);
    this.aborted.add(task.itt);
    if (this.aborted.size > 1024) this.aborted.delete(this.aborted.values().next().value as number);
    await task.running?.catch(() => undefined);
  }

  /** Forgets every task (the connection is gone): nothing more will be sent for them. */
  dropAll(): void {
    for (const task of this.tasks.values()) task.aborted = true;
    this.tasks.clear();
  }

  private onText(pdu: Pdu): void {
    const bhs = pdu.bhs;
    if (!this.ordered(bhs)) return;
    let keys: TextKeys;
    try {
      keys = parseTextKeys(pdu.data);
    } catch (error) {
      return this.conn.protocolError(bhs, RejectReason.ProtocolError, (error as Error).message);
    }
    const answer: TextKeys = [];
    for (const [key, value] of keys) {
      if (key !== 'SendTargets') {
        answer.push([key, 'NotUnderstood']);
        continue;
      }
      const all = this.portal.targets();
      const listed = value === 'All' && this.session.type === 'Discovery' ? all : all.filter((t) => t.name === (value || this.session.targetName));
      const host = this.localAddress.includes(':') ? `[${this.localAddress.replace(/^::ffff:/, '')}]` : this.localAddress;
      const address = this.localAddress.startsWith('::ffff:') ? this.localAddress.slice(7) : host;
      for (const t of listed) answer.push(['TargetName', t.name], ['TargetAddress', `${address}:${this.localPort},1`]);
    }
    const data = encodeTextKeys(answer);
    void this.conn.send(R.textResponse(ittOf(bhs), data.length, this.conn.numbers(true)), data);
  }

  private async onLogout(pdu: Pdu): Promise<void> {
    const bhs = pdu.bhs;
    if (!this.ordered(bhs)) return;
    const reason = (bhs[1] as number) & 0x7f;
    const cid = bhs.readUInt16BE(20);
    if (reason === 2) {
      void this.conn.send(R.logoutResponse(ittOf(bhs), 2, this.conn.numbers(true))); // recovery not supported
      return;
    }
    const closesThis = reason === 0 || cid === this.conn.cid;
    const other = reason === 1 && !closesThis ? this.session.connections.get(cid) : undefined;
    if (reason === 1 && !closesThis && !other) {
      void this.conn.send(R.logoutResponse(ittOf(bhs), 1, this.conn.numbers(true))); // CID not found
      return;
    }
    if (closesThis) this.loggingOut = true;
    await Promise.allSettled([...this.tasks.values()].map((t) => t.running));
    await this.conn.send(R.logoutResponse(ittOf(bhs), 0, this.conn.numbers(true)));
    if (reason === 0) this.session.closeAll('logout');
    else if (other) other.close('logged out by another connection');
    else this.conn.close('logout');
  }
}
