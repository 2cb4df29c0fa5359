/**
 * CRC32C (Castagnoli), the iSCSI header and data digest (RFC 7143 §13.1, RFC 3720 appendix B.4).
 * Slice-by-8 tables: Node's crypto has no CRC32C and digests sit on the data path.
 */
const POLY = 0x82f63b78;
const TABLES: Uint32Array[] = [];
for (let t = 0; t < 8; t++) TABLES.push(new Uint32Array(256));
const T0 = TABLES[0] as Uint32Array;
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T0[i] = c >>> 0;
}
for (let i = 0; i < 256; i++) {
  let c = T0[i] as number;
  for (let t = 1; t < 8; t++) {
    c = (T0[c & 0xff] as number) ^ (c >>> 8);
    (TABLES[t] as Uint32Array)[i] = c >>> 0;
  }
}
const [, T1, T2, T3, T4, T5, T6, T7] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** CRC32C of the given buffers as one stream, continuing from `seed` (an earlier result). */
export function crc32c(buffers: Buffer | readonly Buffer[], seed = 0): number {
  let crc = ~seed >>> 0;
  for (const buf of Array.isArray(buffers) ? buffers : [buffers as Buffer]) {
    let i = 0;
    const end8 = buf.length - (buf.length % 8);
    while (i < end8) {
      const a = crc ^ ((buf[i] as number) | ((buf[i + 1] as number) << 8) | ((buf[i + 2] as number) << 16) | ((buf[i + 3] as number) << 24));
      crc =
        (T7[a & 0xff] as number) ^ (T6[(a >>> 8) & 0xff] as number) ^ (T5[(a >>> 16) & 0xff] as number) ^ (T4[a >>> 24] as number) ^
        (T3[buf[i + 4] as number] as number) ^ (T2[buf[i + 5] as number] as number) ^ (T1[buf[i + 6] as number] as number) ^ (T0[buf[i + 7] as number] as number);
      i += 8;
    }
    for (; i < buf.length; i++) crc = (T0[(crc ^ (buf[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
