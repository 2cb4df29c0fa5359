import { bytes, duration, progressLine } from './progress-line';

const GiB = 2 ** 30;

describe('ferry watch progress line', () => {
  it('shows the bar, percentage, bytes, rate and ETA of a disk in flight', () => {
    const line = progressLine({ diskKey: '2000', capacityBytes: 8 * GiB, bytesCopied: 2 * GiB, rateBytesPerSecond: 100 * 2 ** 20, etaSeconds: 62 }, 8);
    expect(line).toBe('disk 2000 [##------]  25%  2.0 GiB/8.0 GiB  100.0 MiB/s  ETA 1m02s');
  });
  it('says done for a finished disk and ? for an unknown ETA', () => {
    expect(progressLine({ diskKey: 'a', capacityBytes: 10, bytesCopied: 10, rateBytesPerSecond: 0, etaSeconds: 0 }, 4)).toBe('disk a [####] 100%  10 B/10 B  -  done');
    expect(progressLine({ diskKey: 'b', capacityBytes: 10, bytesCopied: 0, rateBytesPerSecond: 0, etaSeconds: -1 }, 4)).toBe('disk b [----]   0%  0 B/10 B  -  ETA ?');
  });
  it('says why a copy waits (e.g. no space on its cloud datastore) after its figures', () => {
    const line = progressLine({ diskKey: '2000', capacityBytes: 128 * 2 ** 20, bytesCopied: 60 * 2 ** 20, rateBytesPerSecond: 0, etaSeconds: -1, waitingReason: 'no space on cloud datastore ds1 for disk 2000: about 33 MiB more needed' }, 4);
    expect(line).toBe('disk 2000 [##--]  46%  60.0 MiB/128.0 MiB  -  ETA ?  WAITING: no space on cloud datastore ds1 for disk 2000: about 33 MiB more needed');
    expect(progressLine({ diskKey: 'a', capacityBytes: 10, bytesCopied: 5, rateBytesPerSecond: 0, etaSeconds: -1, waitingReason: '' }, 2)).toBe('disk a [#-]  50%  5 B/10 B  -  ETA ?');
  });
  it("shows a completed copy's zero and unchanged bytes, and what it read at the source and sent on the wire", () => {
    const completed = { zeroBytes: 24 * 2 ** 20, unchangedBytes: 0, sourceBytes: 40 * 2 ** 20, wireBytes: 21 * 2 ** 20 };
    expect(progressLine({ diskKey: 'a', capacityBytes: 64 * 2 ** 20, bytesCopied: 64 * 2 ** 20, rateBytesPerSecond: 0, etaSeconds: 0, completed }, 2)).toBe(
      'disk a [##] 100%  64.0 MiB/64.0 MiB  -  done  (zeros 24.0 MiB, unchanged 0 B; read 40.0 MiB at the source, 21.0 MiB on the wire)',
    );
  });
  it('formats sizes and durations', () => {
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(duration(3 * 3600 + 120)).toBe('3h02m');
    expect(duration(9)).toBe('9s');
  });
});
