import { describe, type Manifest } from './manifests';
import type { Container } from './workloads';

/** Where a container's variable comes from. */
export interface EnvSource {
  readonly value: string;
  /** literal: env[].value; configMap / secret: a key of that object (envFrom or valueFrom). */
  readonly from: 'literal' | 'configMap' | 'secret';
  readonly object?: string;
}

function dataOf(manifest: Manifest): Record<string, string> {
  const data: Record<string, string> = {};
  const record = manifest.object as { data?: Record<string, unknown>; stringData?: Record<string, unknown> };
  for (const [key, value] of Object.entries(record.data ?? {})) {
    data[key] = manifest.kind === 'Secret' ? Buffer.from(String(value), 'base64').toString('utf8') : String(value ?? '');
  }
  for (const [key, value] of Object.entries(record.stringData ?? {})) data[key] = String(value ?? '');
  return data;
}

/**
 * The environment a container starts with: envFrom ConfigMaps and Secrets (in order, with prefixes),
 * then env entries, later winning as in Kubernetes. A reference to a ConfigMap, Secret or key the
 * chart does not render is a finding (the pod would not start).
 */
export function containerEnv(container: Container, manifests: readonly Manifest[], owner: string): { env: Map<string, EnvSource>; findings: string[] } {
  const env = new Map<string, EnvSource>();
  const findings: string[] = [];
  const find = (kind: 'ConfigMap' | 'Secret', name: string): Manifest | undefined => {
    const found = manifests.find((m) => m.kind === kind && m.name === name);
    if (found === undefined) findings.push(`${owner}: container ${container.name} reads ${kind} ${name}, which the chart does not render`);
    return found;
  };
  for (const ref of container.envFrom ?? []) {
    const [kind, name] = ref.configMapRef ? (['ConfigMap', ref.configMapRef.name] as const) : ref.secretRef ? (['Secret', ref.secretRef.name] as const) : [undefined, ''];
    if (kind === undefined) continue;
    const manifest = find(kind, name);
    if (manifest === undefined) continue;
    for (const [key, value] of Object.entries(dataOf(manifest))) {
      env.set(`${ref.prefix ?? ''}${key}`, { value, from: kind === 'ConfigMap' ? 'configMap' : 'secret', object: describe(manifest) });
    }
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.configMapKeyRef ?? entry.valueFrom?.secretKeyRef;
    if (ref === undefined) {
      env.set(entry.name, { value: entry.value ?? '', from: 'literal' });
      continue;
    }
    const kind = entry.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const manifest = find(kind, ref.name);
    if (manifest === undefined) continue;
    const value = dataOf(manifest)[ref.key];
    if (value === undefined) findings.push(`${owner}: ${entry.name} reads key ${ref.key} of ${kind} ${ref.name}, which has no such key`);
    env.set(entry.name, { value: value ?? '', from: kind === 'ConfigMap' ? 'configMap' : 'secret', object: describe(manifest) });
  }
  return { env, findings };
}
