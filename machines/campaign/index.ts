/**
 * `kefu/machines/campaign` — a telemarketing campaign (从数据中获取利润): 数据清单的提取 →
 * 现场活动的监控 → 项目活动的总结 with its five analyses (CAMPAIGN). Same vocabulary as every
 * kefu machine: the machine, its types, its schemas, its rule checks, plus the pure figures.
 * The do-not-call list it respects is the department's one list, exported from `kefu`.
 */
import {
  checkListReady,
  checkCall,
  checkSummaryComplete,
} from './campaign.rules.js';
export { campaignMachine, campaignStepNames } from './campaign.machine.js';
export {
  AnalysisTopicSchema,
  CampaignEventSchema,
  CampaignInputSchema,
  ProspectSchema,
  RefusalReasonSchema,
} from './campaign.schemas.js';
export type { AnalysisTopic, CampaignInput, Prospect, RefusalReason } from './campaign.schemas.js';
export type {
  AgentFigures,
  CallLog,
  CampaignContext,
  CampaignEmitted,
  CampaignEvent,
  CampaignFigures,
  CampaignOutput,
  Extraction,
  ListEntry,
  Rate,
} from './campaign.types.js';
export { analysisTopics, campaignFigures } from './campaign.figures.js';
/**
 * The rule checks behind the campaign machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(campaignMachine.implementations.guards.isSummaryComplete)?.check` is
 * `campaignChecks.checkSummaryComplete`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingAnalyses`) are exported by name, not here.
 */
export const campaignChecks = /* @__PURE__ */ Object.freeze({
  checkListReady,
  checkCall,
  checkSummaryComplete,
});
export { missingAnalyses } from './campaign.rules.js';
