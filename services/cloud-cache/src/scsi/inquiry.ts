/** INQUIRY (SPC-4 §6.6): standard data and the VPD pages 0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2. */
import { invalidFieldInCdb } from './sense';
import type { UnitIdentity } from './block-device';

/** Limits reported in the Block Limits VPD page, also enforced by the commands. */
export interface BlockLimits {
  /** Most blocks one COMPARE AND WRITE may cover. */
  maxCompareAndWriteBlocks: number;
  maxTransferBlocks: number;
  optimalTransferBlocks: number;
  maxUnmapBlocks: number;
  maxUnmapDescriptors: number;
  unmapGranularityBlocks: number;
  maxWriteSameBlocks: number;
}

export const SUPPORTED_VPD = [0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2];

function pad(text: string, length: number): Buffer {
  return Buffer.from(text.padEnd(length, ' ').slice(0, length), 'ascii');
}

/** Standard INQUIRY data: a direct-access block device, SPC-4, command queueing. */
export function standardInquiry(): Buffer {
  const data = Buffer.alloc(96);
  data[0] = 0x00; // connected direct-access block device
  data[2] = 0x06; // SPC-4
  data[3] = 0x12; // HISUP, response data format 2
  data[4] = data.length - 5;
  data[7] = 0x02; // CMDQUE
  pad('FERRY', 8).copy(data, 8);
  pad('CLOUD-CACHE', 16).copy(data, 16);
  pad('0001', 4).copy(data, 32);
  // Version descriptors: SAM-5, iSCSI, SPC-4, SBC-3.
  [0x00a0, 0x0960, 0x0460, 0x04c0].forEach((code, i) => data.writeUInt16BE(code, 58 + 2 * i));
  return data;
}

function page(code: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header[1] = code;
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function designator(codeSet: number, piv: boolean, association: number, type: number, value: Buffer): Buffer {
  const header = Buffer.from([piv ? 0x50 | codeSet : codeSet, (piv ? 0x80 : 0) | (association << 4) | type, 0, value.length]);
  return Buffer.concat([header, value]);
}

/** A VPD page by code; an unknown page is INVALID FIELD IN CDB. */
export function vpdPage(code: number, identity: UnitIdentity, limits: BlockLimits): Buffer {
  switch (code) {
    case 0x00:
      return page(0x00, Buffer.from(SUPPORTED_VPD));
    case 0x80:
      return page(0x80, Buffer.from(identity.serial, 'ascii'));
    case 0x83: {
      let name = Buffer.from(`${identity.targetName}\0`, 'utf8');
      if (name.length % 4) name = Buffer.concat([name, Buffer.alloc(4 - (name.length % 4))]);
      return page(
        0x83,
        Buffer.concat([
          designator(0x1, false, 0, 0x3, identity.naa), // NAA, logical unit
          designator(0x2, false, 0, 0x1, Buffer.concat([pad('FERRY', 8), Buffer.from(identity.serial, 'ascii')])), // T10 vendor id
          designator(0x3, true, 2, 0x8, name), // SCSI name string of the target device, iSCSI
        ]),
      );
    }
    case 0xb0: {
      const body = Buffer.alloc(0x3c);
      body[1] = Math.min(255, limits.maxCompareAndWriteBlocks);
      body.writeUInt16BE(1, 2); // optimal transfer length granularity
      body.writeUInt32BE(limits.maxTransferBlocks, 4);
      body.writeUInt32BE(limits.optimalTransferBlocks, 8);
      body.writeUInt32BE(limits.maxUnmapBlocks, 16);
      body.writeUInt32BE(limits.maxUnmapDescriptors, 20);
      body.writeUInt32BE(limits.unmapGranularityBlocks, 24);
      body.writeUInt32BE(0x80000000, 28); // UGAVALID, alignment 0
      body.writeBigUInt64BE(BigInt(limits.maxWriteSameBlocks), 32);
      return page(0xb0, body);
    }
    case 0xb1: {
      const body = Buffer.alloc(0x3c);
      body.writeUInt16BE(1, 0); // non-rotating medium
      return page(0xb1, body);
    }
    case 0xb2: {
      const body = Buffer.alloc(4);
      body[1] = 0xe0 | 0x04; // LBPU, LBPWS, LBPWS10; LBPRZ: unmapped blocks read zero
      body[2] = 0x02; // thin provisioned
      return page(0xb2, body);
    }
    default:
      throw invalidFieldInCdb(2, `VPD page 0x${code.toString(16)} is not supported (supported: ${SUPPORTED_VPD.map((c) => c.toString(16)).join(', ')})`);
  }
}
