import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { Finding, ModeAssessment, Verdict } from '../readiness/assess';
import type { MigrationMode } from '../readiness/matrix';
import type { Severity } from '../readiness/rules';

import pb = ferry.inventory.v1;

const modes: Record<MigrationMode, pb.MigrationMode> = {
  'warm-vcd': pb.MigrationMode.MIGRATION_MODE_WARM_VCD,
  'warm-vcs': pb.MigrationMode.MIGRATION_MODE_WARM_VCS,
  cold: pb.MigrationMode.MIGRATION_MODE_COLD,
};
const verdicts: Record<Verdict, pb.Verdict> = {
  ready: pb.Verdict.VERDICT_READY,
  'ready-with-warnings': pb.Verdict.VERDICT_READY_WITH_WARNINGS,
  blocked: pb.Verdict.VERDICT_BLOCKED,
};
const severities: Record<Severity, pb.Severity> = {
  info: pb.Severity.SEVERITY_INFO,
  warning: pb.Severity.SEVERITY_WARNING,
  critical: pb.Severity.SEVERITY_CRITICAL,
};

function reverse<K extends string>(table: Record<K, number>, value: number | null | undefined): K | undefined {
  return (Object.keys(table) as K[]).find((k) => table[k] === value);
}

/** Wire mode -> domain mode; undefined for MIGRATION_MODE_UNSPECIFIED; ValidationError naming `field` for an unknown number. */
export function decodeMode(value: pb.MigrationMode | null | undefined, field: string): MigrationMode | undefined {
  if (!value) return undefined;
  const mode = reverse(modes, value);
  if (!mode) throw new ValidationError(field, `${value} is not a MigrationMode (1 warm-vcd, 2 warm-vcs, 3 cold)`);
  return mode;
}

/** Wire verdict -> domain verdict; undefined for VERDICT_UNSPECIFIED; ValidationError naming `field` for an unknown number. */
export function decodeVerdict(value: pb.Verdict | null | undefined, field: string): Verdict | undefined {
  if (!value) return undefined;
  const verdict = reverse(verdicts, value);
  if (!verdict) throw new ValidationError(field, `${value} is not a Verdict (1 ready, 2 ready with warnings, 3 blocked)`);
  return verdict;
}

function encodeFinding(f: Finding): pb.IFinding {
  return { ruleId: f.ruleId, severity: severities[f.severity], message: f.message, remedy: f.remedy };
}

/** One mode's assessment on the wire. */
export function encodeAssessment(a: ModeAssessment): pb.IModeAssessment {
  return { mode: modes[a.mode], verdict: verdicts[a.verdict], findings: a.findings.map(encodeFinding) };
}
