/**
 * `kefu/machines/monthly-assessment` — the monthly performance assessment as a process
 * (每月进行绩效考核,奖优罚劣; STAFF-SUMMARY): the supervisor drafts → each agent sees their result
 * and acknowledges or disputes it → published. Same vocabulary as every kefu machine: the
 * machine, its types, its schemas, its rule checks. The scoring is `assessMonth` of `kefu/staff`.
 */
import { checkDraft, checkShare, checkAgentResponse, checkOwnResponse, checkPublish } from './monthly-assessment.rules.js';
export { monthlyAssessmentMachine, monthlyAssessmentStepNames } from './monthly-assessment.machine.js';
export { MonthSchema, MonthlyAssessmentInputSchema, MonthlyAssessmentEventSchema } from './monthly-assessment.schemas.js';
export type { MonthlyAssessmentInput } from './monthly-assessment.schemas.js';
export type {
  MonthlyAssessmentContext,
  MonthlyAssessmentEvent,
  MonthlyAssessmentEmitted,
  MonthlyAssessmentOutput,
  AssessmentDraft,
  AssessmentAcknowledgement,
  AssessmentObjection,
} from './monthly-assessment.types.js';
/**
 * The rule checks behind the monthly-assessment machine's guards — exactly the rules the chart
 * enforces, one entry per rule guard: pure `({ context, event }) => Violation | undefined`
 * functions, the very ones `explain` and `send` run. Call one to ask a rule before sending.
 * Helpers the checks are built from (`assessedAgents`, `openObjections`) are exported by name.
 */
export const monthlyAssessmentChecks = /* @__PURE__ */ Object.freeze({
  checkDraft,
  checkShare,
  checkAgentResponse,
  checkOwnResponse,
  checkPublish,
});
export { assessedAgents, openObjections } from './monthly-assessment.rules.js';
