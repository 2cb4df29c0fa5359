import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { describe, type Manifest } from './manifests';

/** A kubernetes-models class: built from an object, `validate()` throws what breaks the schema. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: Record<string, unknown>): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && typeof (value as Partial<ModelClass>).apiVersion === 'string' && typeof (value as Partial<ModelClass>).kind === 'string';
}

/** apiVersion/kind -> schema, for the API groups the chart may use. */
const MODELS = new Map<string, ModelClass>(
  [coreV1, appsV1, monitoringV1].flatMap((group) => Object.values(group).filter(isModelClass).map((model): [string, ModelClass] => [`${model.apiVersion}/${model.kind}`, model])),
);

/** Checks every object against Kubernetes' (and the Prometheus Operator's) OpenAPI schemas. */
export function kubernetesSchemaFindings(manifests: readonly Manifest[]): string[] {
  const findings: string[] = [];
  for (const manifest of manifests) {
    const model = MODELS.get(`${manifest.apiVersion}/${manifest.kind}`);
    if (model === undefined) {
      findings.push(`${describe(manifest)}: no schema for ${manifest.apiVersion} ${manifest.kind}; use a core/v1, apps/v1 or monitoring.coreos.com/v1 kind or add its schema to packages/chart-check`);
      continue;
    }
    if (manifest.name === '') findings.push(`${describe(manifest)}: metadata.name is empty`);
    try {
      new model(manifest.object).validate();
    } catch (error) {
      findings.push(`${describe(manifest)}: invalid against the Kubernetes schema: ${(error as Error).message}`);
    }
  }
  return findings;
}
