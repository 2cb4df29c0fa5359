import { transmitBytes } from './netns';

// A namespace's /proc/<pid>/net/dev as the kernel writes it: two header lines, then one line per device.
const LISTING = [
  'Inter-|   Receive                                                |  Transmit',
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  '    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0',
  'toprem: 1203340   15822    0    0    0     0          0         0 274752064  189113    0    0    0     0       0          0',
  'tocloud:9007199254740 6022    0    0    0     0          0         0 9876543210123   5411    0    0    0     0       0          0',
].join('\n');

describe('transmitBytes', () => {
  it("reads each device's transmit bytes, the ninth field after its name, also where a long count touches the colon", () => {
    expect(transmitBytes(LISTING)).toEqual(new Map([['lo', 0], ['toprem', 274752064], ['tocloud', 9876543210123]]));
  });

  it('skips the headers and lines that are not a whole device line', () => {
    expect(transmitBytes('Inter-|\n face |\nbroken: 1 2 3\n\n')).toEqual(new Map());
    expect(transmitBytes('')).toEqual(new Map());
  });
});
