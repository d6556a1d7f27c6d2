/**
 * `kefu/machines/campaign` — a telemarketing campaign (从数据中获取利润): 数据清单的提取 →
 * 现场活动的监控 → 项目活动的总结 with its five analyses (CAMPAIGN). Same vocabulary as every
 * kefu machine: the machine, its types, its schemas, its rule checks, plus the pure figures.
 */
export { campaignMachine, campaignStepNames } from './campaign.machine.js';
export {
  AnalysisTopicSchema,
  CampaignEventSchema,
  CampaignInputSchema,
  DoNotCallEntrySchema,
  ProspectSchema,
  RefusalReasonSchema,
} from './campaign.schemas.js';
export type { AnalysisTopic, CampaignInput, DoNotCallEntry, Prospect, RefusalReason } from './campaign.schemas.js';
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
export { activeDoNotCall, analysisTopics, campaignFigures, extractList } from './campaign.figures.js';
export * as campaignChecks from './campaign.rules.js';
export { missingAnalyses } from './campaign.rules.js';
