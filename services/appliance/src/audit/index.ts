export { auditStatus, exportAudit, replayAuditView } from './audit-api';
export { replayAudit, type ReplayedAggregate, type ReplayPoint } from './replay';
