import { ResourceExhaustedError, UnavailableError, ValidationError } from '@ferry/errors';
import { VcenterUnreachableError } from '@ferry/vsphere';
import { sourceVm, targetVm } from '../../test/fixtures/migration';
import type { MigrationCommand } from '../migration';
import type { Effect } from './effects';
import { runEffect, StepInterrupted, type RunnerContext } from './effect-runner';
import type { MigrationPorts } from './ports';

/** Ports whose power-on fails with the given errors, one per call, then succeeds. */
function portsFailingPowerOn(failures: Error[]): { ports: MigrationPorts; calls: () => number } {
  let calls = 0;
  const unused = (): never => {
    throw new Error('not used by this effect');
  };
  const ports: MigrationPorts = {
    source: { inspect: unused, powerOff: unused, powerOn: unused },
    diskCopy: { copy: unused, setRate: unused, forgetRate: unused },
    fixup: { run: unused },
    target: {
      findByMigration: unused, create: unused, removeByMigration: unused,
      powerOn: () => {
        const failure = failures[calls++];
        return failure ? Promise.reject(failure) : Promise.resolve();
      },
    },
  };
  return { ports, calls: () => calls };
}

const powerOnTarget: Effect = { kind: 'PowerOnTarget', migrationId: 'mig-1', targetVm };

function context(retries: number, signal?: AbortSignal): { ctx: RunnerContext; sent: MigrationCommand[]; log: string[] } {
  const sent: MigrationCommand[] = [];
  const log: string[] = [];
  const ctx: RunnerContext = {
    now: () => 1000,
    commandId: (outcome) => `mig-1/${outcome}/a1`,
    send: (command) => {
      sent.push(command);
      return Promise.resolve();
    },
    retry: { retries, backoffMs: 1, log: (m) => log.push(m), signal },
  };
  return { ctx, sent, log };
}

describe('effect runner: transient step failures are run again in place before they are recorded', () => {
  it('a step that fails twice transiently and then passes records only its outcome', async () => {
    const { ports, calls } = portsFailingPowerOn([new UnavailableError('vCenter busy'), new Error('socket hang up')]);
    const { ctx, sent, log } = context(3);
    await runEffect(powerOnTarget, ports, ctx);
    expect(calls()).toBe(3);
    expect(sent.map((c) => c.type)).toEqual(['RecordTargetPoweredOn']);
    expect(log).toEqual([expect.stringContaining('run 1 of 4'), expect.stringContaining('run 2 of 4')]);
  });

  it('a step still failing after its re-runs is recorded as failed at its step, retryable, with the last reason', async () => {
    const { ports, calls } = portsFailingPowerOn([1, 2, 3].map((n) => new UnavailableError(`vCenter busy ${n}`)));
    const { ctx, sent } = context(2);
    await runEffect(powerOnTarget, ports, ctx);
    expect(calls()).toBe(3);
    expect(sent).toEqual([{ type: 'Fail', data: expect.objectContaining({ reason: 'vCenter busy 3', retryable: true }) }]);
  });

  it('wrong input is not run again: it is recorded at once as not retryable', async () => {
    const { ports, calls } = portsFailingPowerOn([new ValidationError('target_vm', 'names no VM; fix the plan')]);
    const { ctx, sent } = context(3);
    await runEffect(powerOnTarget, ports, ctx);
    expect(calls()).toBe(1);
    expect(sent).toEqual([{ type: 'Fail', data: expect.objectContaining({ retryable: false }) }]);
  });

  it('a runner that stops during the pause drops the step unrecorded, so the next start resumes it', async () => {
    const stopping = new AbortController();
    const { ports, calls } = portsFailingPowerOn([new UnavailableError('vCenter busy')]);
    const { ctx, sent } = context(3, stopping.signal);
    const running = runEffect(powerOnTarget, ports, { ...ctx, retry: { ...ctx.retry!, backoffMs: 60_000 } });
    stopping.abort();
    await expect(running).rejects.toBeInstanceOf(StepInterrupted);
    expect(calls()).toBe(1);
    expect(sent).toEqual([]);
  });

  it('a resource that ran out (a full datastore, after the step waited for room) is recorded at once, retryable', async () => {
    const { ports, calls } = portsFailingPowerOn([new ResourceExhaustedError('no space on cloud datastore cloud-ds: free 33 MiB, then ferry retry mig-1')]);
    const { ctx, sent } = context(3);
    await runEffect(powerOnTarget, ports, ctx);
    expect(calls()).toBe(1);
    expect(sent).toEqual([{ type: 'Fail', data: expect.objectContaining({ reason: 'no space on cloud datastore cloud-ds: free 33 MiB, then ferry retry mig-1', retryable: true }) }]);
  });

  it('a step cut short by the runner stopping (shutdown) is not recorded as failed: the next start runs it again', async () => {
    const stopping = new AbortController();
    stopping.abort();
    const { ports } = portsFailingPowerOn([new ValidationError('target_vm', 'would be recorded, not retryable')]);
    const { ctx, sent } = context(0);
    await expect(runEffect(powerOnTarget, ports, { ...ctx, stopping: stopping.signal })).rejects.toBeInstanceOf(StepInterrupted);
    expect(sent).toEqual([]);
  });

  it('compensation has no step to record a failure at: its error reaches the runner', async () => {
    const { ports } = portsFailingPowerOn([]);
    const { ctx } = context(0);
    await expect(runEffect({ kind: 'Compensate', migrationId: 'mig-1', powerOnSource: sourceVm, removeTarget: false }, ports, ctx)).rejects.toThrow('not used by this effect');
  });
});

