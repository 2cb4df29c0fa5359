// Rules for where a plan puts its VMs on the cloud vCenter: inventory paths such as "/DC0/vm". Whether
// the path exists is asked of the cloud inventory when the plan is created (see create-plan.ts); here
// only what no vCenter path looks like is refused.
import { z } from 'zod';
import { plainText, shown } from './text';

/** Far longer than vCenter's own limits (80 characters a name, a handful of levels). */
export const MAX_INVENTORY_PATH = 1024;

/** An inventory path like `example`, without "." or ".." segments: vCenter paths are absolute and never climb. */
export function inventoryPath(example: string) {
  const hint = `use the object's inventory path on the cloud vCenter, e.g. ${example}, or leave it empty for the site's default`;
  return plainText(MAX_INVENTORY_PATH, hint).superRefine((value, ctx) => {
    const relative = (value ?? '').split(/[/\\]/).find((segment) => segment === '..' || segment === '.');
    if (relative !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value ?? '')} has a "${relative}" segment; ${hint}` });
  });
}
