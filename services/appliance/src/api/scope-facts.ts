// What the scope check (access/scopes.ts) needs to know of the site, read from the store and the
// inventory: a plan's VMs, a migration's plan and VM, and the inventory path of a prem VM's folder.
// The prem folders' paths are listed once and kept FOLDER_PATHS_MS, so filtering a page of VMs for a
// folder-scoped caller costs one inventory call, not one per VM.
import { NotFoundError, ValidationError } from '@ferry/errors';
import { foldEvents, type EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import type { ScopeFacts } from '../access/scopes';
import { migrationCodec, migrationDecider, migrationStream } from '../migration';
import type { Inventory } from './inventory-gateway';
import { pathOf } from './placement-paths';
import type { PlanApi } from './plan-api';

import inv = ferry.inventory.v1;

const FOLDER_PATHS_MS = 10_000;

/** Undefined for what does not exist (or is no valid id): such a thing is in no scope. */
async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) return undefined;
    throw error;
  }
}

export function siteScopeFacts(store: EventStore, plans: PlanApi, inventory: Inventory, clock: () => number = Date.now): ScopeFacts {
  let folders: { readAt: number; paths: Promise<Map<string, string>> } | undefined;
  const folderPaths = (): Promise<Map<string, string>> => {
    const now = clock();
    if (!folders || now - folders.readAt > FOLDER_PATHS_MS) {
      const paths = inventory.listInfra({ site: inv.Site.SITE_PREM, kinds: [inv.InfraKind.INFRA_KIND_DATACENTER, inv.InfraKind.INFRA_KIND_FOLDER] }).then((reply) => {
        const byId = new Map(reply.objects.filter((o) => o.id).map((o) => [o.id ?? '', o]));
        const found = new Map<string, string>();
        for (const folder of reply.objects.filter((o) => o.kind === inv.InfraKind.INFRA_KIND_FOLDER)) {
          const path = pathOf(folder, byId);
          if (path !== undefined) found.set(folder.id ?? '', path);
        }
        return found;
      });
      folders = { readAt: now, paths };
      paths.catch(() => (folders = undefined)); // an inventory outage is not remembered
    }
    return folders.paths;
  };
  return {
    planVms: (planId) => orUndefined(async () => ((await plans.getPlan(planId)).vms ?? []).map((vm) => vm.moref ?? '')),
    async migration(migrationId) {
      const loaded = await store.load(migrationStream(migrationId));
      const state = foldEvents(migrationDecider, loaded.events.map((e) => migrationCodec.decode(e.type, e.payload)));
      return state.phase === 'initial' ? undefined : { planId: state.facts.planId, vmMoref: state.facts.sourceVm.moref };
    },
    async vmFolderPath(moref, folderId) {
      const folder = folderId || (await orUndefined(() => inventory.findVm(inv.Site.SITE_PREM, moref)))?.folderId;
      return folder ? (await folderPaths()).get(folder) : undefined;
    },
  };
}
