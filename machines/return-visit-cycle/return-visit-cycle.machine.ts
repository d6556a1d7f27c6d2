import { and, assign, emit, enqueueActions, setup, type DoneActorEvent, type ErrorActorEvent } from 'xstate';
import { registerMachineSchemas, ruleGuard } from '../../src/rules/index.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ReturnVisitCycleContextSchema, returnVisitCycleInvariants } from './return-visit-cycle.invariants.js';
import { toEpoch } from '../../src/time/index.js';
import { addToDoNotCall } from '../../src/dnc/index.js';
import {
  returnVisitMachine,
  visitDueAt,
  type ReturnVisitInput,
  type ReturnVisitOutput,
  type VisitMethod,
} from '../return-visit/index.js';
import { resolvePolicy } from '../return-visit/return-visit.policy.js';
import {
  ReturnVisitCycleEventSchema,
  ReturnVisitCycleInputSchema,
  type ReturnVisitCycleEvent,
  type ReturnVisitCycleInput,
} from './return-visit-cycle.schemas.js';
import { buildReport } from './return-visit-cycle.report.js';
import { assignBalanced, selectCustomers } from './return-visit-cycle.select.js';
import * as checks from './return-visit-cycle.rules.js';
import type {
  Candidate,
  CycleVisit,
  ReturnVisitCycleContext,
  ReturnVisitCycleEmitted,
  ReturnVisitCycleMachineEvent,
  ReturnVisitCycleOutput,
} from './return-visit-cycle.types.js';
import { withRolePermit } from '../../src/roles/permit.js';

type Of<T extends ReturnVisitCycleEvent['type']> = Extract<ReturnVisitCycleEvent, { type: T }>;
type Ctx = { context: ReturnVisitCycleContext; event: ReturnVisitCycleMachineEvent };

const later = (a: string, b: string): string => (toEpoch(a) >= toEpoch(b) ? a : b);

/** The visit id of a customer's visit in a cycle: `cycle:customer`, then `cycle:customer:2`, ... */
export const cycleVisitId = (cycleId: string, customerId: string, round = 1): string =>
  round === 1 ? `${cycleId}:${customerId}` : `${cycleId}:${customerId}:${round}`;

