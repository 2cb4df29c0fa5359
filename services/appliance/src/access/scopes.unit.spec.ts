import { ValidationError } from '@ferry/errors';
import { admits, scopeOf, scopeText, SITE_SCOPE, underFolder, type ScopeFacts } from './scopes';

// A site: team-a's VMs vm-1 and vm-2, team-b's vm-3; plan-a moves vm-1 and vm-2, plan-mixed vm-2 and vm-3.
const FOLDERS: Record<string, string> = { 'vm-1': '/DC0/vm/team-a', 'vm-2': '/DC0/vm/team-a/web', 'vm-3': '/DC0/vm/team-b' };
const facts: ScopeFacts = {
  planVms: async (planId) => ({ 'plan-a': ['vm-1', 'vm-2'], 'plan-mixed': ['vm-2', 'vm-3'], 'plan-empty': [] })[planId],
  migration: async (id) => ({ 'mig-a-1': { planId: 'plan-a', vmMoref: 'vm-1' }, 'mig-m-2': { planId: 'plan-mixed', vmMoref: 'vm-3' } })[id],
  vmFolderPath: async (moref) => FOLDERS[moref],
};
const planA = scopeOf('scope', 'plan:plan-a');
const teamA = scopeOf('scope', 'folder:/DC0/vm/team-a/');

describe('scopes', () => {
  it('are written "plan:<id>" or "folder:<path>", or nothing for the whole site, and refuse anything else naming the forms', () => {
    expect(scopeOf('scope', '')).toEqual(SITE_SCOPE);
    expect(planA).toEqual({ kind: 'plan', planId: 'plan-a' });
    expect(teamA).toEqual({ kind: 'folder', path: '/DC0/vm/team-a' });
    expect(scopeText(teamA)).toBe('folder:/DC0/vm/team-a');
    expect(scopeText(SITE_SCOPE)).toBe('');
    for (const bad of ['plan:', 'plan:a b', 'folder:DC0/vm', 'folder:', 'vm:vm-1', 'team-a']) {
      expect(() => scopeOf('scope', bad)).toThrow(ValidationError);
    }
    expect(() => scopeOf('scope', 'vm:vm-1')).toThrow('scope: "vm:vm-1" is not a scope; use "plan:<plan id>"');
  });

  it('count a folder as itself and what is below it, not a sibling that starts alike', () => {
    expect(underFolder('/DC0/vm/team-a', '/DC0/vm/team-a')).toBe(true);
    expect(underFolder('/DC0/vm/team-a/web', '/DC0/vm/team-a')).toBe(true);
    expect(underFolder('/DC0/vm/team-ab', '/DC0/vm/team-a')).toBe(false);
    expect(underFolder(undefined, '/DC0/vm')).toBe(false);
  });
});

describe('the scope check', () => {
  it('lets a caller of the whole site do anything', async () => {
    expect(await admits(SITE_SCOPE, { kind: 'site', what: 'the audit trail' }, facts)).toBe(true);
  });

  it('covers, for a plan scope, that plan, its migrations and its VMs, and nothing else', async () => {
    expect(await admits(planA, { kind: 'plan', planId: 'plan-a' }, facts)).toBe(true);
    expect(await admits(planA, { kind: 'plan', planId: 'plan-mixed' }, facts)).toBe(false);
    expect(await admits(planA, { kind: 'migration', migrationId: 'mig-a-1' }, facts)).toBe(true);
    expect(await admits(planA, { kind: 'migration', migrationId: 'mig-m-2' }, facts)).toBe(false);
    expect(await admits(planA, { kind: 'migration', migrationId: 'mig-unknown' }, facts)).toBe(false);
    expect(await admits(planA, { kind: 'vm', moref: 'vm-2' }, facts)).toBe(true);
    expect(await admits(planA, { kind: 'vm', moref: 'vm-3' }, facts)).toBe(false);
    expect(await admits(planA, { kind: 'new-plan', vmMorefs: ['vm-1'] }, facts)).toBe(false);
    expect(await admits(planA, { kind: 'site', what: "the site's cache volumes" }, facts)).toBe(false);
  });

  it('covers, for a folder scope, the VMs below it, plans all of whose VMs are, and their migrations', async () => {
    expect(await admits(teamA, { kind: 'vm', moref: 'vm-2' }, facts)).toBe(true);
    expect(await admits(teamA, { kind: 'vm', moref: 'vm-3' }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'vm', moref: 'vm-unknown' }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'plan', planId: 'plan-a' }, facts)).toBe(true);
    expect(await admits(teamA, { kind: 'plan', planId: 'plan-mixed' }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'plan', planId: 'plan-empty' }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'migration', migrationId: 'mig-a-1' }, facts)).toBe(true);
    expect(await admits(teamA, { kind: 'migration', migrationId: 'mig-m-2' }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'new-plan', vmMorefs: ['vm-1', 'vm-2'] }, facts)).toBe(true);
    expect(await admits(teamA, { kind: 'new-plan', vmMorefs: ['vm-1', 'vm-3'] }, facts)).toBe(false);
    expect(await admits(teamA, { kind: 'new-plan', vmMorefs: [] }, facts)).toBe(false);
  });

  it('uses what a list item already says (its plan, VM or folder) instead of asking again', async () => {
    const asked: string[] = [];
    const counting: ScopeFacts = {
      planVms: async (id) => (asked.push(`plan ${id}`), facts.planVms(id)),
      migration: async (id) => (asked.push(`migration ${id}`), facts.migration(id)),
      vmFolderPath: async (moref, folderId) => (asked.push(`folder ${moref} ${folderId ?? ''}`), facts.vmFolderPath(moref, folderId)),
    };
    expect(await admits(planA, { kind: 'migration', migrationId: 'mig-x', planId: 'plan-a', vmMoref: 'vm-1' }, counting)).toBe(true);
    expect(await admits(teamA, { kind: 'plan', planId: 'plan-x', vmMorefs: ['vm-1'] }, counting)).toBe(true);
    expect(asked).toEqual(['folder vm-1 ']);
  });
});
