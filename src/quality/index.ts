/**
 * `kefu/quality` — the quality specialist's audits (质量管理专员, QA-AUDIT): seeded sampling of
 * service records, scoring against a checklist of standards, findings that feed back into the
 * standards and training, and closing an audit only with feedback for every failed item.
 * Pure functions and zod schemas; the audit as a process with steps and roles is the machine
 * `kefu/machines/quality-audit`, built on these.
 *
 * Internal on purpose: the PRNG and hashing inside `sample.ts` are not exported and may change
 * without a major version (a seed's sample is stable within a version).
 */
export {
  AuditFeedbackSchema,
  ChecklistSchema,
  FeedbackActionSchema,
  ServiceRecordSchema,
  StandardSchema,
} from './quality.schemas.js';
export type {
  AuditCloseResult,
  AuditFeedback,
  AuditReport,
  ClosedAudit,
  Finding,
  ItemResult,
  PhraseFinding,
  RecordResult,
  ServiceRecord,
  ServiceRecordInput,
  Standard,
  StandardInput,
} from './quality.schemas.js';
export { sampleRecords } from './sample.js';
export type { SampleOptions } from './sample.js';
export { defaultChecklist, runAudit, scoreRecord } from './audit.js';
export type { AuditInput } from './audit.js';
export { checkAuditClosable, closeAudit } from './close.js';
