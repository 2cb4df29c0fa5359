/** MODE SENSE(6) and (10) (SPC-4 §6.11, §6.12): caching and control pages, read-only. */
import { invalidFieldInCdb, savingNotSupported } from './sense';

interface ModeContext {
  blockCount: number;
  blockSize: number;
  readOnly: boolean;
}

function cachingPage(changeable: boolean): Buffer {
  const p = Buffer.alloc(20);
  p[0] = 0x08;
  p[1] = 18;
  if (!changeable) p[2] = 0x04; // WCE: writes are cached until SYNCHRONIZE CACHE or FUA
  return p;
}

function controlPage(changeable: boolean, readOnly: boolean): Buffer {
  const p = Buffer.alloc(12);
  p[0] = 0x0a;
  p[1] = 10;
  if (!changeable) {
    p[3] = 0x10; // queue algorithm modifier 1: unrestricted reordering allowed
    if (readOnly) p[4] = 0x08; // SWP
    p.writeUInt16BE(0xffff, 10); // busy timeout period: unlimited
  }
  return p;
}

function informationalExceptionsPage(): Buffer {
  const p = Buffer.alloc(12);
  p[0] = 0x1c;
  p[1] = 10;
  return p;
}

function pagesFor(code: number, subpage: number, changeable: boolean, readOnly: boolean): Buffer {
  if (subpage !== 0 && subpage !== 0xff) throw invalidFieldInCdb(3, `mode subpage 0x${subpage.toString(16)} is not supported`);
  switch (code) {
    case 0x08:
      return cachingPage(changeable);
    case 0x0a:
      return controlPage(changeable, readOnly);
    case 0x1c:
      return informationalExceptionsPage();
    case 0x3f:
      return Buffer.concat([cachingPage(changeable), controlPage(changeable, readOnly), informationalExceptionsPage()]);
    default:
      throw invalidFieldInCdb(2, `mode page 0x${code.toString(16)} is not supported`);
  }
}

/** The full MODE SENSE parameter data (before truncation to the allocation length). */
export function modeSense(cdb: Buffer, ctx: ModeContext): Buffer {
  const ten = cdb[0] === 0x5a;
  const dbd = ((cdb[1] as number) & 0x08) !== 0;
  const pc = (cdb[2] as number) >> 6;
  if (pc === 3) throw savingNotSupported();
  const pages = pagesFor((cdb[2] as number) & 0x3f, cdb[3] as number, pc === 1, ctx.readOnly);
  const descriptor = Buffer.alloc(dbd ? 0 : 8);
  if (!dbd) {
    descriptor.writeUInt32BE(Math.min(ctx.blockCount, 0xffffffff), 0);
    descriptor.writeUIntBE(ctx.blockSize, 5, 3);
    if (!ten) {
      descriptor[0] = 0; // the 6-byte form has a 3-byte block count
      descriptor.writeUIntBE(Math.min(ctx.blockCount, 0xffffff), 1, 3);
    }
  }
  const deviceSpecific = (ctx.readOnly ? 0x80 : 0) | 0x10; // WP, DPOFUA
  let header: Buffer;
  if (ten) {
    header = Buffer.alloc(8);
    header.writeUInt16BE(6 + descriptor.length + pages.length, 0);
    header[3] = deviceSpecific;
    header.writeUInt16BE(descriptor.length, 6);
  } else {
    header = Buffer.alloc(4);
    header[0] = 3 + descriptor.length + pages.length;
    header[2] = deviceSpecific;
    header[3] = descriptor.length;
  }
  return Buffer.concat([header, descriptor, pages]);
}
