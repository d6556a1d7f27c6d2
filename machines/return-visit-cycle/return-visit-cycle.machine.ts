import { and, assign, emit, enqueueActions, setup, type DoneActorEvent, type ErrorActorEvent } from 'xstate';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ReturnVisitCycleContextSchema, returnVisitCycleInvariants } from './return-visit-cycle.invariants.js';
import { returnVisitMachine, type ReturnVisitOutput } from '../return-visit/index.js';
import { resolvePolicy } from '../return-visit/return-visit.policy.js';
import {
  ReturnVisitCycleEventSchema,
  ReturnVisitCycleInputSchema,
  type ReturnVisitCycleEvent,
  type ReturnVisitCycleInput,
} from './return-visit-cycle.schemas.js';
import { buildReport } from './return-visit-cycle.report.js';
import { selectCustomers } from './return-visit-cycle.select.js';
import { assignVisits, failVisit, reissueVisit, settleVisit, type VisitPlan } from './return-visit-cycle.visits.js';
import * as checks from './return-visit-cycle.rules.js';
import type {
  OpenVisitParams,
  ReturnVisitCycleContext,
  ReturnVisitCycleEmitted,
  ReturnVisitCycleMachineEvent,
  ReturnVisitCycleOutput,
} from './return-visit-cycle.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { returnVisitCyclePermissions } from './return-visit-cycle.permissions.js';
import { returnVisitCycleWorklist } from './return-visit-cycle.worklist.js';

type Of<T extends ReturnVisitCycleEvent['type']> = Extract<ReturnVisitCycleEvent, { type: T }>;
type Ctx = { context: ReturnVisitCycleContext; event: ReturnVisitCycleMachineEvent };

/** How the visit ended: a visit actor's output, or the output a visit case's outcome carries. */
const outputOf = (event: ReturnVisitCycleMachineEvent): ReturnVisitOutput =>
  event.type === 'VISIT.OUTCOME' ? (event as Of<'VISIT.OUTCOME'>).output : (event as DoneActorEvent<ReturnVisitOutput>).output;

const openVisitParams = (context: ReturnVisitCycleContext, plan: VisitPlan): OpenVisitParams => ({ cycleId: context.cycleId, visitId: plan.visit.visitId, input: plan.input });

/**
 * A return-visit cycle (回访流程): select customers from the archive → compile → assign to agents
 * (balanced by count) → contact and record each (one `returnVisitMachine` per customer) → analyse
 * → summary report (《回访总结报告》) → archive.
 *
 * Each visit runs as a spawned child actor (`visitsAs: 'actors'`, the default: a live cycle in one
 * process), or as a case of its own under `kefu/runtime` (`visitsAs: 'cases'`): the cycle then asks
 * for each visit with the `openVisit` effect and records its end from `VISIT.OUTCOME`, which
 * `cycleVisitCases` wires through the runtime's outbox.
 *
 * The context holds ids and results only once the visits are spawned; the customers' names and
 * phones live in the children's input (`snapshot.children`). Host side effects are named actions
 * with no-op defaults; the visits' side effects are provided through
 * `.provide({ actors: { returnVisit: returnVisitMachine.provide({ actions: { dial, ... } }) } })`.
 */
