import { posix } from 'node:path';
import { describe, type Manifest } from '../manifests';
import { effectiveValue, type ServiceContainer } from '../service-container';
import type { Workload } from '../workloads';

/** Settings that name a local file or folder: they must be on a volume, or the container's layer holds them. */
const LOCAL_PATH = /_(DIR|ROOT|FILE)$/;
/** Folders of state that must outlive the pod (transfers, chunk maps, cache volumes, targets). */
const STATE_PATH = /_(DIR|ROOT)$/;
const SITE_CA = 'CA_DIR';

/**
 * Folders that every replica of a service must share, one claim mounted by all of them, rather than
 * have one each: a replica takes over another's work from them. cloud-manager: a transfer session
 * resumes on any replica from the verified-chunk maps and session leases in STATE_DIR, writing the
 * targets under TARGET_ROOT (services/cloud-manager/src/config.ts, docs/transfer-queue.md).
 */
export const SHARED_STATE: ReadonlyMap<string, readonly string[]> = new Map([['cloud-manager', ['STATE_DIR', 'TARGET_ROOT']]]);

const SHARED_ACCESS_MODE = 'ReadWriteMany';

function accessModesOf(claim: Manifest): string[] {
  return ((claim.object.spec ?? {}) as { accessModes?: string[] }).accessModes ?? [];
}

