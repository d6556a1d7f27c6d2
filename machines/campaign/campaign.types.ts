import type { Policy } from '../../src/policy/index.js';
import type { AnalysisTopic, CampaignEvent, RefusalReason } from './campaign.schemas.js';

/** A prospect on the campaign's list, with what became of it (ids only). */
export interface ListEntry {
  readonly customerId: string;
  readonly segment?: string;
  /** Calls made to this customer. */
  readonly attempts: number;
  readonly reached: boolean;
  /** The last outcome of a reached call. */
  readonly outcome?: 'sale' | 'interested' | 'callback' | 'refused';
  /** The customer asked not to be called again during the campaign. */
  readonly optedOut: boolean;
}

/** One logged call (现场活动的监控). */
export interface CallLog {
  readonly callId: string;
  readonly agentId: string;
  readonly customerId: string;
  readonly result: 'reached' | 'no-answer' | 'busy' | 'invalid-number';
  readonly outcome?: 'sale' | 'interested' | 'callback' | 'refused';
  readonly refusalReason?: RefusalReason;
  readonly at: string;
}

/** What the extraction left out (数据清单的提取). */
export interface Extraction {
  /** Prospects offered in all batches. */
  readonly offered: number;
  /** Left out because of an active do-not-call entry. */
  readonly excludedDoNotCall: readonly string[];
  /** Left out because they were already on the list. */
  readonly duplicates: number;
}

/** A rate as a share in [0, 1], or `null` when its base is zero. */
export type Rate = number | null;

/** One agent's numbers (对员工绩效的分析). */
export interface AgentFigures {
  readonly agentId: string;
  readonly calls: number;
  readonly reached: number;
  readonly sales: number;
  readonly refusals: number;
  /** reached / calls */
  readonly reachRate: Rate;
  /** sales / reached */
  readonly conversionRate: Rate;
  /** 1 = most sales (ties share a rank; then by conversion). */
  readonly rank: number;
}

/**
 * The campaign's figures, computed from the list and the call logs: the quantitative side of
 * the first four analyses. Ids and numbers only.
 */
export interface CampaignFigures {
  /** 对项目总体绩效目标达成情况的分析 */
  readonly target: {
    readonly sales: { readonly target: number; readonly achieved: number; readonly rate: number };
    readonly reached?: { readonly target: number; readonly achieved: number; readonly rate: number };
  };
  /** 对清单利用情况的分析 */
  readonly listUse: {
    readonly offered: number;
    readonly excludedDoNotCall: number;
    readonly duplicates: number;
    /** Prospects on the list. */
    readonly listed: number;
    /** Listed prospects called at least once. */
    readonly dialed: number;
    /** Listed prospects never called. */
    readonly untouched: number;
    /** Listed prospects reached at least once. */
    readonly reached: number;
    /** dialed / listed */
    readonly penetration: Rate;
    /** reached / dialed */
    readonly contactRate: Rate;
    /** Calls per dialed prospect. */
    readonly attemptsPerDialed: Rate;
    readonly optedOut: number;
  };
  /** 对员工绩效的分析 */
  readonly staff: readonly AgentFigures[];
  /** 对拒绝销售客户的分析 */
  readonly refusals: {
    readonly total: number;
    readonly byReason: Readonly<Record<RefusalReason, number>>;
    /** refusals / reached calls */
    readonly rate: Rate;
  };
}

/** Context of the campaign machine: JSON-safe, ids only. */
export interface CampaignContext {
  readonly policy: Policy;
  readonly campaignId: string;
  readonly target: { readonly sales: number; readonly reached?: number };
  readonly now: string;
  /** The list, by customer id, in extraction order. */
  readonly list: Readonly<Record<string, ListEntry>>;
  readonly extraction: Extraction;
  readonly agentIds: readonly string[];
  readonly calls: readonly CallLog[];
  readonly launchedAt?: string;
  readonly monitoringEndedAt?: string;
  /** Figures frozen when monitoring ends. */
  readonly figures?: CampaignFigures;
  /** The supervisor's five analyses (项目活动的总结). */
  readonly analyses: Partial<Readonly<Record<AnalysisTopic, { readonly conclusion: string; readonly at: string }>>>;
  readonly completedAt?: string;
}

/** Events the campaign machine emits for hosts. Ids and numbers only. */
export type CampaignEmitted =
  | { type: 'campaign.listExtracted'; campaignId: string; listed: number; excludedDoNotCall: number }
  | { type: 'campaign.launched'; campaignId: string; agentIds: readonly string[]; listed: number }
  | { type: 'campaign.callLogged'; campaignId: string; callId: string; agentId: string; customerId: string; result: CallLog['result']; outcome?: CallLog['outcome'] }
  | { type: 'campaign.optedOut'; campaignId: string; customerId: string; at: string }
  | { type: 'campaign.monitoringEnded'; campaignId: string; calls: number; sales: number }
  | { type: 'campaign.completed'; campaignId: string; at: string };

/** What a completed campaign returns: its figures and the five analyses. */
export interface CampaignOutput {
  readonly campaignId: string;
  readonly figures: CampaignFigures;
  readonly analyses: Readonly<Record<AnalysisTopic, { readonly conclusion: string; readonly at: string }>>;
  readonly completedAt: string;
}

export type { CampaignEvent };
