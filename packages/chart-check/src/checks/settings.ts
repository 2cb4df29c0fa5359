import { effectiveValue, schemaFile, type ServiceContainer } from '../service-container';

const SECRET_SETTING = /PASSWORD|SECRET|TOKEN/;
const LOOPBACK = /\b127\.0\.0\.1\b|\blocalhost\b/;

/**
 * The settings the chart gives a service, checked against its config schema: every required
 * setting present, every value valid, nothing the schema does not read, passwords only from a
 * Secret, and no single-machine loopback default left for a peer that is another pod.
 */
export function settingFindings(sc: ServiceContainer): string[] {
  const findings: string[] = [];
  const at = `${sc.owner} (service ${sc.service})`;
  const template = `charts/ferry/templates/${sc.service}.yaml`;
  const known = new Set(Object.values(sc.schema).map((f) => f.env));
  for (const field of Object.values(sc.schema)) {
    const set = sc.env.get(field.env);
    const value = set?.value ?? '';
    if (field.default === undefined && value === '') {
      findings.push(`${at}: required setting ${field.env} is not set (${schemaFile(sc.service)}: ${field.doc}); add it to the ${sc.service} ConfigMap, or its Secret for a password, in ${template}`);
      continue;
    }
    if (value !== '' && field.parse(value) === undefined) {
      const shown = set?.from === 'secret' ? '(secret value)' : JSON.stringify(value);
      findings.push(`${at}: ${field.env}=${shown} is invalid: expected ${field.expected} (${field.doc})`);
    }
    if (value !== '' && SECRET_SETTING.test(field.env) && !field.env.endsWith('_FILE') && set?.from !== 'secret') {
      findings.push(`${at}: ${field.env} is a secret but comes from ${set?.object ?? 'a literal env value'}; put it in the ${sc.service} Secret`);
    }
    if (typeof field.default === 'string' && LOOPBACK.test(field.default) && LOOPBACK.test(effectiveValue(sc, field))) {
      findings.push(`${at}: ${field.env} is ${effectiveValue(sc, field)}, a single-machine default; in Kubernetes the peer is another pod: set it to its Service (${template})`);
    }
  }
  for (const [name, source] of sc.env) {
    if (!known.has(name)) findings.push(`${at}: sets ${name} (from ${source.object ?? 'env'}), which ${schemaFile(sc.service)} does not read; remove it from ${template} or add the setting to the schema`);
  }
  return findings;
}
