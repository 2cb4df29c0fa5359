/**
 * Starts the cloud cache's iSCSI target: one cache volume per LUN over its source disk, the portal
 * on the configured port, background hydration and the IO analyzer. The service's composition
 * root calls this; tests and benchmarks call it directly. Every target has CHAP unless `none` is
 * allowed explicitly: one configured without `auth` gets a secret made and kept under the cache
 * directory (target-credentials.ts).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openDisk } from '@ferry/disk-formats';
import { ValidationError } from '@ferry/errors';
import { startSummaryPusher, type SummaryEndpoint, type SummaryPusher } from './analyzer/summary-pusher';
import type { IoSummary } from './analyzer/io-stats';
import { CacheVolume } from './cache/cache-volume';
import { diskFetcher } from './cache/chunk-fetcher';
import { startHydration, type Hydration } from './cache/hydrator';
import type { ConnectionPolicy } from './iscsi/connection-policy';
import type { TargetAuth } from './iscsi/login';
import { IscsiPortal } from './iscsi/portal';
import type { IscsiTarget } from './iscsi/portal-context';
import type { TargetPreferences } from './iscsi/session-params';
import { unitIdentityOf } from './scsi/block-device';
import { LogicalUnit } from './scsi/logical-unit';
import { loadOrCreateCredentials } from './target-credentials';

/** One LUN: the source disk image it caches. */
export interface LunConfig {
  lun: number;
  /** Source disk image (raw, qcow2 or VMDK), read through @ferry/disk-formats. */
  source: string;
  readOnly?: boolean;
}

/** One target, who may log in to it, and its LUNs. */
export interface TargetConfig {
  name: string;
  /**
   * CHAP credentials, or `none` (refused unless {@link CacheTargetConfig.allowNoAuth} is set).
   * Left out: CHAP as user `ferry-cloud-host` with a secret made once and kept in
   * `<cacheDir>/credentials/<sha256 of the IQN>.json` (0600).
   */
  auth?: TargetAuth;
  /** Initiator names that may log in (others are refused with 0x0202); absent or empty: any that authenticates. */
  initiators?: string[];
  luns: LunConfig[];
}

/** Everything {@link startCacheTarget} needs. */
export interface CacheTargetConfig {
  host?: string;
  /** iSCSI port; 3260 by default, 0 picks a free one. */
  port?: number;
  /** Directory holding one sub-directory per volume. */
  cacheDir: string;
  chunkSize?: number;
  targets: TargetConfig[];
  /** Copy absent chunks in the background (default true). */
  hydrate?: boolean;
  discoveryAuth?: TargetAuth;
  /**
   * Serve targets whose auth is `none`; `by` names the setting that allows it (e.g.
   * "ISCSI_ALLOW_NO_AUTH=true") in the warning logged at start. Absent: such a target stops start-up.
   */
  allowNoAuth?: { by: string };
  preferences?: Partial<TargetPreferences>;
  /** Login timeout, connection caps (per address, total) and NOP-In keep-alive; defaults for those left out. */
  connections?: Partial<ConnectionPolicy>;
  /** Where IO summaries are POSTed (the appliance's analyzer port, 32820), and how often. */
  analyzer?: { endpoint?: SummaryEndpoint; intervalMs?: number };
  log?: (message: string) => void;
}

/** A running cache target. */
export interface CacheTarget {
  readonly port: number;
  /** The portal itself: volumes made by command are added to it at run time. */
  readonly portal: IscsiPortal;
  /** Volumes by "<target>/<lun>". */
  readonly volumes: Map<string, CacheVolume>;
  summaries(): IoSummary[];
  /** Resolves when every volume is fully hydrated. */
  hydrated(): Promise<void>;
  stop(): Promise<void>;
}

const IQN = /^(iqn\.\d{4}-\d{2}\.[^\s]+|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]{16,32})$/;

