import type { ConfigSchema, Field } from '@ferry/service-kit';
import { containerEnv, type EnvSource } from './container-env';
import { describe, type Manifest } from './manifests';
import { serviceOf, type Container, type Workload } from './workloads';

/** A container that runs a Ferry service, with the service's config schema and the environment the chart gives it. */
export interface ServiceContainer {
  readonly workload: Workload;
  readonly container: Container;
  readonly service: string;
  readonly schema: ConfigSchema;
  readonly env: ReadonlyMap<string, EnvSource>;
  /** "Kind/name (template)", for findings. */
  readonly owner: string;
}

/** Where a finding about a service's settings sends the reader. */
export const schemaFile = (service: string): string => `services/${service}/src/config.ts`;

/** The value a setting has in the container: what the chart sets, else the schema's default ('' = unset). */
export function effectiveValue(sc: ServiceContainer, field: Field<unknown>): string {
  const set = sc.env.get(field.env)?.value ?? '';
  if (set !== '') return set;
  return field.default === undefined ? '' : String(field.default);
}

/** The service containers of the workloads, and findings for containers whose environment cannot be resolved or whose service has no schema. */
export function serviceContainers(workloads: readonly Workload[], manifests: readonly Manifest[], schemas: ReadonlyMap<string, ConfigSchema>): { containers: ServiceContainer[]; findings: string[] } {
  const containers: ServiceContainer[] = [];
  const findings: string[] = [];
  for (const workload of workloads) {
    const owner = describe(workload.manifest);
    for (const container of workload.containers) {
      const service = serviceOf(container);
      if (service === undefined) continue;
      const schema = schemas.get(service);
      if (schema === undefined) {
        findings.push(`${owner}: runs services/${service}, which has no ${schemaFile(service)}`);
        continue;
      }
      const resolved = containerEnv(container, manifests, owner);
      findings.push(...resolved.findings);
      containers.push({ workload, container, service, schema, env: resolved.env, owner });
    }
  }
  return { containers, findings };
}
