/**
 * The cloud host runner's view of the cloud vCenter: VM power states followed through
 * WaitForUpdatesEx on a ContainerView, and a VM's iSCSI boot disk read from its ExtraConfig at
 * power-on, the moment a host reads a VM's configuration.
 *
 * @ferry/vsphere is loaded at run time, not imported: its tests use this package, so its project
 * references packages/testing, and a static import back would make the project graph circular (a
 * fresh `turbo run build` compiles this package before the client exists). The few calls made here
 * are declared below; the runner's integration test runs them against vcsim.
 */
import type { VcsimInstance } from './vcsim';

/** How to reach the cloud vCenter: a running vcsim, or a URL, login and pinned thumbprint. */
export type CloudVcenter = VcsimInstance | { url: string; username: string; password: string; thumbprint: string };

/** The iSCSI boot disk a VM names in its ExtraConfig (@ferry/vsphere's IscsiBoot). */
export interface VmIscsiBoot {
  portal: string;
  iqn: string;
  lun?: number;
  chapUser?: string;
}

/** What changed of one VM: its name or power state, or it left the inventory. */
export interface VmChange {
  moref: string;
  name?: string;
  powerState?: string;
  gone: boolean;
}

/** A running watch; `bootOf` reads a VM's ExtraConfig now (throws a ValidationError for malformed keys). */
export interface CloudVcenterWatch {
  bootOf(moref: string): Promise<VmIscsiBoot | undefined>;
  stop(): Promise<void>;
}

interface MoRefLike {
  type: string;
  value: string;
}
interface ClientLike {
  logout(): Promise<void>;
}
interface ObjectUpdateLike {
  kind: 'enter' | 'modify' | 'leave';
  obj: MoRefLike;
  changes: Array<{ name: string; op: string; val?: unknown }>;
}
/** The part of @ferry/vsphere used here, as its index exports it. */
interface VsphereModule {
  VsphereClient: {
    connect(opts: { url: string; username: string; password: string; tls: { thumbprint: string }; warn?: (m: string) => void }): Promise<ClientLike>;
  };
  UpdateStream: {
    start(
      client: ClientLike,
      selections: Array<{ type: string; paths: string[] }>,
      onUpdates: (updates: ObjectUpdateLike[]) => Promise<void>,
      opts: { maxWaitSeconds?: number; onError?: (error: Error) => void },
    ): Promise<{ stop(): Promise<void> }>;
  };
  readProperty(client: ClientLike, o: MoRefLike, path: string): Promise<unknown>;
  iscsiBootOf(extraConfig: unknown): VmIscsiBoot | undefined;
}

function loadVsphere(): VsphereModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time to keep the project graph acyclic (see above)
  return require('@ferry/vsphere') as VsphereModule;
}

/**
 * Logs in to the cloud vCenter and calls `onChanges` with every VM's name and power state (first
 * all, then what changed). ExtraConfig is not followed: vcsim publishes no update for a reconfigure,
 * and a host reads a VM's configuration when it powers it on anyway (see `bootOf`).
 */
export async function watchCloudVcenter(
  vcenter: CloudVcenter,
  onChanges: (changes: VmChange[]) => Promise<void>,
  onError: (error: Error) => void,
): Promise<CloudVcenterWatch> {
  const vsphere = loadVsphere();
  const url = 'sdkUrl' in vcenter ? vcenter.sdkUrl : vcenter.url;
  const client = await vsphere.VsphereClient.connect({
    url, username: vcenter.username, password: vcenter.password, tls: { thumbprint: vcenter.thumbprint }, warn: (m) => onError(new Error(m)),
  });
  const toChange = (u: ObjectUpdateLike): VmChange => {
    const change: VmChange = { moref: u.obj.value, gone: u.kind === 'leave' };
    for (const c of u.changes) {
      const value = typeof c.val === 'string' ? c.val : undefined;
      if (c.name === 'name') change.name = value;
      if (c.name === 'runtime.powerState') change.powerState = value;
    }
    return change;
  };
  try {
    const stream = await vsphere.UpdateStream.start(
      client,
      [{ type: 'VirtualMachine', paths: ['name', 'runtime.powerState'] }],
      (updates) => onChanges(updates.map(toChange)),
      { maxWaitSeconds: 10, onError },
    );
    return {
      bootOf: async (moref) => {
        const extraConfig = await vsphere.readProperty(client, { type: 'VirtualMachine', value: moref }, 'config.extraConfig');
        return vsphere.iscsiBootOf(extraConfig);
      },
      stop: async () => {
        await stream.stop();
        await client.logout().catch(() => undefined);
      },
    };
  } catch (error) {
    await client.logout().catch(() => undefined);
    throw error;
  }
}