export async function startCacheTarget(config: CacheTargetConfig): Promise<CacheTarget> {
  const volumes = new Map<string, CacheVolume>();
  const targets: IscsiTarget[] = [];
  const hydrations: Hydration[] = [];
  for (const t of config.targets) {
    if (!IQN.test(t.name)) throw new ValidationError('targets[].name', `"${t.name}" is not an iSCSI name; use e.g. iqn.2024-01.io.ferry:vm-42`);
  }
  const open = config.targets.filter((t) => t.auth?.kind === 'none').map((t) => t.name);
  if (open.length > 0 && !config.allowNoAuth) {
    throw new ValidationError(
      'CACHE_TARGETS',
      `${listOf(open)} ${open.length > 1 ? 'have' : 'has'} auth {"kind":"none"}: anyone who reaches the iSCSI port could read and write ${open.length > 1 ? 'them' : 'it'}. ` +
        'Either give CHAP (leave "auth" out to have a secret made in CACHE_DIR/credentials, or give {"kind":"chap","user":…,"secret":…}), ' +
        'or set ISCSI_ALLOW_NO_AUTH=true to serve without CHAP',
    );
  }
  const auths = new Map<string, TargetAuth>();
  for (const t of config.targets) auths.set(t.name, await authOf(t, config));
  try {
    for (const t of config.targets) {
      const luns = new Map<number, LogicalUnit>();
      const target: IscsiTarget = { name: t.name, auth: auths.get(t.name) as TargetAuth, luns };
      for (const l of t.luns) {
        const key = `${t.name}/${l.lun}`;
        const id = createHash('sha256').update(key).digest();
        const reader = await openDisk(l.source);
        const chunkSize = config.chunkSize ?? 1 << 20;
        const volume = await CacheVolume.open({
          name: key,
          dir: join(config.cacheDir, id.subarray(0, 8).toString('hex')),
          fetcher: diskFetcher(reader, chunkSize),
          chunkSize,
        });
        volumes.set(key, volume);
        luns.set(l.lun, new LogicalUnit(volume, unitIdentityOf(t.name, key), () => [...luns.keys()].sort((a, b) => a - b), { readOnly: l.readOnly }));
        if (config.hydrate !== false) hydrations.push(startHydration(volume, { onError: (e) => config.log?.(`hydration of ${key} failed: ${String(e)}`) }));
      }
      targets.push(target);
    }
  } catch (error) {
    await Promise.all(hydrations.map((h) => h.stop()));
    await Promise.all([...volumes.values()].map((v) => v.close()));
    throw error;
  }
  const portal = new IscsiPortal({
    host: config.host ?? '0.0.0.0',
    port: config.port ?? 3260,
    targets,
    discoveryAuth: config.discoveryAuth,
    preferences: config.preferences,
    connections: config.connections,
    log: config.log,
  });
  const port = await portal.listen();
  if (open.length > 0) {
    const [verb, pronoun] = open.length > 1 ? ['accept', 'them'] : ['accepts', 'it'];
    config.log?.(`iscsi: WARNING: ${listOf(open)} ${verb} logins without CHAP because ${config.allowNoAuth?.by}; anyone who reaches port ${port} can read and write ${pronoun}`);
  }
  const summaries = (): IoSummary[] => [...volumes.entries()].map(([key, v]) => v.stats.summary(key, { presentChunks: v.presentChunks(), totalChunks: v.chunkCount, chunkSize: v.chunkSize, writtenChunks: v.writtenCount(), fetchedOnDemandBytes: v.fetchedOnDemandBytes() }));
  let pusher: SummaryPusher | undefined;
  if (config.analyzer?.endpoint) pusher = startSummaryPusher(config.analyzer.endpoint, config.analyzer.intervalMs ?? 10_000, summaries, config.log);
  return {
    port,
    portal,
    volumes,
    summaries,
    hydrated: async () => {
      await Promise.all(hydrations.map((h) => h.done));
    },
    async stop(): Promise<void> {
      await pusher?.stop();
      await portal.close();
      await Promise.all(hydrations.map((h) => h.stop()));
      await Promise.all([...volumes.values()].map((v) => v.close()));
    },
  };
}

/**
 * The auth a target is served with, with its allow list: a target without `auth` gets the CHAP
 * credentials kept in its file under the cache directory (made now if there is none). Logs one line
 * per target with how initiators log in to it, the file's path but never the secret.
 */
async function authOf(t: TargetConfig, config: CacheTargetConfig): Promise<TargetAuth> {
  const initiators = t.initiators && t.initiators.length > 0 ? { initiators: t.initiators } : {};
  const only = t.initiators && t.initiators.length > 0 ? `; only initiators ${t.initiators.join(', ')}` : '; any initiator name';
  if (t.auth?.kind === 'none') return { kind: 'none', ...initiators };
  if (t.auth) {
    config.log?.(`iscsi: target ${t.name}: CHAP user ${t.auth.user}${t.auth.mutual ? ' (mutual)' : ''} as configured${only}`);
    return { ...t.auth, ...initiators };
  }
  const stored = await loadOrCreateCredentials(config.cacheDir, t.name);
  const how = stored.created ? 'a secret made now and kept in' : 'the secret kept in';
  const tightened = stored.tightened ? ' (it was readable by others: set back to 0600)' : '';
  config.log?.(`iscsi: target ${t.name}: CHAP user ${stored.credentials.user} with ${how} ${stored.file}${tightened}${only}`);
  return { kind: 'chap', ...stored.credentials, ...initiators };
}

function listOf(names: string[]): string {
  return `${names.length > 1 ? 'targets' : 'target'} ${names.join(', ')}`;
}