describe('effect runner: a vCenter that is away (restarting) is waited for', () => {
  const away = (): VcenterUnreachableError => new VcenterUnreachableError('https://vc.example:443/sdk', 'ECONNREFUSED');

  it('runs the step again past its re-runs while the vCenter is unreachable within the outage budget, and records only the outcome', async () => {
    const { ports, calls } = portsFailingPowerOn([away(), away(), away(), away(), away()]);
    let now = 1000;
    const { ctx, sent, log } = context(1);
    const clocked: RunnerContext = { ...ctx, now: () => (now += 10_000), retry: { ...ctx.retry!, vcenterOutageMs: 120_000 } };
    await runEffect(powerOnTarget, ports, clocked);
    expect(calls()).toBe(6);
    expect(sent.map((c) => c.type)).toEqual(['RecordTargetPoweredOn']);
    expect(log[0]).toMatch(/its vCenter has been away for 0 s \(waited for up to 120 s\), running it again in 1 ms/);
    expect(log).toHaveLength(5);
  });

  it('fails the step, retryable, naming the vCenter, once the vCenter stayed away longer than the budget', async () => {
    const { ports, calls } = portsFailingPowerOn(Array.from({ length: 20 }, away));
    let now = 1000;
    const { ctx, sent } = context(1);
    const clocked: RunnerContext = { ...ctx, now: () => (now += 10_000), retry: { ...ctx.retry!, vcenterOutageMs: 30_000 } };
    await runEffect(powerOnTarget, ports, clocked);
    expect(calls()).toBeLessThan(6);
    expect(sent).toMatchObject([{ type: 'Fail', data: { retryable: true, reason: expect.stringMatching(/vCenter https:\/\/vc.example:443\/sdk is unreachable/) } }]);
  });

  it('without an outage budget an unreachable vCenter counts as any transient failure', async () => {
    const { ports, calls } = portsFailingPowerOn([away(), away(), away()]);
    const { ctx, sent } = context(1);
    await runEffect(powerOnTarget, ports, ctx);
    expect(calls()).toBe(2);
    expect(sent.map((c) => c.type)).toEqual(['Fail']);
  });
});

describe('effect runner: a Ferry service that takes no command (restarting, reconnecting) is waited for', () => {
  const nobody = (): UnavailableError => new UnavailableError('guest-prep is not running: nothing took the fixup', { cause: new UnavailableError('no reply on ferry.cmd.guest-prep.fixup-disks', { cause: Object.assign(new Error('503'), { code: '503' }) }) });

  it('runs the step again while NATS answers that no service subscribes, within the service outage budget', async () => {
    const { ports, calls } = portsFailingPowerOn([nobody(), nobody(), nobody()]);
    let now = 1000;
    const { ctx, sent, log } = context(0);
    const clocked: RunnerContext = { ...ctx, now: () => (now += 5_000), retry: { ...ctx.retry!, serviceOutageMs: 60_000 } };
    await runEffect(powerOnTarget, ports, clocked);
    expect(calls()).toBe(4);
    expect(sent.map((c) => c.type)).toEqual(['RecordTargetPoweredOn']);
    expect(log[0]).toMatch(/the service that takes its command has been away for 0 s \(waited for up to 60 s\)/);
  });

  it('without a service outage budget it fails as any transient failure after its re-runs', async () => {
    const { ports } = portsFailingPowerOn([nobody(), nobody()]);
    const { ctx, sent } = context(0);
    await runEffect(powerOnTarget, ports, ctx);
    expect(sent.map((c) => c.type)).toEqual(['Fail']);
  });
});
