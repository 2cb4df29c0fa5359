import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the RFC 3720 B.4 test vectors', () => {
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('gives the same result over split buffers as over one', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff));
    expect(crc32c([data.subarray(0, 333), data.subarray(333)])).toBe(crc32c(data));
    expect(crc32c(data.subarray(500), crc32c(data.subarray(0, 500)))).toBe(crc32c(data));
  });
});