/** Every volume a container mounts is defined, and every object a volume reads is rendered (or brought by the operator). */
export function volumeFindings(workload: Workload, manifests: readonly Manifest[], externalSecrets: ReadonlySet<string>): string[] {
  const findings: string[] = [];
  const owner = describe(workload.manifest);
  const defined = new Set([...workload.volumes.map((v) => v.name), ...workload.claimTemplates]);
  for (const container of [...workload.initContainers, ...workload.containers]) {
    for (const mount of container.volumeMounts ?? []) {
      if (!defined.has(mount.name)) findings.push(`${owner}: container ${container.name} mounts volume ${mount.name}, which the pod does not define; add it to volumes or volumeClaimTemplates`);
    }
  }
  const rendered = (kind: string, name: string): boolean => manifests.some((m) => m.kind === kind && m.name === name);
  for (const volume of workload.volumes) {
    if (volume.secret && !rendered('Secret', volume.secret.secretName) && !externalSecrets.has(volume.secret.secretName)) {
      findings.push(`${owner}: volume ${volume.name} reads Secret ${volume.secret.secretName}, which the chart neither renders nor documents as the operator's`);
    }
    if (volume.configMap && !rendered('ConfigMap', volume.configMap.name)) findings.push(`${owner}: volume ${volume.name} reads ConfigMap ${volume.configMap.name}, which the chart does not render`);
    if (volume.persistentVolumeClaim && !rendered('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)) {
      findings.push(`${owner}: volume ${volume.name} reads PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}, which the chart does not render`);
    }
    const claim = volume.persistentVolumeClaim && manifests.find((m) => m.kind === 'PersistentVolumeClaim' && m.name === volume.persistentVolumeClaim?.claimName);
    if (claim && workload.replicas > 1 && !accessModesOf(claim).includes(SHARED_ACCESS_MODE)) {
      findings.push(`${owner}: its ${workload.replicas} replicas share volume ${volume.name}, PersistentVolumeClaim ${claim.name}, whose accessModes are [${accessModesOf(claim).join(', ')}]; make the claim ${SHARED_ACCESS_MODE}, or give each replica its own (volumeClaimTemplates)`);
    } else if (claim && workload.kind === 'Deployment' && !accessModesOf(claim).includes(SHARED_ACCESS_MODE) && workload.strategy !== 'Recreate') {
      findings.push(`${owner}: volume ${volume.name} is PersistentVolumeClaim ${claim.name} [${accessModesOf(claim).join(', ')}], but a rolling update starts the new pod while the old one holds it (on another node it never starts); use strategy Recreate`);
    }
  }
  return findings;
}

function isUnder(path: string, mountPath: string): boolean {
  const relative = posix.relative(mountPath, posix.normalize(path));
  return relative === '' || (!relative.startsWith('..') && !posix.isAbsolute(relative));
}

/** A secret volume whose Secret holds the site CA certificate (ca.crt), or is the operator's. */
function mountsSiteCa(workload: Workload, manifests: readonly Manifest[], externalSecrets: ReadonlySet<string>): boolean {
  const mounted = new Set([...workload.initContainers, ...workload.containers].flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
  return workload.volumes.some((volume) => {
    const name = volume.secret?.secretName;
    if (name === undefined || !mounted.has(volume.name)) return false;
    if (externalSecrets.has(name)) return true;
    const secret = manifests.find((m) => m.kind === 'Secret' && m.name === name)?.object as { data?: object; stringData?: object } | undefined;
    return secret !== undefined && ('ca.crt' in (secret.data ?? {}) || 'ca.crt' in (secret.stringData ?? {}));
  });
}

/** The mount a path is on: the deepest mount whose mountPath holds it. */
function mountOf(sc: ServiceContainer, path: string): { name: string; mountPath: string } | undefined {
  return (sc.container.volumeMounts ?? []).filter((m) => isUnder(path, m.mountPath)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

/**
 * A service's folders and files are on volumes: state folders (DATA_DIR, STATE_DIR, CACHE_DIR,
 * TARGET_ROOT, ...) on persistent ones, CA_DIR seeded from the site CA Secret (a pod making its own
 * CA could not talk mutual TLS with the others), files (*_FILE) on some volume.
 */
export function pathFindings(sc: ServiceContainer, manifests: readonly Manifest[], externalSecrets: ReadonlySet<string>): string[] {
  const findings: string[] = [];
  const at = `${sc.owner} (service ${sc.service})`;
  const persistent = new Set([...sc.workload.claimTemplates, ...sc.workload.volumes.filter((v) => v.persistentVolumeClaim).map((v) => v.name)]);
  for (const field of Object.values(sc.schema)) {
    if (field.kind !== 'path' && !LOCAL_PATH.test(field.env)) continue;
    const path = effectiveValue(sc, field);
    if (path === '') continue;
    const mount = mountOf(sc, path);
    if (mount === undefined) {
      findings.push(`${at}: ${field.env}=${path} is on no volume (${field.doc}); mount one at ${path}`);
      continue;
    }
    if (field.env === SITE_CA) {
      if (!mountsSiteCa(sc.workload, manifests, externalSecrets)) findings.push(`${at}: ${field.env}=${path} is not seeded from the site CA Secret (ca.crt, ca.key, site.key); each pod would make its own CA`);
    } else if (STATE_PATH.test(field.env) && !persistent.has(mount.name)) {
      findings.push(`${at}: ${field.env}=${path} is on volume ${mount.name}, which is not persistent; use a volumeClaimTemplate or a PersistentVolumeClaim (it holds ${field.doc})`);
    }
  }
  return findings;
}

/**
 * With more than one replica, the folders of SHARED_STATE are on one PersistentVolumeClaim that
 * every replica mounts (ReadWriteMany, checked by volumeFindings), not on a claim per replica
 * (volumeClaimTemplates) nor on a volume of the pod's own.
 */
export function sharedStateFindings(sc: ServiceContainer): string[] {
  const shared = SHARED_STATE.get(sc.service) ?? [];
  const replicas = sc.workload.replicas;
  if (replicas <= 1) return [];
  const findings: string[] = [];
  const at = `${sc.owner} (service ${sc.service})`;
  const template = `charts/ferry/templates/${sc.service}.yaml`;
  for (const env of shared) {
    const field = Object.values(sc.schema).find((f) => f.env === env);
    if (field === undefined) {
      findings.push(`${at}: packages/chart-check lists ${env} as state its replicas share, but services/${sc.service}/src/config.ts has no such setting; update SHARED_STATE in packages/chart-check/src/checks/volumes.ts`);
      continue;
    }
    const path = effectiveValue(sc, field);
    const mount = path === '' ? undefined : mountOf(sc, path);
    if (mount === undefined) continue; // pathFindings names it
    const perReplica = sc.workload.claimTemplates.includes(mount.name)
      ? 'a claim per replica (volumeClaimTemplates)'
      : sc.workload.volumes.find((v) => v.name === mount.name)?.persistentVolumeClaim === undefined ? 'which each pod has of its own' : undefined;
    if (perReplica !== undefined) {
      findings.push(`${at}: ${env}=${path} is on volume ${mount.name}, ${perReplica}, but its ${replicas} replicas must share it (a replica takes over another's sessions from it); mark the volume "shared" true in ${template}: one ${SHARED_ACCESS_MODE} PersistentVolumeClaim every replica mounts`);
    }
  }
  return findings;
}
