import type { InfraInfo, VmInfo } from '../inventory/model';
import { checks } from './checks';
import { migrationModes, type MigrationMode, type SupportMatrix } from './matrix';
import { render, type Rule, type Severity } from './rules';

/** One problem (or note) found. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  remedy: string;
}

/** ready: nothing found above info; ready-with-warnings: warnings only; blocked: at least one critical. */
export type Verdict = 'ready' | 'ready-with-warnings' | 'blocked';

/** The assessment of one VM for one mode. */
export interface ModeAssessment {
  mode: MigrationMode;
  verdict: Verdict;
  findings: Finding[];
}

/** Everything the assessment needs besides the VM. */
export interface AssessmentInput {
  rules: Rule[];
  matrix: SupportMatrix;
  /** The target datastore the VM is mapped to, when a mapping exists. */
  targetDatastore?: InfraInfo;
}

/** Assesses one VM for one mode. */
export function assessVm(vm: VmInfo, mode: MigrationMode, input: AssessmentInput): ModeAssessment {
  const findings: Finding[] = [];
  for (const rule of input.rules) {
    if (rule.modes && !rule.modes.includes(mode)) continue;
    const check = checks[rule.check];
    if (!check) continue;
    for (const hit of check({ vm, mode, matrix: input.matrix, params: rule.params ?? {}, targetDatastore: input.targetDatastore })) {
      findings.push({ ruleId: rule.id, severity: rule.severity, message: render(rule.message, hit), remedy: render(rule.remedy, hit) });
    }
  }
  return { mode, verdict: verdictOf(findings), findings };
}

/** Assesses one VM for all three modes (the matrix's columns). */
export function assessAllModes(vm: VmInfo, input: AssessmentInput): ModeAssessment[] {
  return migrationModes.map((mode) => assessVm(vm, mode, input));
}

/** The verdict of a set of findings. */
export function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'critical')) return 'blocked';
  if (findings.some((f) => f.severity === 'warning')) return 'ready-with-warnings';
  return 'ready';
}
