/**
 * `kefu/machines/quality-audit` — the quality audit as a process (质量管理专员 — 服务质量自审,
 * QA-AUDIT): sample → score → feedback to the agents → the agents acknowledge → training → closed.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 * The scoring itself is `kefu/quality`'s (`scoreRecord`, `defaultChecklist`, `closeAudit`).
 */
import {
  checkSample,
  checkRecordScorable,
  checkScoringComplete,
  checkFeedbackEntry,
  checkFeedbackComplete,
  checkAcknowledgement,
  checkOwnAcknowledgement,
  checkTrainingEntry,
  checkTrainingComplete,
} from './quality-audit.rules.js';
export { qualityAuditMachine, qualityAuditStepNames } from './quality-audit.machine.js';
export { AuditRecordRefSchema, QualityAuditInputSchema, QualityAuditEventSchema } from './quality-audit.schemas.js';
export type { AuditRecordRef, QualityAuditInput } from './quality-audit.schemas.js';
export type {
  QualityAuditContext,
  QualityAuditEvent,
  QualityAuditEmitted,
  QualityAuditOutput,
  AuditAcknowledgement,
  TrainingDelivered,
} from './quality-audit.types.js';
/**
 * The rule checks behind the quality-audit machine's guards — exactly the rules the chart
 * enforces, one entry per rule guard: pure `({ context, event }) => Violation | undefined`
 * functions, the very ones `explain` and `send` run. Call one to ask a rule before sending.
 * Helpers the checks are built from (`auditedAgents`) are exported by name, not here.
 */
export const qualityAuditChecks = /* @__PURE__ */ Object.freeze({
  checkSample,
  checkRecordScorable,
  checkScoringComplete,
  checkFeedbackEntry,
  checkFeedbackComplete,
  checkAcknowledgement,
  checkOwnAcknowledgement,
  checkTrainingEntry,
  checkTrainingComplete,
});
export { auditedAgents } from './quality-audit.rules.js';
