/**
 * The CAMPAIGN rule checks. Pure functions of the context and the event; the machine's guards
 * are built from them with `ruleGuard`, and `explain` runs the same functions.
 */
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { analysisTopics } from './campaign.figures.js';
import type { AnalysisTopic } from './campaign.schemas.js';
import type { CampaignContext, CampaignEvent } from './campaign.types.js';

type Args = { context: CampaignContext; event: CampaignEvent };
type Of<T extends CampaignEvent['type']> = Extract<CampaignEvent, { type: T }>;

/**
 * The analyses of the summary still missing, in the documents' order.
 *
 * @example
 * missingAnalyses({ analyses: { target: { conclusion: '完成 75%', at } } }) //=> ['list-use', 'staff', 'refusals', 'lessons']
 */
export function missingAnalyses(context: Pick<CampaignContext, 'analyses'>): AnalysisTopic[] {
  return (Object.keys(analysisTopics) as AnalysisTopic[]).filter((t) => context.analyses[t] === undefined);
}

/** CAMPAIGN: the campaign is launched on a list that is not empty. */
export function checkListReady({ context }: Args): Violation | undefined {
  return Object.keys(context.list).length > 0
    ? undefined
    : violation('CAMPAIGN', { reason: { zh: '数据清单为空', en: 'the data list is empty' } });
}

/** CAMPAIGN: a call goes to a listed customer who has not opted out, by an agent of the campaign, and is logged completely. */
export function checkCall({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALL.LOG'>;
  const refuse = (zh: string, en: string, details: Record<string, unknown>) => violation('CAMPAIGN', { reason: { zh, en }, details });
  const entry = context.list[e.customerId];
  if (!entry) {
    const dnc = context.extraction.excludedDoNotCall.includes(e.customerId);
    return dnc
      ? refuse(`客户 ${e.customerId} 在免打扰名单中`, `customer ${e.customerId} is on the do-not-call list`, { customerId: e.customerId, doNotCall: true })
      : refuse(`客户 ${e.customerId} 不在数据清单中`, `customer ${e.customerId} is not on the list`, { customerId: e.customerId });
  }
  if (entry.optedOut) return refuse(`客户 ${e.customerId} 已要求不再来电`, `customer ${e.customerId} asked not to be called again`, { customerId: e.customerId, doNotCall: true });
  if (!context.agentIds.includes(e.agentId)) return refuse(`客服 ${e.agentId} 不在本次活动中`, `agent ${e.agentId} is not on the campaign`, { agentId: e.agentId });
  if (context.calls.some((c) => c.callId === e.callId)) return refuse(`通话 ${e.callId} 已记录`, `call ${e.callId} is already logged`, { callId: e.callId });
  if (e.result === 'reached' && e.outcome === undefined) return refuse('接通的电话须记录结果', 'a reached call needs its outcome', { missing: ['outcome'] });
  if (e.result !== 'reached' && e.outcome !== undefined) return refuse('未接通的电话不能有结果', 'a call not reached has no outcome', { field: 'outcome' });
  if (e.outcome === 'refused' && e.refusalReason === undefined) return refuse('拒绝须记录原因', 'a refusal needs its reason', { missing: ['refusalReason'] });
  if (e.outcome !== 'refused' && e.refusalReason !== undefined) return refuse('只有拒绝才有拒绝原因', 'only a refusal has a refusal reason', { field: 'refusalReason' });
  return undefined;
}

/** CAMPAIGN: the summary is complete only with all five analyses; the refusal names the missing ones. */
export function checkSummaryComplete({ context }: Args): Violation | undefined {
  const missing = missingAnalyses(context);
  if (missing.length === 0) return undefined;
  return violation('CAMPAIGN', {
    reason: {
      zh: `项目活动总结缺少:${missing.map((t) => `(${analysisTopics[t].n})${analysisTopics[t].zh}`).join('、')}`,
      en: `the summary lacks the analysis of ${missing.map((t) => analysisTopics[t].en).join(', ')}`,
    },
    details: { missing },
  });
}
