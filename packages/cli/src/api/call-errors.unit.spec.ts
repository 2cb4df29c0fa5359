import { status as GrpcStatus } from '@grpc/grpc-js';
import { EXIT, explainCallError, type CallContext } from './call-errors';

const STORE_DOWN = 'the event store (NATS JetStream at nats://127.0.0.1:4222) is unreachable (disconnected 3.2 s ago); the appliance retries; try again shortly';
const answered: CallContext = { appliance: 'ferry.example:443', answered: true, deadlineMs: 30_000, credential: 'the login of operator:alice (token expiring 2026-12-04T07:00:00.000Z)' };
const noChannel: CallContext = { ...answered, answered: false };

describe('what a failed call to the appliance means for the operator', () => {
  it('UNAVAILABLE from the appliance shows its message (its event store is down), not "cannot reach", and exits 4', () => {
    const e = explainCallError({ code: GrpcStatus.UNAVAILABLE, details: STORE_DOWN }, answered);
    expect(e).toEqual({ exitCode: EXIT.unavailable, status: 'UNAVAILABLE', message: `UNAVAILABLE from the appliance at ferry.example:443: ${STORE_DOWN}` });
    expect(e.message).not.toContain('cannot reach');
    expect(EXIT.unavailable).toBe(4);
  });

  it('an appliance quoting grpc-js wording about its own peer is still the appliance answering', () => {
    const details = 'the inventory service at 127.0.0.1:8009 did not answer ListVms (No connection established. Last error: connect ECONNREFUSED 127.0.0.1:8009); check that it runs and INVENTORY_API_URL';
    expect(explainCallError({ code: GrpcStatus.UNAVAILABLE, details }, answered)).toMatchObject({ exitCode: EXIT.unavailable, message: expect.stringContaining(details) });
  });

  it('no connection at all is "cannot reach the appliance at <addr>; check --appliance" with exit 3', () => {
    const details = 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1';
    const e = explainCallError({ code: GrpcStatus.UNAVAILABLE, details }, { ...noChannel, appliance: '127.0.0.1:1' });
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(`cannot reach the appliance at 127.0.0.1:1 (${details}); check --appliance or FERRY_APPLIANCE and that the appliance runs`);
  });

  it('DEADLINE_EXCEEDED on a live channel says the appliance did not answer within the deadline, and why that may be (exit 4)', () => {
    const e = explainCallError({ code: GrpcStatus.DEADLINE_EXCEEDED, details: 'Deadline exceeded after 30.001s' }, answered);
    expect(e.exitCode).toBe(EXIT.unavailable);
    expect(e.message).toBe(
      'DEADLINE_EXCEEDED: the appliance at ferry.example:443 did not answer within 30 s; it may be overloaded or its event store unreachable (see its log and /metrics), try again shortly',
    );
  });

  it('DEADLINE_EXCEEDED before any connection (a black-holed address) is unreachable (exit 3)', () => {
    const e = explainCallError({ code: GrpcStatus.DEADLINE_EXCEEDED, details: 'Deadline exceeded after 30.001s,LB pick: 30.000s' }, noChannel);
    expect(e.exitCode).toBe(EXIT.unreachable);
    expect(e.message).toMatch(/^cannot reach the appliance at ferry\.example:443 within 30 s .*check --appliance/);
  });

  it.each([
    ['INVALID_ARGUMENT', GrpcStatus.INVALID_ARGUMENT, 'concurrency: 0 is not a count; use 1 or more'],
    ['FAILED_PRECONDITION', GrpcStatus.FAILED_PRECONDITION, 'cannot retry migration mig-1: it is copying-disks, not failed'],
    ['NOT_FOUND', GrpcStatus.NOT_FOUND, 'no migration nope; a plan\'s migrations exist once StartPlan planned them (see GetPlan)'],
  ])('a refusal (%s) shows the appliance\'s message as it is and exits 1', (status, code, details) => {
    expect(explainCallError({ code, details }, answered)).toEqual({ exitCode: 1, status, message: `${status}: ${details}` });
  });

  it('PERMISSION_DENIED and UNAUTHENTICATED name the credential sent, say to log in, and exit 5', () => {
    const denied = explainCallError({ code: GrpcStatus.PERMISSION_DENIED, details: 'cancel needs the operator role' }, answered);
    const unknown = explainCallError({ code: GrpcStatus.UNAUTHENTICATED, details: 'no token' }, answered);
    expect([denied.exitCode, unknown.exitCode]).toEqual([EXIT.denied, EXIT.denied]);
    expect(denied.message).toContain('operator:alice');
    expect(denied.message).toContain('cancel needs the operator role');
    expect(unknown.message).toContain('`ferry login --appliance ferry.example:443 --user <name>`');
    expect(denied.message).toContain('`ferry login --user <name>`');
  });

  it('a conflict or a full appliance is worth trying again (exit 4); an internal failure points at the appliance log (exit 1)', () => {
    expect(explainCallError({ code: GrpcStatus.ABORTED, details: 'ferry.evt.migration.m has moved past version 3' }, answered).exitCode).toBe(EXIT.unavailable);
    expect(explainCallError({ code: GrpcStatus.RESOURCE_EXHAUSTED, details: 'too many watches' }, answered).exitCode).toBe(EXIT.unavailable);
    const internal = explainCallError({ code: GrpcStatus.INTERNAL, details: 'boom' }, answered);
    expect(internal).toEqual({ exitCode: EXIT.refused, status: 'INTERNAL', message: "INTERNAL: the appliance failed the call: boom; see the appliance's log" });
  });

  it('every gRPC status has a row and an exit code of its class', () => {
    const codes = Object.values(GrpcStatus).filter((v): v is number => typeof v === 'number' && v !== GrpcStatus.OK);
    const classes = new Set<number>(Object.values(EXIT));
    for (const code of codes) {
      for (const context of [answered, noChannel]) {
        const e = explainCallError({ code, details: 'x' }, context);
        expect(classes.has(e.exitCode) && e.exitCode !== EXIT.ok && e.exitCode !== EXIT.usage).toBe(true);
        expect(e.status).toBe(GrpcStatus[code]);
      }
    }
  });
});