function spawnPlan(context: ReturnVisitCycleContext, candidate: Candidate, agentId: string, method: VisitMethod, round: number, at: string) {
  const { customer, service } = candidate.row;
  const occasion = context.criteria!.occasion;
  const visitId = cycleVisitId(context.cycleId, customer.id, round);
  const input: ReturnVisitInput = {
    visitId,
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

const outputOf = (event: ReturnVisitCycleMachineEvent) => (event as DoneActorEvent<ReturnVisitOutput>).output;

/**
 * A return-visit cycle (回访流程): select customers from the archive → compile → assign to agents
 * (balanced by count) → contact and record each (one `returnVisitMachine` actor per customer,
 * spawned as a child) → analyse → summary report (《回访总结报告》) → archive.
 *
 * The context holds ids and results only once the visits are spawned; the customers' names and
 * phones live in the children's input (`snapshot.children`). Host side effects are named actions
 * with no-op defaults; the visits' side effects are provided through
 * `.provide({ actors: { returnVisit: returnVisitMachine.provide({ actions: { dial, ... } }) } })`.
 */
export const returnVisitCycleMachine = withRolePermit(setup({
  types: {
    context: {} as ReturnVisitCycleContext,
    events: {} as ReturnVisitCycleMachineEvent,
    input: {} as ReturnVisitCycleInput,
    output: {} as ReturnVisitCycleOutput,
    emitted: {} as ReturnVisitCycleEmitted,
  },
  actors: { returnVisit: returnVisitMachine },
  guards: {
    hasOccasionDate: ruleGuard('RV-OCCASION', checks.checkOccasionCriteria),
    isSelectionNotEmpty: ruleGuard('RV-CYCLE', checks.checkSelectionNotEmpty),
    isReissuable: ruleGuard('RV-MEMBER-100', checks.checkReissue),
    isReportWritten: ruleGuard('RV-CYCLE', checks.checkReportWritten),
    areAllMembersVisited: ruleGuard('RV-MEMBER-100', checks.checkMembersVisited),
    // Routing condition, not a rule.
    areAllVisitsSettled: ({ context }) => context.visits.every((v) => v.status !== 'open'),
  },
  actions: {
    // Host side effect: no-op until the host provides it.
    archiveCycle: (_: unknown, _params: { cycleId: string; report: ReturnVisitCycleContext['report'] }) => {},

    selectCustomers: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMERS.SELECT'>;
      const { candidates, compiled } = selectCustomers(e.archive, e.criteria, context.policy, context.doNotCall, e.at);
      return { now: e.at, criteria: e.criteria, candidates, compiled };
    }),
    announceCompiled: emit(({ context }: Ctx) => ({
      type: 'returnVisitCycle.compiled' as const,
      cycleId: context.cycleId,
      selected: context.compiled?.selected ?? 0,
      members: context.compiled?.members ?? 0,
      excludedDoNotCall: context.compiled?.excludedDoNotCall.length ?? 0,
    })),
    // Spawned inside one assign: XState then adds the children to the snapshot once, where one
    // spawnChild action per visit copies the children map each time. The refs are not kept in
    // context (they live in snapshot.children), so the context stays JSON-safe.
    spawnVisits: assign(({ context, event, spawn }) => {
      const e = event as Of<'AGENTS.ASSIGN'>;
      const agentFor = assignBalanced(context.candidates.map((c) => c.row.customer.id), e.agentIds);
      const visits: CycleVisit[] = [];
      const visitIndex: Record<string, number> = {};
      for (const candidate of context.candidates) {
        const { input, visit } = spawnPlan(context, candidate, agentFor[candidate.row.customer.id]!, context.criteria!.method, 1, e.at);
        visitIndex[visit.customerId] = visits.push(visit) - 1;
        spawn('returnVisit', { id: visit.visitId, input });
      }
      // The archive rows (names, phones) are not kept once the visits hold them.
      return { now: e.at, agentIds: e.agentIds, visits, visitIndex, candidates: [] };
    }),
    announceAssigned: emit(({ context }: Ctx) => {
      const counts = new Map(context.agentIds.map((id) => [id, 0]));
      for (const v of context.visits) counts.set(v.agentId, (counts.get(v.agentId) ?? 0) + 1);
      return { type: 'returnVisitCycle.assigned' as const, cycleId: context.cycleId, agents: [...counts].map(([agentId, visits]) => ({ agentId, visits })) };
    }),
    recordVisitOutcome: assign(({ context, event }) => {
      const out = outputOf(event);
      const at = context.visitIndex[out.customerId];
      const visit = at === undefined ? undefined : context.visits[at];
      if (at === undefined || !visit || visit.visitId !== out.visitId) return {};
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
    }),
    announceVisitSettled: emit(({ context, event }: Ctx) => {
      const out = outputOf(event);
      return { type: 'returnVisitCycle.visitSettled' as const, cycleId: context.cycleId, visitId: out.visitId, customerId: out.customerId, outcome: out.outcome };
    }),
    recordVisitFailure: assign(({ context, event }) => {
      const actorId = (event as ErrorActorEvent).type.slice('xstate.error.actor.'.length);
      const at = context.visits.findIndex((v) => v.visitId === actorId);
      if (at < 0) return {};
      const visits = context.visits.slice();
      visits[at] = { ...visits[at]!, status: 'failed' as const };
      return { visits };
    }),
    reissueVisit: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'VISIT.REISSUE'>;
      const at = context.visitIndex[e.customerId]!;
      const previous = context.visits[at]!;
      const load: Record<string, number> = {};
      for (const v of context.visits) if (v.status === 'open') load[v.agentId] = (load[v.agentId] ?? 0) + 1;
      const agentId = e.agentId ?? assignBalanced([e.customerId], context.agentIds, load)[e.customerId]!;
      const candidate: Candidate = { row: e.row, ...(previous.occasionDate ? { occasionDate: previous.occasionDate } : {}) };
      const { input, visit } = spawnPlan(context, candidate, agentId, e.method ?? context.criteria!.method, previous.round + 1, e.at);
      enqueue.spawnChild('returnVisit', { id: visit.visitId, input });
      const visits = context.visits.slice();
      visits[at] = { ...visit, previousVisitIds: [...previous.previousVisitIds, previous.visitId] };
      enqueue.assign({ now: e.at, analysis: undefined, report: undefined, visits });
    }),
    analyse: assign(({ context }) => ({ analysis: buildReport(context, context.now), report: undefined })),
    writeReport: assign(({ context, event }) => {
      const e = event as Of<'REPORT.WRITE'>;
      return { now: e.at, report: { ...buildReport(context, e.at), author: e.author, conclusions: e.conclusions ?? [], writtenAt: e.at } };
    }),
    recordTime: assign(({ context, event }) => ({ now: 'at' in event ? event.at : context.now })),
    recordArchive: assign(({ event }) => ({ archivedAt: (event as Of<'CYCLE.ARCHIVE'>).at, now: (event as Of<'CYCLE.ARCHIVE'>).at })),
    announceArchived: emit(({ context }: Ctx) => ({ type: 'returnVisitCycle.archived' as const, cycleId: context.cycleId, at: context.archivedAt ?? context.now })),
  },
}).createMachine({
  id: 'returnVisitCycle',
  description:
    '回访流程:从客户档案中提取需要统一回访的客户资料,统计整理后分配到各客服专员,通过电话(或短信)沟通并记录每一个客户回访结果,最后分析结果并撰写《回访总结报告》,进行最终资料归档 — a return-visit cycle from selection to archive (RV-CYCLE).',
  context: ({ input }) => {
    const { policy, ...rest } = (input ?? {}) as ReturnVisitCycleInput;
    // Parsed once and frozen: every visit of the cycle reuses it without parsing it again.
    const resolved = resolvePolicy(policy, 'return visit cycle input');
    const parsed = parseInput(ReturnVisitCycleInputSchema, rest, 'return visit cycle input', resolved.limits);
    return {
      policy: resolved,
      cycleId: parsed.cycleId,
      now: parsed.at,
      openedAt: parsed.at,
      candidates: [],
      agentIds: [],
      visits: [],
      visitIndex: {},
      doNotCall: parsed.doNotCall ?? [],
    };
  },
  output: ({ context }) => ({
    cycleId: context.cycleId,
    report: context.report!,
    doNotCall: context.doNotCall,
    archivedAt: context.archivedAt ?? context.now,
  }),
  initial: 'selecting',
  on: {
    'xstate.done.actor.*': {
      actions: ['recordVisitOutcome', 'announceVisitSettled'],
      description: '记录每一个客户回访结果 — record each visit\'s result as it ends',
    },
    'xstate.error.actor.*': {
      actions: 'recordVisitFailure',
      description: '回访出错 — a visit actor failed',
    },
    'VISIT.REISSUE': {
      guard: 'isReissuable',
      target: '.contacting',
      actions: 'reissueVisit',
      description: '对未联系上的客户(尤其会员)重新安排回访 — a new visit for a customer not reached (RV-MEMBER-100)',
    },
    'CYCLE.ARCHIVE': {
      guard: and(['isReportWritten', 'areAllMembersVisited']),
      target: '.archived',
      actions: ['recordArchive', { type: 'archiveCycle', params: ({ context }) => ({ cycleId: context.cycleId, report: context.report }) }, 'announceArchived'],
      description: '最终资料归档:须已撰写总结报告,且会员100%回访 — archive, once the report is written and every member visited (RV-CYCLE, RV-MEMBER-100)',
    },
  },
  states: {
    selecting: {
      description: '1 从客户档案中提取需要回访的客户资料(服务日期、回访类型、会员) — select customers from the archive by service dates, occasion, member flag (RV-CYCLE, RV-OCCASION)',
      meta: { step: 1, zh: '提取客户资料', rules: ['RV-CYCLE', 'RV-OCCASION', 'RV-QUIET'] },
      on: {
        'CUSTOMERS.SELECT': {
          guard: and(['hasOccasionDate', 'isSelectionNotEmpty']),
          target: 'assigning',
          actions: ['selectCustomers', 'announceCompiled'],
          description: '提取并统计整理(每位客户一次回访,排除免打扰客户) — select and compile: one visit per customer, do-not-call customers left out (RV-CYCLE)',
        },
      },
    },
    assigning: {
      description: '2 统计整理完毕,分配到各客服专员(按负责客户数量均衡) — compiled; assign to agents balanced by count (RV-CYCLE)',
      meta: { step: 2, zh: '统计整理,分配', rules: ['RV-CYCLE'] },
      on: {
        'AGENTS.ASSIGN': {
          target: 'contacting',
          actions: ['spawnVisits', 'announceAssigned'],
          description: '分配并为每位客户开启回访 — assign, and start one visit per customer',
        },
      },
    },
    contacting: {
      description: '3 通过电话(或短信)与客户沟通,认真记录每一个客户回访结果,填写《回访记录表》 — contact and record each visit (RV-CYCLE, RV-RECORD)',
      meta: { step: 3, zh: '沟通并记录', rules: ['RV-CYCLE', 'RV-MEMBER-100'] },
      always: { guard: 'areAllVisitsSettled', target: 'analysing', description: '全部回访结束 — every visit has ended' },
      on: {
        'CONTACT.CLOSE': {
          target: 'analysing',
          actions: 'recordTime',
          description: '主管结束沟通阶段,未完成的回访计为未完成 — the supervisor ends the contact phase; open visits count as open',
        },
      },
    },
    analysing: {
      description: '4 分析结果 — analyse the results (RV-CYCLE)',
      meta: { step: 4, zh: '分析结果', rules: ['RV-CYCLE'] },
      entry: 'analyse',
      on: {
        'xstate.done.actor.*': {
          target: 'analysing',
          reenter: true,
          actions: ['recordVisitOutcome', 'announceVisitSettled'],
          description: '迟到的回访结果:重新分析 — a late visit result: analyse again',
        },
        'REPORT.WRITE': {
          target: 'reported',
          actions: 'writeReport',
          description: '撰写《回访总结报告》 — write the summary report (RV-CYCLE)',
        },
      },
    },
    reported: {
      description: '5 《回访总结报告》已撰写,待归档 — the summary report is written; archive next (RV-CYCLE, RV-MEMBER-100)',
      meta: { step: 5, zh: '回访总结报告', rules: ['RV-CYCLE', 'RV-MEMBER-100'] },
      on: {
        'xstate.done.actor.*': {
          target: 'analysing',
          actions: ['recordVisitOutcome', 'announceVisitSettled'],
          description: '迟到的回访结果:报告须重写 — a late visit result: the report is written again',
        },
      },
    },
    archived: {
      type: 'final',
      description: '6 最终资料归档 — archived',
      meta: { step: 6, zh: '资料归档' },
    },
  },
}));

registerMachineSchemas({
  id: returnVisitCycleMachine.id,
  events: ReturnVisitCycleEventSchema,
  input: ReturnVisitCycleInputSchema,
  context: ReturnVisitCycleContextSchema,
  invariants: returnVisitCycleInvariants,
});
