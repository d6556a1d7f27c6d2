/**
 * `kefu/machines/return-visit-cycle` — a return-visit cycle (回访流程): select → compile → assign →
 * contact and record (one `returnVisitMachine` actor per customer) → analyse → summary report
 * (《回访总结报告》) → archive. Same vocabulary as every kefu machine.
 */
import {
  checkOccasionCriteria,
  checkSelectionNotEmpty,
  checkReissue,
  checkReportWritten,
  checkMembersVisited,
  checkVisitOutcome,
} from './return-visit-cycle.rules.js';
export { returnVisitCycleMachine } from './return-visit-cycle.machine.js';
export { cycleVisitId } from './return-visit-cycle.visits.js';
export { cycleVisitCases } from './return-visit-cycle.cases.js';
export {
  ReturnVisitCycleInputSchema,
  ReturnVisitCycleEventSchema,
  ArchiveRowSchema,
  SelectionCriteriaSchema,
} from './return-visit-cycle.schemas.js';
export type { ReturnVisitCycleInput, ArchiveRow, SelectionCriteria } from './return-visit-cycle.schemas.js';
export type {
  ReturnVisitCycleContext,
  ReturnVisitCycleEvent,
  ReturnVisitCycleMachineEvent,
  ReturnVisitCycleEmitted,
  ReturnVisitCycleOutput,
  ReturnVisitReport,
  AgentSummary,
  CycleVisit,
  CycleVisitStatus,
  OpenVisitParams,
  CompiledList,
  Candidate,
} from './return-visit-cycle.types.js';
export { selectCustomers, assignBalanced, maintenanceReminderIn } from './return-visit-cycle.select.js';
export type { Selection } from './return-visit-cycle.select.js';
export { buildReport, renderReportMarkdown, membersNotVisited, findCycleVisit } from './return-visit-cycle.report.js';
/**
 * The rule checks behind the return-visit-cycle machine's guards — exactly the rules the chart
 * enforces, one entry per rule guard: pure `({ context, event }) => Violation | undefined`
 * functions, the very ones `explain` and `send` run
 * (`ruleCheckOf(returnVisitCycleMachine.implementations.guards.areAllMembersVisited)?.check` is
 * `returnVisitCycleChecks.checkMembersVisited`). Call one to ask a rule before sending, e.g. to
 * disable a button.
 */
export const returnVisitCycleChecks = /* @__PURE__ */ Object.freeze({
  checkOccasionCriteria,
  checkSelectionNotEmpty,
  checkReissue,
  checkReportWritten,
  checkMembersVisited,
  checkVisitOutcome,
});
