import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import { checks } from './checks';
import { packageRoot } from './package-root';
import { migrationModes, type MigrationMode } from './matrix';

/** How bad a finding is: critical blocks, warning allows with care, info informs. */
export type Severity = 'critical' | 'warning' | 'info';

/** One readiness rule, as stored in rules/<id>.json. */
export interface Rule {
  id: string;
  severity: Severity;
  /** Name of the check in checks.ts that evaluates it. */
  check: string;
  /** Parameters of the check. */
  params?: Record<string, string | number>;
  /** Modes it applies to (default: all). */
  modes?: MigrationMode[];
  /** Message template; {placeholders} come from the check's details. */
  message: string;
  remedy: string;
}

/** Default rule folder. */
export const defaultRulesDir = join(packageRoot(), 'rules');

/** Loads every rules/*.json (one rule per file) and validates it; errors name the file and field. */
export function loadRules(dir = defaultRulesDir): Rule[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const rules = files.map((f) => validateRule(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Partial<Rule>, join(dir, f)));
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) throw new ValidationError(`${dir}`, `rule id "${r.id}" appears twice; ids must be unique`);
    ids.add(r.id);
  }
  return rules;
}

/** Checks one rule object; `where` names its file in errors. */
export function validateRule(raw: Partial<Rule>, where: string): Rule {
  const need = (field: keyof Rule): string => {
    const v = raw[field];
    if (typeof v !== 'string' || v === '') throw new ValidationError(`${where}: ${field}`, 'is missing or empty');
    return v;
  };
  const severity = need('severity');
  if (!['critical', 'warning', 'info'].includes(severity)) throw new ValidationError(`${where}: severity`, `"${severity}" is not critical, warning or info`);
  const check = need('check');
  if (!(check in checks)) throw new ValidationError(`${where}: check`, `"${check}" is not a known check (${Object.keys(checks).join(', ')})`);
  for (const m of raw.modes ?? []) {
    if (!migrationModes.includes(m)) throw new ValidationError(`${where}: modes`, `"${m}" is not one of ${migrationModes.join(', ')}`);
  }
  return { id: need('id'), severity: severity as Severity, check, params: raw.params, modes: raw.modes, message: need('message'), remedy: need('remedy') };
}

/** Fills {placeholders} of a template. */
export function render(template: string, details: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in details ? String(details[k]) : m));
}
