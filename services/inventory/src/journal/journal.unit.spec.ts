import { commandIdOf, splitForAppend } from './journal';

const event = (type: string, size: number) => ({ type, payload: new Uint8Array(size).fill(size % 251) });

describe('inventory journal', () => {
  it('given the same events at the same version, when ids are derived, then they are equal (a retried append is stored once)', () => {
    const events = [event('VmDiscovered', 100), event('VmDiscovered', 200)];
    expect(commandIdOf('prem', 7, events)).toBe(commandIdOf('prem', 7, events.map((e) => ({ ...e, payload: Uint8Array.from(e.payload) }))));
  });

  it('given another version, site or content, when ids are derived, then they differ', () => {
    const events = [event('VmDiscovered', 100)];
    const id = commandIdOf('prem', 7, events);
    expect(commandIdOf('prem', 8, events)).not.toBe(id);
    expect(commandIdOf('cloud', 7, events)).not.toBe(id);
    expect(commandIdOf('prem', 7, [event('VmChanged', 100)])).not.toBe(id);
  });

  it('given more events than fit one message, when split, then every event is kept in order and no append exceeds the limit', () => {
    const events = Array.from({ length: 50 }, (_, i) => event(`E${i}`, 10_000));
    const parts = splitForAppend(events, 64 * 1024);
    expect(parts.flat()).toEqual(events);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.reduce((n, e) => n + e.payload.length, 0)).toBeLessThanOrEqual(64 * 1024);
  });
});
