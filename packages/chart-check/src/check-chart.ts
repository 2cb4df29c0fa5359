import type { ConfigSchema } from '@ferry/service-kit';
import { nodeFlagFindings } from './checks/node-flags';
import { portFindings } from './checks/ports';
import { settingFindings } from './checks/settings';
import { pathFindings, sharedStateFindings, volumeFindings } from './checks/volumes';
import { kubernetesSchemaFindings } from './kubernetes-schemas';
import type { Manifest } from './manifests';
import { serviceContainers } from './service-container';
import { workloadsOf } from './workloads';

export interface ChartCheckOptions {
  /** Each service's config schema by service name (services/<name>/src/config.ts). */
  readonly schemas: ReadonlyMap<string, ConfigSchema>;
  /** Secrets the operator creates (named in values.yaml), which the chart mounts but does not render. */
  readonly externalSecrets?: readonly string[];
}

/** Every problem of the rendered manifests, each naming the object, the setting and the fix; empty = the chart is sound. */
export function checkManifests(manifests: readonly Manifest[], options: ChartCheckOptions): string[] {
  const external = new Set(options.externalSecrets ?? []);
  const workloads = workloadsOf(manifests);
  const { containers, findings } = serviceContainers(workloads, manifests, options.schemas);
  findings.push(...kubernetesSchemaFindings(manifests));
  for (const service of options.schemas.keys()) {
    if (!containers.some((c) => c.service === service)) findings.push(`the chart runs no container of services/${service}; add a workload for it in charts/ferry/templates/${service}.yaml`);
  }
  for (const workload of workloads) findings.push(...volumeFindings(workload, manifests, external));
  for (const sc of containers) findings.push(...settingFindings(sc), ...nodeFlagFindings(sc), ...portFindings(sc, manifests), ...pathFindings(sc, manifests, external), ...sharedStateFindings(sc));
  return findings;
}
