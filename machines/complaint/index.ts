/**
 * `kefu/machines/complaint` — the seven-step complaint machine (顾客投诉处理流程).
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkFormComplete,
  checkValidAssessment,
  checkApologyAndPromise,
  checkExplained,
  checkInvestigation,
  checkProposal,
  checkHasProposals,
  checkApproval,
  checkProposalReview,
  checkCustomerChoice,
  checkNotified,
  checkSignedOff,
  checkCustomersOwnSignature,
  checkAccountabilityMeasure,
  checkAccountabilityRecorded,
  checkFollowedUp,
  checkFollowUpAfterHandling,
  checkFollowUpRestTime,
  checkNotSatisfied,
  checkReview,
  checkPoliteText,
} from './complaint.rules.js';
export { complaintMachine, complaintStepNames } from './complaint.machine.js';
export { complaintMigrations, COMPLAINT_VERSION } from './complaint.migrations.js';
export { complaintBackfills } from './complaint.backfills.js';
export {
  ComplaintFormSchema,
  ComplaintFormDraftSchema,
  ComplaintInputSchema,
  ComplaintEventSchema,
  CauseSchema,
  SatisfactionSchema,
  AccountabilityTargetSchema,
  ProposalVerdictSchema,
  SignatureEvidenceSchema,
} from './complaint.schemas.js';
export type { ComplaintForm, ComplaintFormDraft, ComplaintInput } from './complaint.schemas.js';
export type {
  ComplaintContext,
  ComplaintEvent,
  ComplaintEmitted,
  ComplaintOutput,
  ComplaintStep,
  Escalation,
  StepWarning,
  Proposal,
  ProposalVerdict,
  AccountabilityRecord,
} from './complaint.types.js';
/**
 * The rule checks behind the complaint machine's guards — exactly the rules the chart enforces,
 * one entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the
 * very ones `explain` and `send` run
 * (`ruleCheckOf(complaintMachine.implementations.guards.isFormComplete)?.check` is
 * `complaintChecks.checkFormComplete`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingFormFields`) are exported by name, not here.
 */
export const complaintChecks = /* @__PURE__ */ Object.freeze({
  checkFormComplete,
  checkValidAssessment,
  checkApologyAndPromise,
  checkExplained,
  checkInvestigation,
  checkProposal,
  checkHasProposals,
  checkApproval,
  checkProposalReview,
  checkCustomerChoice,
  checkNotified,
  checkSignedOff,
  checkCustomersOwnSignature,
  checkAccountabilityMeasure,
  checkAccountabilityRecorded,
  checkFollowedUp,
  checkFollowUpAfterHandling,
  checkFollowUpRestTime,
  checkNotSatisfied,
  checkReview,
  checkPoliteText,
});
export { missingFormFields } from './complaint.rules.js';
