/**
 * The checks a create-volume command passes before anything is made: each refusal is a
 * ValidationError naming the field, the value and the fix. Pure: the registry runs it before it
 * asks JetStream about the migration or touches the disk. A CHAP secret is never echoed, only its length.
 */
import { ValidationError } from '@ferry/errors';
import type { ChapCredentials } from '../iscsi/login';
import { parseInitiators } from '../targets-config';
import { iscsiNameProblem } from './iscsi-name';
import { checkProfileKey } from '../boot-profile/profile-store';
import type { CreateVolumeInput, LunDefinition } from './volume-definition';

const KiB = 1024;
const MiB = 1024 * KiB;
const TiB = 1024 * 1024 * MiB;

/** Bounds of a LUN (exported for the tests and the error texts). */
export const LIMITS = {
  maxVirtualSize: 64 * TiB,
  sectorSize: 512,
  minChunkSize: 4 * KiB,
  maxChunkSize: 64 * MiB,
  /** Three bitmaps of this many bits are held in memory per LUN (8 MiB each at the limit). */
  maxChunks: 1 << 26,
  /** Flat space addressing (SAM-5), the largest LUN an initiator can address here. */
  maxLun: 16383,
  maxLuns: 256,
  /** RFC 7143 §12.1.3 asks for at least 96-bit secrets; common initiators (Windows, ESXi) take at most 16 characters. */
  minSecret: 12,
  maxSecret: 16,
} as const;

/** Migration ids become one NATS subject token (ferry.evt.migration.<id>), like every aggregate id. */
const MIGRATION_ID = /^[A-Za-z0-9_-]{1,128}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The command's LUNs, CHAP credentials and initiator allow list, checked. */
export function validateCreate(input: CreateVolumeInput): { luns: LunDefinition[]; chap: ChapCredentials; initiators: string[] } {
  const nameProblem = iscsiNameProblem(input.iqn);
  if (nameProblem) throw new ValidationError('iqn', `"${input.iqn}" ${nameProblem}; e.g. iqn.2026-12.io.ferry:vm-42`);
  if (input.requestId.length > 128) {
    throw new ValidationError('request_id', `is ${input.requestId.length} characters; use at most 128 (a UUID fits)`);
  }
  return { luns: validateLuns(input.luns), chap: validateChap(input.chap), initiators: parseInitiators('initiators', input.initiators ?? []) };
}

function validateLuns(luns: CreateVolumeInput['luns']): LunDefinition[] {
  if (luns.length === 0) {
    throw new ValidationError('luns', 'is empty; give at least one LUN: {lun, virtual_size, chunk_size, migration_id, disk_id}');
  }
  if (luns.length > LIMITS.maxLuns) throw new ValidationError('luns', `has ${luns.length} LUNs; a volume has at most ${LIMITS.maxLuns}`);
  const seen = new Set<number>();
  return luns.map((l, i) => {
    if (seen.has(l.lun)) throw new ValidationError(`luns[${i}].lun`, `LUN ${l.lun} is given twice; give each LUN a different number`);
    seen.add(l.lun);
    for (const rule of LUN_RULES) {
      const problem = rule.problem(l);
      if (problem !== undefined) throw new ValidationError(`luns[${i}].${rule.field}`, problem);
    }
    const profile = l.bootProfileKey ? { bootProfileKey: checkProfileKey(l.bootProfileKey, `luns[${i}].boot_profile_key`) } : {};
    return { lun: l.lun, virtualSize: l.virtualSize, chunkSize: l.chunkSize, migrationId: l.migrationId, diskId: l.diskId, ...profile };
  });
}

