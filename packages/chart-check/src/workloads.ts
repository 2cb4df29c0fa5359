import type { Manifest } from './manifests';

/** The parts of a Kubernetes container the checks read. */
export interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }[];
  envFrom?: { prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface KeyRef {
  name: string;
  key: string;
}

/** A pod volume: only its name and where its content comes from matter here. */
export interface Volume {
  name: string;
  emptyDir?: unknown;
  secret?: { secretName: string };
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
}

/** A Deployment or StatefulSet, reduced to what the checks read. */
export interface Workload {
  readonly manifest: Manifest;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly replicas: number;
  readonly podLabels: Record<string, string>;
  readonly containers: Container[];
  readonly initContainers: Container[];
  readonly volumes: Volume[];
  /** Names of the StatefulSet's volumeClaimTemplates: a persistent volume per replica. */
  readonly claimTemplates: string[];
  /** A Deployment's update strategy (RollingUpdate unless set). */
  readonly strategy?: string;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Container[]; initContainers?: Container[]; volumes?: Volume[] };
}

/** Every Deployment and StatefulSet of the manifests. */
export function workloadsOf(manifests: readonly Manifest[]): Workload[] {
  return manifests
    .filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')
    .map((manifest) => {
      const spec = (manifest.object.spec ?? {}) as { replicas?: number; template?: PodTemplate; volumeClaimTemplates?: { metadata?: { name?: string } }[]; strategy?: { type?: string } };
      const pod = spec.template ?? {};
      return {
        manifest,
        kind: manifest.kind as Workload['kind'],
        replicas: spec.replicas ?? 1,
        podLabels: pod.metadata?.labels ?? {},
        containers: pod.spec?.containers ?? [],
        initContainers: pod.spec?.initContainers ?? [],
        volumes: pod.spec?.volumes ?? [],
        claimTemplates: (spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? ''),
        strategy: manifest.kind === 'Deployment' ? spec.strategy?.type ?? 'RollingUpdate' : undefined,
      };
    });
}

const SERVICE_ENTRY = /services\/([a-z0-9-]+)\/dist\/src\/main\.js/;

/** The Ferry service a container runs (node services/<name>/dist/src/main.js), if any. */
export function serviceOf(container: Container): string | undefined {
  return SERVICE_ENTRY.exec([...(container.command ?? []), ...(container.args ?? [])].join(' '))?.[1];
}
