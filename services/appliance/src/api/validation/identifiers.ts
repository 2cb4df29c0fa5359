// Rules for the ids and names a request points at something with: plan and migration ids, VM morefs,
// vCenter roles, request ids and plan names.
import { z } from 'zod';
import { plainText, shown } from './text';

/** Longer than any id the appliance hands out (plan-<32 hex>, mig-<32 hex>-<n>). */
const MAX_ID = 200;
const ID = /^[A-Za-z0-9_-]+$/;

function idOf(what: string, fix: string) {
  return z.string().nullish().superRefine((given, ctx) => {
    const value = given ?? '';
    if (value.length > MAX_ID || !ID.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value)} is not a ${what}; ${fix}` });
  });
}

export const planId = idOf('plan id', 'use the id CreatePlan returned');
export const migrationId = idOf('migration id', "use an id from GetPlan's migration_ids");

/** vCenter morefs ("vm-42") are short; the inventory tells whether one exists. */
export const moref = plainText(100, 'use a moref from ListVms, e.g. "vm-42"');

/** "prem" (also when empty) or "cloud", as siteOf reads it. */
export const vcenterRole = z.string().nullish().superRefine((given, ctx) => {
  const value = given ?? '';
  if (!['', 'prem', 'cloud'].includes(value.trim().toLowerCase())) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value)} is not a vCenter role; use "prem" (the source) or "cloud" (the target)` });
  }
});

/** The caller's idempotency key: it becomes the plan id's hash input and is logged, so it stays short and plain. */
export const MAX_REQUEST_ID = 128;
export const requestId = plainText(MAX_REQUEST_ID, 'use a short key such as a UUID, or leave it empty');

/** Plan names are labels operators read in lists, logs and the audit trail. */
export const MAX_PLAN_NAME = 200;
export const planName = plainText(MAX_PLAN_NAME, 'use a short label such as "wave 1"').superRefine((value, ctx) => {
  const slash = /[/\\]/.exec(value ?? '')?.[0];
  if (slash) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value ?? '')} contains "${slash}"; a plan name is a label, not a path: use e.g. "wave 1" or "finance db"` });
  }
});

/** Migration modes a request may name: 0 (unset: cold), 1 cold, 2 warm, 3 pre-copy. */
export const migrationMode = z.number().nullish().superRefine((value, ctx) => {
  if (value !== null && value !== undefined && ![0, 1, 2, 3].includes(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${value} is not a migration mode; use MIGRATION_MODE_COLD (1), MIGRATION_MODE_WARM (2) or MIGRATION_MODE_PRECOPY (3)` });
  }
});