/** One check of a LUN: the field it names and what is wrong with it, if anything. Checked in order. */
interface LunRule {
  field: 'lun' | 'virtual_size' | 'chunk_size' | 'migration_id' | 'disk_id';
  problem(l: LunDefinition): string | undefined;
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

const LUN_RULES: LunRule[] = [
  {
    field: 'lun',
    problem: (l) => (Number.isInteger(l.lun) && l.lun >= 0 && l.lun <= LIMITS.maxLun ? undefined : `${l.lun} is out of range; use 0..${LIMITS.maxLun}`),
  },
  {
    field: 'virtual_size',
    problem: (l) => (Number.isSafeInteger(l.virtualSize) && l.virtualSize > 0 ? undefined : `${l.virtualSize} is not a positive size in bytes; give the prem disk's size`),
  },
  {
    field: 'virtual_size',
    problem: (l) =>
      l.virtualSize <= LIMITS.maxVirtualSize
        ? undefined
        : `${l.virtualSize} bytes is over 64 TiB (${LIMITS.maxVirtualSize}), more than any VMware disk; check the unit (bytes)`,
  },
  {
    field: 'virtual_size',
    problem: (l) =>
      l.virtualSize % LIMITS.sectorSize === 0 ? undefined : `${l.virtualSize} is not a multiple of 512 (the LUN's block size); give the size in bytes`,
  },
  {
    field: 'chunk_size',
    problem: (l) =>
      isPowerOfTwo(l.chunkSize) && l.chunkSize >= LIMITS.minChunkSize && l.chunkSize <= LIMITS.maxChunkSize
        ? undefined
        : `${l.chunkSize} is not a power of two from 4096 (4 KiB) to 67108864 (64 MiB); use e.g. 1048576`,
  },
  {
    field: 'chunk_size',
    problem: (l) => {
      const chunks = Math.ceil(l.virtualSize / l.chunkSize);
      if (chunks <= LIMITS.maxChunks) return undefined;
      const enough = nextPowerOfTwo(Math.ceil(l.virtualSize / LIMITS.maxChunks));
      return `${l.chunkSize} cuts ${l.virtualSize} bytes into ${chunks} chunks, over the ${LIMITS.maxChunks} a LUN may have; use at least ${enough}`;
    },
  },
  {
    field: 'migration_id',
    problem: (l) =>
      MIGRATION_ID.test(l.migrationId) ? undefined : `"${l.migrationId}" is not a migration id; use the appliance's id (1-128 letters, digits, '-' or '_')`,
  },
  {
    field: 'disk_id',
    problem: (l) =>
      l.diskId !== '' && l.diskId.length <= 256 && !CONTROL.test(l.diskId)
        ? undefined
        : `${JSON.stringify(l.diskId)} is not a disk id; give the migration's disk id (1-256 characters, no control characters)`,
  },
];

function validateChap(chap: CreateVolumeInput['chap']): ChapCredentials {
  if (chap === undefined) throw new ValidationError('chap', 'is missing; a volume made by command is served with CHAP only, so give {user, secret}');
  checkUser('chap.user', chap.user);
  checkSecret('chap.secret', chap.secret);
  if (chap.mutualUser === '' && chap.mutualSecret === '') return { user: chap.user, secret: chap.secret };
  const both = 'give both for mutual CHAP, or neither';
  if (chap.mutualUser === '') throw new ValidationError('chap.mutual_user', `is empty while chap.mutual_secret is set; ${both}`);
  if (chap.mutualSecret === '') throw new ValidationError('chap.mutual_secret', `is empty while chap.mutual_user is set; ${both}`);
  checkUser('chap.mutual_user', chap.mutualUser);
  checkSecret('chap.mutual_secret', chap.mutualSecret);
  if (chap.mutualSecret === chap.secret) {
    throw new ValidationError('chap.mutual_secret', 'is the same as chap.secret; RFC 7143 §12.1.3 forbids one secret for both directions, so choose another');
  }
  return { user: chap.user, secret: chap.secret, mutual: { user: chap.mutualUser, secret: chap.mutualSecret } };
}

function checkUser(field: string, user: string): void {
  if (user === '' || user.length > 255 || CONTROL.test(user)) {
    throw new ValidationError(field, `${JSON.stringify(user)} is not a CHAP name; give 1-255 characters without control characters`);
  }
}

/** Never puts the secret in the message: only its length. */
function checkSecret(field: string, secret: string): void {
  const { minSecret, maxSecret } = LIMITS;
  if (secret.length < minSecret || secret.length > maxSecret) {
    throw new ValidationError(
      field,
      `is ${secret.length} characters; a CHAP secret must be ${minSecret} to ${maxSecret} characters ` +
        '(RFC 7143 §12.1.3 asks for at least 96 bits; Windows and ESXi initiators accept at most 16)',
    );
  }
  if (!PRINTABLE_ASCII.test(secret)) {
    throw new ValidationError(field, 'has characters outside printable ASCII; initiators differ in how they encode others, so use printable ASCII only');
  }
}

function nextPowerOfTwo(n: number): number {
  let p = LIMITS.minChunkSize;
  while (p < n) p *= 2;
  return p;
}
