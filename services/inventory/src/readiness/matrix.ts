import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import { packageRoot } from './package-root';

/** A migration mode: the three columns of the support matrix. */
export type MigrationMode = 'warm-vcd' | 'warm-vcs' | 'cold';
export const migrationModes: MigrationMode[] = ['warm-vcd', 'warm-vcs', 'cold'];

/** A matrix cell. */
export type SupportStatus = 'qualified' | 'not-qualified' | 'not-supported';

/** One row: an OS and boot mode with its status per mode; `match` recognises the OS name. */
export interface MatrixRow {
  os: string;
  bootMode: 'MBR' | 'UEFI';
  match: string;
  'warm-vcd': SupportStatus;
  'warm-vcs': SupportStatus;
  cold: SupportStatus;
}

/** The guest OS support matrix (data/support-matrix.json). */
export interface SupportMatrix {
  rows: MatrixRow[];
}

/** Default location of the matrix file. */
export const defaultMatrixPath = join(packageRoot(), 'data', 'support-matrix.json');

const statuses = new Set<string>(['qualified', 'not-qualified', 'not-supported']);

/** Loads and validates the matrix; a bad row names the file and row. */
export function loadSupportMatrix(path = defaultMatrixPath): SupportMatrix {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { rows?: MatrixRow[] };
  const rows = doc.rows ?? [];
  rows.forEach((r, i) => {
    for (const m of migrationModes) {
      if (!statuses.has(r[m])) throw new ValidationError(`${path} rows[${i}].${m}`, `"${String(r[m])}" is not one of qualified, not-qualified, not-supported`);
    }
    if (r.bootMode !== 'MBR' && r.bootMode !== 'UEFI') throw new ValidationError(`${path} rows[${i}].bootMode`, `"${String(r.bootMode)}" is not MBR or UEFI`);
    new RegExp(r.match, 'i');
  });
  return { rows };
}

/** The matrix row for an OS description and firmware, or undefined when the OS is not listed. */
export function findMatrixRow(matrix: SupportMatrix, osName: string, firmware: 'bios' | 'efi'): MatrixRow | undefined {
  const bootMode = firmware === 'efi' ? 'UEFI' : 'MBR';
  return matrix.rows.find((r) => r.bootMode === bootMode && new RegExp(r.match, 'i').test(osName.trim()));
}
