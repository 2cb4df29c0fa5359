// Where a principal's role applies: the whole site, one plan (its migrations and its VMs), or the prem
// VMs under one VM folder (and the plans and migrations of those VMs only). The gate asks `admits`
// before a handler runs and to filter what list calls return; what a plan, a migration or a VM is made
// of comes from the API through ScopeFacts, so this file stays free of I/O of its own.
import { ValidationError } from '@ferry/errors';

export type Scope = { readonly kind: 'site' } | { readonly kind: 'plan'; readonly planId: string } | { readonly kind: 'folder'; readonly path: string };

export const SITE_SCOPE: Scope = { kind: 'site' };

const PLAN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const FOLDER_PATH = /^(\/[^/\u0000-\u001f]+)+$/;
const FORMS = '"plan:<plan id>" (e.g. plan:plan-4f…) or "folder:<VM folder path>" (e.g. folder:/DC0/vm/team-a), or nothing for the whole site';

/** `value` ("", "plan:<id>", "folder:/dc/vm/team") as a scope, or a ValidationError naming `field`. */
export function scopeOf(field: string, value: string): Scope {
  if (value === '') return SITE_SCOPE;
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (kind === 'plan' && PLAN_ID.test(rest)) return { kind: 'plan', planId: rest };
  if (kind === 'folder') {
    const path = rest.length > 1 ? rest.replace(/\/+$/, '') : rest;
    if (FOLDER_PATH.test(path)) return { kind: 'folder', path };
  }
  throw new ValidationError(field, `"${value}" is not a scope; use ${FORMS}`);
}

/** The scope as it is written in requests, events and messages. */
export function scopeText(scope: Scope): string {
  switch (scope.kind) {
    case 'site':
      return '';
    case 'plan':
      return `plan:${scope.planId}`;
    case 'folder':
      return `folder:${scope.path}`;
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
}

/** What a call is about, as far as scopes go; fields a list item already carries save a lookup. */
export type ScopeTarget =
  | { readonly kind: 'plan'; readonly planId: string; readonly vmMorefs?: readonly string[] }
  | { readonly kind: 'migration'; readonly migrationId: string; readonly planId?: string; readonly vmMoref?: string }
  | { readonly kind: 'vm'; readonly moref: string; readonly folderId?: string }
  | { readonly kind: 'new-plan'; readonly vmMorefs: readonly string[] }
  | { readonly kind: 'site'; readonly what: string };

/** What the scope check needs to know of the site; each answers undefined for what does not exist. */
export interface ScopeFacts {
  /** The prem VMs (morefs) of a plan. */
  planVms(planId: string): Promise<readonly string[] | undefined>;
  /** A migration's plan and prem VM. */
  migration(migrationId: string): Promise<{ readonly planId: string; readonly vmMoref: string } | undefined>;
  /** The inventory path of a prem VM's folder ("/DC0/vm/team-a"); `folderId` when the caller knows it. */
  vmFolderPath(moref: string, folderId?: string): Promise<string | undefined>;
}

/** The target in words, for a refusal. */
export function targetText(target: ScopeTarget): string {
  switch (target.kind) {
    case 'plan':
      return `plan ${target.planId}`;
    case 'migration':
      return `migration ${target.migrationId}`;
    case 'vm':
      return `VM ${target.moref}`;
    case 'new-plan':
      return `a new plan of ${target.vmMorefs.length} VM(s)`;
    case 'site':
      return target.what;
    default: {
      const unknown: never = target;
      return unknown;
    }
  }
}

/** True when `path` is `folder` or below it. */
export function underFolder(path: string | undefined, folder: string): boolean {
  if (path === undefined) return false;
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

async function planAdmits(scope: Exclude<Scope, { kind: 'site' }>, planId: string, knownVms: readonly string[] | undefined, facts: ScopeFacts): Promise<boolean> {
  if (scope.kind === 'plan') return planId === scope.planId;
  const vms = knownVms ?? (await facts.planVms(planId));
  if (!vms || vms.length === 0) return false;
  return allUnder(vms, scope.path, facts);
}

async function allUnder(morefs: readonly string[], folder: string, facts: ScopeFacts): Promise<boolean> {
  for (const moref of morefs) if (!underFolder(await facts.vmFolderPath(moref), folder)) return false;
  return true;
}

/**
 * True when `scope` covers `target`. A plan scope covers its plan, the plan's migrations and VMs; a
 * folder scope covers the VMs below the folder, a plan all of whose VMs are below it, and the
 * migrations of such VMs. Something that does not exist is not covered (the caller learns no more
 * than that it is outside the scope). Only the site scope covers what belongs to no plan or VM.
 */
export async function admits(scope: Scope, target: ScopeTarget, facts: ScopeFacts): Promise<boolean> {
  if (scope.kind === 'site') return true;
  switch (target.kind) {
    case 'plan':
      return planAdmits(scope, target.planId, target.vmMorefs, facts);
    case 'migration': {
      const known = target.planId !== undefined && target.vmMoref !== undefined ? { planId: target.planId, vmMoref: target.vmMoref } : await facts.migration(target.migrationId);
      if (!known) return false;
      return scope.kind === 'plan' ? known.planId === scope.planId : underFolder(await facts.vmFolderPath(known.vmMoref), scope.path);
    }
    case 'vm':
      if (scope.kind === 'plan') return (await facts.planVms(scope.planId))?.includes(target.moref) ?? false;
      return underFolder(await facts.vmFolderPath(target.moref, target.folderId), scope.path);
    case 'new-plan':
      // A plan scope names one existing plan: creating another is outside it.
      return scope.kind === 'folder' && target.vmMorefs.length > 0 && allUnder(target.vmMorefs, scope.path, facts);
    case 'site':
      return false;
    default: {
      const unknown: never = target;
      return unknown;
    }
  }
}
