/**
 * The data side of a telemarketing campaign (从数据中获取利润): extracting the list while
 * respecting the do-not-call list, and the figures of live monitoring and the summary. Pure.
 */
import type { Instant } from '../../src/time/index.js';
import { activeDoNotCall, type DoNotCallList } from '../../src/dnc/index.js';
import type { AnalysisTopic, Prospect, RefusalReason } from './campaign.schemas.js';
import type { AgentFigures, CallLog, CampaignContext, CampaignFigures, Extraction, ListEntry, Rate } from './campaign.types.js';

/** The five analyses the summary must hold (项目活动总结、分析至少要达到以下的效果), in the documents' order. */
export const analysisTopics: Readonly<Record<AnalysisTopic, { readonly n: number; readonly zh: string; readonly en: string }>> = {
  target: { n: 1, zh: '对项目总体绩效目标达成情况的分析', en: 'target achievement' },
  'list-use': { n: 2, zh: '对清单利用情况的分析', en: 'list use' },
  staff: { n: 3, zh: '对员工绩效的分析', en: 'staff performance' },
  refusals: { n: 4, zh: '对拒绝销售客户的分析', en: 'refusals' },
  lessons: { n: 5, zh: '对本次销售活动的经验总结分析', en: 'lessons learned' },
};

/**
 * Add a batch of prospects to a campaign's list (数据清单的提取), leaving out customers with an
 * active entry on the department's do-not-call list (`activeDoNotCall` from `kefu`) and those
 * already listed.
 *
 * @example
 * extractList({}, { offered: 0, excludedDoNotCall: [], duplicates: 0 }, [{ customerId: 'K1' }, { customerId: 'K2' }], [{ customerId: 'K2' }], at).extraction
 * //=> { offered: 2, excludedDoNotCall: ['K2'], duplicates: 0 }
 */
export function extractList(
  list: Readonly<Record<string, ListEntry>>,
  extraction: Extraction,
  prospects: readonly Prospect[],
  doNotCall: DoNotCallList,
  at: Instant,
): { list: Record<string, ListEntry>; extraction: Extraction } {
  const blocked = activeDoNotCall(doNotCall, at);
  const next: Record<string, ListEntry> = { ...list };
  const excluded = new Set(extraction.excludedDoNotCall);
  let duplicates = extraction.duplicates;
  for (const p of prospects) {
    if (blocked.has(p.customerId)) excluded.add(p.customerId);
    else if (next[p.customerId]) duplicates++;
    else next[p.customerId] = { customerId: p.customerId, ...(p.segment ? { segment: p.segment } : {}), attempts: 0, reached: false, optedOut: false };
  }
  // A customer blocked now but listed by an earlier batch is taken off the list too.
  for (const id of blocked) if (next[id] && next[id].attempts === 0) delete next[id];
  return { list: next, extraction: { offered: extraction.offered + prospects.length, excludedDoNotCall: [...excluded].sort(), duplicates } };
}

const rate = (n: number, d: number): Rate => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

const REASONS: readonly RefusalReason[] = ['no-need', 'price', 'has-supplier', 'bad-timing', 'distrust', 'other'];

/**
 * The campaign's figures from its list and call logs (现场活动的监控 / 项目活动的总结): target
 * achievement, list use, per-agent performance, refusals by reason. Live during monitoring,
 * frozen in context when monitoring ends.
 *
 * @example
 * campaignFigures(actor.getSnapshot().context).target.sales
 * //=> { target: 20, achieved: 3, rate: 0.15 }
 */
export function campaignFigures(context: Pick<CampaignContext, 'target' | 'list' | 'extraction' | 'agentIds' | 'calls'>): CampaignFigures {
  const entries = Object.values(context.list);
  const calls: readonly CallLog[] = context.calls;
  const sales = calls.filter((c) => c.outcome === 'sale').length;
  const reachedCustomers = entries.filter((e) => e.reached).length;

  const agents = new Map<string, { calls: number; reached: number; sales: number; refusals: number }>();
  for (const id of context.agentIds) agents.set(id, { calls: 0, reached: 0, sales: 0, refusals: 0 });
  for (const c of calls) {
    const a = agents.get(c.agentId) ?? { calls: 0, reached: 0, sales: 0, refusals: 0 };
    a.calls++;
    if (c.result === 'reached') a.reached++;
    if (c.outcome === 'sale') a.sales++;
    if (c.outcome === 'refused') a.refusals++;
    agents.set(c.agentId, a);
  }
  const unranked = [...agents].map(([agentId, a]) => ({ agentId, ...a, reachRate: rate(a.reached, a.calls), conversionRate: rate(a.sales, a.reached) }));
  unranked.sort((x, y) => y.sales - x.sales || (y.conversionRate ?? -1) - (x.conversionRate ?? -1) || (x.agentId < y.agentId ? -1 : 1));
  const staff: AgentFigures[] = unranked.map((a, i) => {
    const firstTied = unranked.findIndex((b) => b.sales === a.sales && b.conversionRate === a.conversionRate);
    return { ...a, rank: (firstTied < 0 ? i : firstTied) + 1 };
  });

  const byReason = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<RefusalReason, number>;
  let refusals = 0;
  for (const c of calls) {
    if (c.outcome !== 'refused') continue;
    refusals++;
    byReason[c.refusalReason ?? 'other']++;
  }
  const reachedCalls = calls.filter((c) => c.result === 'reached').length;
  const dialed = entries.filter((e) => e.attempts > 0).length;

  return {
    target: {
      sales: { target: context.target.sales, achieved: sales, rate: rate(sales, context.target.sales)! },
      ...(context.target.reached !== undefined
        ? { reached: { target: context.target.reached, achieved: reachedCustomers, rate: rate(reachedCustomers, context.target.reached)! } }
        : {}),
    },
    listUse: {
      offered: context.extraction.offered,
      excludedDoNotCall: context.extraction.excludedDoNotCall.length,
      duplicates: context.extraction.duplicates,
      listed: entries.length,
      dialed,
      untouched: entries.length - dialed,
      reached: reachedCustomers,
      penetration: rate(dialed, entries.length),
      contactRate: rate(reachedCustomers, dialed),
      attemptsPerDialed: rate(calls.length, dialed),
      optedOut: entries.filter((e) => e.optedOut).length,
    },
    staff,
    refusals: { total: refusals, byReason, rate: rate(refusals, reachedCalls) },
  };
}
