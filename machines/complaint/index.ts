/**
 * `kefu/machines/complaint` — the seven-step complaint machine (顾客投诉处理流程).
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
export { complaintMachine, complaintStepNames } from './complaint.machine.js';
export {
  ComplaintFormSchema,
  ComplaintFormDraftSchema,
  ComplaintInputSchema,
  ComplaintEventSchema,
  CauseSchema,
  SatisfactionSchema,
} from './complaint.schemas.js';
export type { ComplaintForm, ComplaintFormDraft, ComplaintInput } from './complaint.schemas.js';
export type {
  ComplaintContext,
  ComplaintEvent,
  ComplaintEmitted,
  ComplaintOutput,
  ComplaintStep,
  Escalation,
  Proposal,
} from './complaint.types.js';
export * as complaintChecks from './complaint.rules.js';
export { missingFormFields } from './complaint.rules.js';
