/**
 * The cycle's bookkeeping of its visits, as pure functions of the context: which visit each
 * customer gets (assignment, reissue), and how an ended visit is recorded. The machine uses them
 * whether the visits run as child actors (a live cycle) or as cases of their own (under
 * `kefu/runtime`), so both record the same thing.
 */
import { toEpoch } from '../../src/time/index.js';
import { addToDoNotCall } from '../../src/dnc/index.js';
import { visitDueAt, type ReturnVisitInput, type ReturnVisitOutput, type VisitMethod } from '../return-visit/index.js';
import { assignBalanced } from './return-visit-cycle.select.js';
import type { ArchiveRow } from './return-visit-cycle.schemas.js';
import type { Candidate, CycleVisit, ReturnVisitCycleContext } from './return-visit-cycle.types.js';

/** The visit id of a customer's visit in a cycle: `cycle:customer`, then `cycle:customer:2`, ... */
export const cycleVisitId = (cycleId: string, customerId: string, round = 1): string =>
  round === 1 ? `${cycleId}:${customerId}` : `${cycleId}:${customerId}:${round}`;

/** One visit to start: the visit machine's input (with the customer's personal data) and the cycle's tracking of it. */
export interface VisitPlan {
  readonly input: ReturnVisitInput;
  readonly visit: CycleVisit;
}

const later = (a: string, b: string): string => (toEpoch(a) >= toEpoch(b) ? a : b);

function planVisit(context: ReturnVisitCycleContext, candidate: Candidate, agentId: string, method: VisitMethod, round: number, at: string): VisitPlan {
  const { customer, service } = candidate.row;
  const occasion = context.criteria!.occasion;
  const visitId = cycleVisitId(context.cycleId, customer.id, round);
  const input: ReturnVisitInput = {
    visitId,
    // A visit run as a case of its own reports its end to the cycle by this id.
    ...(context.visitsAs === 'cases' ? { cycleId: context.cycleId } : {}),
    customer,
    service,
    agentId,
    method,
    occasion,
    ...(candidate.occasionDate ? { occasionDate: candidate.occasionDate } : {}),
    policy: context.policy,
    at,
  };
  const visit: CycleVisit = {
    visitId,
    customerId: customer.id,
    member: customer.member,
    agentId,
    method,
    round,
    ...(candidate.occasionDate ? { occasionDate: candidate.occasionDate } : {}),
    dueAt: visitDueAt(context.policy, occasion, service.completedAt, candidate.occasionDate),
    status: 'open',
    tooLong: false,
    overdue: false,
    attempts: 0,
    previousVisitIds: [],
  };
  return { input, visit };
}

/**
 * RV-CYCLE 分配: one visit per selected customer, agents balanced by count; the context's new
 * fields (the archive rows are dropped: the visits hold them now).
 */
export function assignVisits(context: ReturnVisitCycleContext, agentIds: readonly string[], at: string) {
  const agentFor = assignBalanced(context.candidates.map((c) => c.row.customer.id), agentIds);
  const plans: VisitPlan[] = [];
  const visits: CycleVisit[] = [];
  const visitIndex: Record<string, number> = {};
  for (const candidate of context.candidates) {
    const plan = planVisit(context, candidate, agentFor[candidate.row.customer.id]!, context.criteria!.method, 1, at);
    plans.push(plan);
    visitIndex[plan.visit.customerId] = visits.push(plan.visit) - 1;
  }
  return { plans, update: { now: at, agentIds: [...agentIds], visits, visitIndex, candidates: [] as Candidate[] } };
}

/** What `VISIT.REISSUE` carries. */
export interface ReissueRequest {
  readonly customerId: string;
  readonly row: ArchiveRow;
  readonly agentId?: string;
  readonly method?: VisitMethod;
  readonly at: string;
}

/**
 * RV-MEMBER-100: the next round of a customer's visit (checked by `checkReissue` first): the
 * agent named, or the least loaded one; the context's new fields.
 */
export function reissueVisit(context: ReturnVisitCycleContext, e: ReissueRequest) {
  const at = context.visitIndex[e.customerId]!;
  const previous = context.visits[at]!;
  const load: Record<string, number> = {};
  for (const v of context.visits) if (v.status === 'open') load[v.agentId] = (load[v.agentId] ?? 0) + 1;
  const agentId = e.agentId ?? assignBalanced([e.customerId], context.agentIds, load)[e.customerId]!;
  const candidate: Candidate = { row: e.row, ...(previous.occasionDate ? { occasionDate: previous.occasionDate } : {}) };
  const plan = planVisit(context, candidate, agentId, e.method ?? context.criteria!.method, previous.round + 1, e.at);
  const visits = context.visits.slice();
  visits[at] = { ...plan.visit, previousVisitIds: [...previous.previousVisitIds, previous.visitId] };
  return { plan, update: { now: e.at, analysis: undefined, report: undefined, visits } };
}

/**
 * The context's new fields once a visit ended with `out` (记录每一个客户回访结果), or `undefined`
 * when `out` is not the customer's current visit of this cycle. An opt-out is added to the cycle's
 * do-not-call list.
 */
export function settleVisit(context: ReturnVisitCycleContext, out: ReturnVisitOutput): Partial<ReturnVisitCycleContext> | undefined {
  const at = context.visitIndex[out.customerId];
  const visit = at === undefined ? undefined : context.visits[at];
  if (at === undefined || !visit || visit.visitId !== out.visitId) return undefined;
  const settled: CycleVisit = {
    ...visit,
    status: 'settled',
    method: out.method,
    outcome: out.outcome,
    ...(out.satisfaction ? { satisfaction: out.satisfaction } : {}),
    ...(out.aspects ? { aspects: out.aspects } : {}),
    ...(out.suggestion !== undefined ? { suggestion: out.suggestion } : {}),
    ...(out.durationSeconds !== undefined ? { durationSeconds: out.durationSeconds } : {}),
    tooLong: out.tooLong,
    overdue: out.overdue,
    attempts: out.attempts,
    endedAt: out.endedAt,
  };
  const visits = context.visits.slice();
  visits[at] = settled;
  return {
    now: later(out.endedAt, context.now),
    visits,
    ...(out.outcome === 'opted-out' ? { doNotCall: addToDoNotCall(context.doNotCall, out.customerId, out.endedAt, context.policy) } : {}),
  };
}

/** The context's new fields once the visit `visitId` failed (its actor errored), or `undefined` when it is not in the cycle. */
export function failVisit(context: ReturnVisitCycleContext, visitId: string): Partial<ReturnVisitCycleContext> | undefined {
  const at = context.visits.findIndex((v) => v.visitId === visitId);
  if (at < 0) return undefined;
  const visits = context.visits.slice();
  visits[at] = { ...visits[at]!, status: 'failed' as const };
  return { visits };
}
