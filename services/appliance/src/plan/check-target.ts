// CreatePlan's check of the target placement: the VM folder, resource pool and datacenter a plan names
// must be objects of the cloud vCenter, as its inventory knows them (read just before, on the command).
import { ValidationError } from '@ferry/errors';
import type { KnownPaths, PlanCommand } from './plan-commands';

type CreatePlan = Extract<PlanCommand, { type: 'CreatePlan' }>['data'];

/** The target's fields as the API names them, and what each names on the cloud vCenter. */
const TARGET_FIELDS = [
  { key: 'folder', field: 'target.folder', what: 'VM folder', byName: false },
  { key: 'resourcePool', field: 'target.resource_pool', what: 'resource pool', byName: false },
  // A datacenter is also known by its name alone ("DC0"), as the CLI's --datacenter <name> sends it.
  { key: 'datacenter', field: 'target.datacenter', what: 'datacenter', byName: true },
] as const;

const lastSegment = (path: string): string => path.split('/').at(-1) ?? '';

function listed(paths: readonly string[]): string {
  if (paths.length === 0) return '(none found)';
  const shown = paths.slice(0, 10).map((p) => `"${p}"`).join(', ');
  return paths.length > 10 ? `${shown} and ${paths.length - 10} more` : shown;
}

function placed(asked: string, known: KnownPaths, byName: boolean): boolean {
  if (known.paths.includes(asked.startsWith('/') ? asked : `/${asked}`)) return true;
  if (byName && !asked.includes('/') && known.paths.some((p) => lastSegment(p) === asked)) return true;
  // An object the inventory cannot place (a standalone host's pool: its compute resource is not
  // collected) is checked by name only; the migration's own lookup refuses a wrong path later.
  return known.unresolvedNames.includes(lastSegment(asked));
}

/** Each target field that is set names an object the cloud inventory has (empty: the site's default). */
export function checkTarget(d: Pick<CreatePlan, 'target' | 'inventory'>): void {
  for (const { key, field, what, byName } of TARGET_FIELDS) {
    const asked = d.target[key];
    const known = d.inventory.targetPlacement[key];
    if (!asked || placed(asked, known, byName)) continue;
    throw new ValidationError(field, `"${asked}" is not a ${what} on the cloud vCenter; use one of ${listed(known.paths)}, or leave it empty for the site's default`);
  }
}