export const returnVisitCycleMachine = withEventSchema(withRolePermit(setup({
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
    isOutcomeOfOpenVisitCase: ruleGuard('RV-CYCLE', checks.checkVisitOutcome),
    areAllMembersVisited: ruleGuard('RV-MEMBER-100', checks.checkMembersVisited),
    // Routing condition, not a rule.
    areAllVisitsSettled: ({ context }) => context.visits.every((v) => v.status !== 'open'),
  },
  actions: {
    // Host side effect: no-op until the host provides it.
    archiveCycle: (_: unknown, _params: { cycleId: string; report: ReturnVisitCycleContext['report'] }) => {},
    // Host side effect (visitsAs 'cases'): open the visit as a case of its own (`cycleVisitCases` does).
    openVisit: (_: unknown, _params: OpenVisitParams) => {},

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
    // Live: spawned inside one assign, so XState adds the children to the snapshot once, where one
    // spawnChild action per visit copies the children map each time. The refs are not kept in
    // context (they live in snapshot.children), so the context stays JSON-safe.
    // Cases: one `openVisit` effect per visit; the host opens each as a case of its own.
    spawnVisits: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'AGENTS.ASSIGN'>;
      const { plans, update } = assignVisits(context, e.agentIds, e.at);
      if (context.visitsAs === 'cases') {
        for (const plan of plans) enqueue({ type: 'openVisit', params: openVisitParams(context, plan) });
        enqueue.assign(update);
        return;
      }
      enqueue.assign(({ spawn }) => {
        for (const { input, visit } of plans) spawn('returnVisit', { id: visit.visitId, input });
        return update;
      });
    }),
    announceAssigned: emit(({ context }: Ctx) => {
      const counts = new Map(context.agentIds.map((id) => [id, 0]));
      for (const v of context.visits) counts.set(v.agentId, (counts.get(v.agentId) ?? 0) + 1);
      return { type: 'returnVisitCycle.assigned' as const, cycleId: context.cycleId, agents: [...counts].map(([agentId, visits]) => ({ agentId, visits })) };
    }),
    recordVisitOutcome: assign(({ context, event }) => settleVisit(context, outputOf(event)) ?? {}),
    announceVisitSettled: emit(({ context, event }: Ctx) => {
      const out = outputOf(event);
      return { type: 'returnVisitCycle.visitSettled' as const, cycleId: context.cycleId, visitId: out.visitId, customerId: out.customerId, outcome: out.outcome };
    }),
    recordVisitFailure: assign(({ context, event }) => {
      const visitId = event.type === 'VISIT.FAILED' ? (event as Of<'VISIT.FAILED'>).visitId : (event as ErrorActorEvent).type.slice('xstate.error.actor.'.length);
      return failVisit(context, visitId) ?? {};
    }),
    reissueVisit: enqueueActions(({ context, event, enqueue }) => {
      const { plan, update } = reissueVisit(context, event as Of<'VISIT.REISSUE'>);
      if (context.visitsAs === 'cases') enqueue({ type: 'openVisit', params: openVisitParams(context, plan) });
      else enqueue.spawnChild('returnVisit', { id: plan.visit.visitId, input: plan.input });
      enqueue.assign(update);
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
      visitsAs: parsed.visitsAs ?? 'actors',
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
    'VISIT.OUTCOME': {
      guard: 'isOutcomeOfOpenVisitCase',
      actions: ['recordVisitOutcome', 'announceVisitSettled'],
      description: '记录回访结果:回访作为独立案件运行时,由其结束事件送达 — record the result of a visit run as a case of its own, delivered from its end (RV-CYCLE)',
    },
    'VISIT.FAILED': {
      guard: 'isOutcomeOfOpenVisitCase',
      actions: 'recordVisitFailure',
      description: '回访案件无法开启(编号已占用、资料不合格):记为失败,可重新安排 — a visit case that could not be opened fails, and may be reissued (RV-CYCLE, RV-MEMBER-100)',
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
      always: { guard: 'areAllVisitsSettled', target: 'analysing', description: '全部回访结束 — every visit has ended', meta: { rule: 'RV-CYCLE' } },
      on: {
        'CONTACT.CLOSE': {
          target: 'analysing',
          actions: 'recordTime',
          description: '主管结束沟通阶段,未完成的回访计为未完成 — the supervisor ends the contact phase; open visits count as open',
          meta: { rule: 'RV-CYCLE' },
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
        'VISIT.OUTCOME': {
          guard: 'isOutcomeOfOpenVisitCase',
          target: 'analysing',
          reenter: true,
          actions: ['recordVisitOutcome', 'announceVisitSettled'],
          description: '迟到的回访案件结果:重新分析 — a late result of a visit case: analyse again (RV-CYCLE)',
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
          meta: { rule: 'RV-CYCLE' },
        },
        'VISIT.OUTCOME': {
          guard: 'isOutcomeOfOpenVisitCase',
          target: 'analysing',
          actions: ['recordVisitOutcome', 'announceVisitSettled'],
          description: '迟到的回访案件结果:报告须重写 — a late result of a visit case: the report is written again (RV-CYCLE)',
        },
      },
    },
    archived: {
      type: 'final',
      description: '6 最终资料归档 — archived',
      meta: { step: 6, zh: '资料归档' },
    },
  },
}), returnVisitCyclePermissions), ReturnVisitCycleEventSchema);

registerMachineSchemas({
  id: returnVisitCycleMachine.id,
  events: ReturnVisitCycleEventSchema,
  input: ReturnVisitCycleInputSchema,
  context: ReturnVisitCycleContextSchema,
  invariants: returnVisitCycleInvariants,
  worklist: returnVisitCycleWorklist,
});
