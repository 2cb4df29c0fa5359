// A datastore's capacity and free space by name, as vCenter sees them after RefreshDatastore (which
// makes the host re-read the file system's figures instead of answering from its last report).
import type { VsphereClient } from './client';
import { readProperty, retrieveContainer } from './property';
import type { MoRef } from './values';

export interface DatastoreSpace {
  readonly moref: MoRef;
  readonly capacityBytes: number;
  readonly freeBytes: number;
}

/** The named datastore's space, or undefined when the vCenter has no datastore of that name. */
export async function datastoreSpace(client: VsphereClient, name: string): Promise<DatastoreSpace | undefined> {
  let moref: MoRef | undefined;
  for await (const page of retrieveContainer(client, [{ type: 'Datastore', paths: ['name'] }])) {
    moref ??= page.find((o) => o.props.get('name') === name)?.obj;
  }
  if (!moref) return undefined;
  await client.invoke('RefreshDatastore', moref);
  const [capacity, free] = await Promise.all([readProperty(client, moref, 'summary.capacity'), readProperty(client, moref, 'summary.freeSpace')]);
  return { moref, capacityBytes: Number(capacity ?? 0), freeBytes: Number(free ?? 0) };
}
