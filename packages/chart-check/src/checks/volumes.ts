import { posix } from 'node:path';
import { describe, type Manifest } from '../manifests';
import { effectiveValue, type ServiceContainer } from '../service-container';
import type { Workload } from '../workloads';

/** Settings that name a local file or folder: they must be on a volume, or the container's layer holds them. */
const LOCAL_PATH = /_(DIR|ROOT|FILE)$/;
/** Folders of state that must outlive the pod (transfers, chunk maps, cache volumes, targets). */
const STATE_PATH = /_(DIR|ROOT)$/;
const SITE_CA = 'CA_DIR';

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
    if (volume.persistentVolumeClaim && workload.kind === 'Deployment' && workload.replicas > 1) {
      findings.push(`${owner}: ${workload.replicas} replicas share PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}; use a StatefulSet with volumeClaimTemplates`);
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

/**
 * A service's folders and files are on volumes: state folders (DATA_DIR, STATE_DIR, CACHE_DIR,
 * TARGET_ROOT, ...) on persistent ones, CA_DIR seeded from the site CA Secret (a pod making its own
 * CA could not talk mutual TLS with the others), files (*_FILE) on some volume.
 */
export function pathFindings(sc: ServiceContainer, manifests: readonly Manifest[], externalSecrets: ReadonlySet<string>): string[] {
  const findings: string[] = [];
  const at = `${sc.owner} (service ${sc.service})`;
  const mounts = sc.container.volumeMounts ?? [];
  const persistent = new Set([...sc.workload.claimTemplates, ...sc.workload.volumes.filter((v) => v.persistentVolumeClaim).map((v) => v.name)]);
  for (const field of Object.values(sc.schema)) {
    if (field.kind !== 'path' && !LOCAL_PATH.test(field.env)) continue;
    const path = effectiveValue(sc, field);
    if (path === '') continue;
    const mount = mounts.filter((m) => isUnder(path, m.mountPath)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    if (mount === undefined) {
      findings.push(`${at}: ${field.env}=${path} is on no volume (${field.doc}); mount one at ${path}`);
      continue;
    }
    if (field.env === SITE_CA) {
      if (!mountsSiteCa(sc.workload, manifests, externalSecrets)) findings.push(`${at}: ${field.env}=${path} is not seeded from the site CA Secret (ca.crt, ca.key, site.key); each pod would make its own CA`);
    } else if (STATE_PATH.test(field.env) && !persistent.has(mount.name)) {
      findings.push(`${at}: ${field.env}=${path} is on volume ${mount.name}, which is not persistent; use a volumeClaimTemplate (it holds ${field.doc})`);
    }
  }
  return findings;
}
