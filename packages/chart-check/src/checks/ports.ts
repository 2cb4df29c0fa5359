import type { Manifest } from '../manifests';
import { effectiveValue, schemaFile, type ServiceContainer } from '../service-container';

interface ServicePort {
  port: number;
  targetPort?: number | string;
}

/** Ports of the Services whose selector picks the workload's pods, as container port numbers. */
function exposedPorts(sc: ServiceContainer, manifests: readonly Manifest[]): Set<number> {
  const exposed = new Set<number>();
  const byName = new Map((sc.container.ports ?? []).filter((p) => p.name).map((p) => [p.name, p.containerPort]));
  for (const service of manifests.filter((m) => m.kind === 'Service')) {
    const spec = (service.object.spec ?? {}) as { selector?: Record<string, string>; ports?: ServicePort[] };
    const selector = Object.entries(spec.selector ?? {});
    if (selector.length === 0 || !selector.every(([key, value]) => sc.workload.podLabels[key] === value)) continue;
    for (const port of spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const number = typeof target === 'number' ? target : byName.get(target) ?? Number(target);
      if (Number.isInteger(number)) exposed.add(number);
    }
  }
  return exposed;
}

/**
 * Ports as the service's config declares them: every port setting keeps its config default (the
 * appendix's port), is a containerPort and is exposed by a Service; every containerPort is bound
 * by one of the service's port settings.
 */
export function portFindings(sc: ServiceContainer, manifests: readonly Manifest[]): string[] {
  const findings: string[] = [];
  const at = `${sc.owner} (service ${sc.service})`;
  const declared = new Set((sc.container.ports ?? []).map((p) => p.containerPort));
  const exposed = exposedPorts(sc, manifests);
  const bound = new Set<number>();
  for (const field of Object.values(sc.schema).filter((f) => f.kind === 'port')) {
    const port = Number(effectiveValue(sc, field));
    if (field.default !== undefined && port !== field.default) {
      findings.push(`${at}: ${field.env} is ${port} but its config default is ${String(field.default)}; keep the documented port (${schemaFile(sc.service)})`);
    }
    if (port === 0) continue;
    bound.add(port);
    if (!declared.has(port)) findings.push(`${at}: ${field.env}=${port} is bound by the service but the container declares no containerPort ${port}`);
    else if (!exposed.has(port)) findings.push(`${at}: containerPort ${port} (${field.env}) is exposed by no Service selecting the pods`);
  }
  for (const port of declared) {
    if (!bound.has(port)) findings.push(`${at}: declares containerPort ${port}, which no port setting of ${schemaFile(sc.service)} binds; remove it from the chart`);
  }
  return findings;
}
