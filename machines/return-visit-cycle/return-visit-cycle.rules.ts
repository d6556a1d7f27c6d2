/**
 * The RV-* rule checks of a return-visit cycle. Pure functions of the context and the event; the
 * machine's guards are built from them with `ruleGuard`, and `explain` runs the same functions.
 */
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { isOnDoNotCall } from '../../src/dnc/index.js';
import { DATED_OCCASIONS } from '../return-visit/index.js';
import { findCycleVisit, membersNotVisited, MEMBER_VISITED_OUTCOMES } from './return-visit-cycle.report.js';
import { selectCustomers } from './return-visit-cycle.select.js';
import type { ReturnVisitCycleContext, ReturnVisitCycleMachineEvent } from './return-visit-cycle.types.js';
import type { ReturnVisitCycleEvent } from './return-visit-cycle.schemas.js';

type Args = { context: ReturnVisitCycleContext; event: ReturnVisitCycleMachineEvent };
type Of<T extends ReturnVisitCycleEvent['type']> = Extract<ReturnVisitCycleEvent, { type: T }>;

/** RV-OCCASION: a holiday, anniversary or promotion cycle names its date. */
export function checkOccasionCriteria({ event }: Args): Violation | undefined {
  const { criteria } = event as Of<'CUSTOMERS.SELECT'>;
  return DATED_OCCASIONS.includes(criteria.occasion) && criteria.occasionDate === undefined
    ? violation('RV-OCCASION', {
        reason: { zh: '特色回访须指明日期(节日、店庆日、促销活动期)', en: `a ${criteria.occasion} cycle needs the occasion's date` },
        details: { occasion: criteria.occasion, missing: ['occasionDate'] },
      })
    : undefined;
}

/** RV-CYCLE: the selection finds at least one customer to visit. */
export function checkSelectionNotEmpty({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CUSTOMERS.SELECT'>;
  const { compiled } = selectCustomers(e.archive, e.criteria, context.policy, context.doNotCall, e.at);
  return compiled.selected > 0
    ? undefined
    : violation('RV-CYCLE', {
        reason: { zh: '未提取到需要回访的客户', en: 'the selection found no customer to visit' },
        details: { rowsRead: compiled.rowsRead, excludedDoNotCall: compiled.excludedDoNotCall.length },
      });
}

/**
 * RV-MEMBER-100: a new visit is issued only for a customer of the cycle whose visit ended without
 * being made (not reached, wrong number, cancelled, failed), with their archive row, and never for
 * a customer on the do-not-call list.
 */
export function checkReissue({ context, event }: Args): Violation | undefined {
  const e = event as Of<'VISIT.REISSUE'>;
  const visit = findCycleVisit(context, e.customerId);
  const refuse = (zh: string, en: string, details: Record<string, unknown> = {}) =>
    violation('RV-MEMBER-100', { reason: { zh, en }, details: { customerId: e.customerId, ...details } });
  if (!visit) return refuse('该客户不在本次回访中', 'the customer is not in this cycle');
  if (visit.status === 'open') return refuse('该客户的回访尚未结束', 'the customer\'s visit is still open', { visitId: visit.visitId });
  if (visit.outcome && MEMBER_VISITED_OUTCOMES.includes(visit.outcome)) {
    return refuse('该客户已回访', 'the customer has been visited', { outcome: visit.outcome });
  }
  if (e.row.customer.id !== e.customerId) return refuse('档案行与客户不符', 'the archive row is another customer\'s', { rowCustomerId: e.row.customer.id });
  if (isOnDoNotCall(context.doNotCall, e.customerId, e.at)) return refuse('客户在免打扰名单中', 'the customer is on the do-not-call list');
  if (e.agentId !== undefined && !context.agentIds.includes(e.agentId)) {
    return refuse(`客服专员 ${e.agentId} 不在本次回访中`, `agent ${e.agentId} is not in this cycle`, { agentIds: context.agentIds });
  }
  return undefined;
}

/**
 * RV-CYCLE (记录每一个客户回访结果): an outcome sent to the cycle is of a visit it runs as a case of
 * its own (`visitsAs: 'cases'`; a live cycle hears from its visit actors), the customer's current
 * visit, and still open — an outcome (`VISIT.OUTCOME`, or `VISIT.FAILED` for a visit case that
 * could not be opened) is recorded once.
 */
export function checkVisitOutcome({ context, event }: Args): Violation | undefined {
  const e = event as Of<'VISIT.OUTCOME'> | Of<'VISIT.FAILED'>;
  const { visitId, customerId } = e.type === 'VISIT.OUTCOME' ? e.output : e;
  const refuse = (zh: string, en: string, details: Record<string, unknown> = {}) =>
    violation('RV-CYCLE', { reason: { zh, en }, details: { visitId, ...details } });
  if (context.visitsAs !== 'cases') return refuse('本次回访由子流程执行,结果由其自行上报', 'this cycle runs its visits as child actors; their outcomes come from them');
  const visit = findCycleVisit(context, customerId);
  if (!visit || visit.visitId !== visitId) return refuse('该回访不是本次回访流程中该客户的当前回访', 'not the customer\'s current visit in this cycle', { current: visit?.visitId ?? null });
  if (visit.status !== 'open') return refuse('该回访结果已记录', 'the visit\'s outcome is already recorded', { status: visit.status });
  return undefined;
}

/** RV-CYCLE: the cycle is archived only after the summary report (《回访总结报告》) is written. */
export function checkReportWritten({ context }: Args): Violation | undefined {
  return context.report
    ? undefined
    : violation('RV-CYCLE', { reason: { zh: '尚未撰写《回访总结报告》', en: 'the summary report has not been written' } });
}

/** RV-MEMBER-100: archiving is refused while any member's visit is not made; the refusal lists them by id. */
export function checkMembersVisited({ context }: Args): Violation | undefined {
  const missing = membersNotVisited(context.visits);
  return missing.length === 0
    ? undefined
    : violation('RV-MEMBER-100', {
        reason: { zh: `尚有 ${missing.length} 名会员未完成回访:${missing.join('、')}`, en: `${missing.length} member(s) not visited yet: ${missing.join(', ')}` },
        details: { members: missing },
      });
}
