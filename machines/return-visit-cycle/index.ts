/**
 * `kefu/machines/return-visit-cycle` — a return-visit cycle (回访流程): select → compile → assign →
 * contact and record (one `returnVisitMachine` actor per customer) → analyse → summary report
 * (《回访总结报告》) → archive. Same vocabulary as every kefu machine.
 */
export { returnVisitCycleMachine, cycleVisitId } from './return-visit-cycle.machine.js';
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
  CompiledList,
  Candidate,
} from './return-visit-cycle.types.js';
export { selectCustomers, assignBalanced, maintenanceReminderIn } from './return-visit-cycle.select.js';
export type { Selection } from './return-visit-cycle.select.js';
export { buildReport, renderReportMarkdown, membersNotVisited, findCycleVisit, MEMBER_VISITED_OUTCOMES } from './return-visit-cycle.report.js';
export * as returnVisitCycleChecks from './return-visit-cycle.rules.js';
