import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { withReply } from '../../src/policy/limits.js';
import { assertKnownDepartment } from '../../src/policy/policy.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { WalkInContextSchema, walkInInvariants } from './walk-in.invariants.js';
import { delayUntil, toEpoch, toIso } from '../../src/time/index.js';
import { defaultDepartment } from '../call/transfer.js';
import { handOff } from '../shared/handoff.js';
import { WalkInEventSchema, WalkInInputSchema, type WalkInInput } from './walk-in.schemas.js';
import { walkInGreetings } from './walk-in.script.js';
import * as checks from './walk-in.rules.js';
import type { WalkInContext, WalkInEmitted, WalkInEvent, WalkInOpenCaseParams, WalkInOutcome, WalkInOutput } from './walk-in.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { walkInPermissions } from './walk-in.permissions.js';
import { walkInWorklist } from './walk-in.worklist.js';

type Of<T extends WalkInEvent['type']> = Extract<WalkInEvent, { type: T }>;
type Ctx = { context: WalkInContext; event: WalkInEvent };

/** Chinese names of the steps of a walk-in visit (现场接待). */
export const walkInStepNames = {
  waiting: { zh: '等候接待', en: 'waiting to be greeted' },
  serving: { zh: '主动服务', en: 'serving: ask the need, solve or hand over' },
  recording: { zh: '记录接待', en: 'record the visit' },
  closed: { zh: '结束', en: 'closed' },
  left: { zh: '客户离开', en: 'left unserved' },
} as const;

/** Seconds from arrival to the greeting. */
const waitedSeconds = (context: WalkInContext) =>
  context.greeting ? Math.max(0, Math.round((toEpoch(context.greeting.at) - toEpoch(context.record.time)) / 1000)) : undefined;

/** The case a classification hands the visit to (the `openCase` action's params). */
function openCaseParams(context: WalkInContext, e: Of<'VISIT.CLASSIFY'>): WalkInOpenCaseParams | undefined {
  const handed = handOff(context.record, e, { channel: 'visit', source: { sourceVisitId: context.visitId }, department: context.department });
  return handed && { ...handed, visitId: context.visitId };
}

/** Record how the visit ended. */
const ended = (outcome: WalkInOutcome) =>
  assign<WalkInContext, WalkInEvent, undefined, WalkInEvent, never>(({ event }) => {
    const at = (event as Of<'VISIT.CLOSE'> | Of<'VISIT.LEAVE'>).at;
    return { outcome, endedAt: at, now: at };
  });

/**
 * Walk-in reception (现场接待): 等候接待 → 主动服务 (greet and ask the need at once, then solve on
 * the spot or classify and hand to its process, as a call does) → 记录接待 → 结束; or 客户离开
 * when the customer leaves before anyone greets them.
 *
 * Every event carries `at` (ISO-8601, from the host's clock). A customer still waiting
 * `policy.walkIn.greetWithinSeconds` after arriving is flagged to the supervisor (delayed
 * transition `greetDeadline`). Host side effects — opening the case a classification hands the
 * visit to, notifying the supervisor — are named actions with no-op defaults: replace them with
 * `.provide({ actions: { openCase, notifySupervisor } })`.
 */
export const walkInMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as WalkInContext,
    events: {} as WalkInEvent,
    input: {} as WalkInInput,
    output: {} as WalkInOutput,
    emitted: {} as WalkInEmitted,
  },
  guards: {
    isGreetingScripted: ruleGuard('WALKIN', checks.checkGreeting),
    isNeedRecorded: ruleGuard('WALKIN', checks.checkNeedRecorded),
    isHandOverAllowed: ruleGuard('WALKIN', checks.checkHandOver),
    isMatterSettled: ruleGuard('WALKIN', checks.checkMatterSettled),
    isRecordComplete: ruleGuard('WALKIN', checks.checkRecordComplete),
    isReplyPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteReply, { checks: 'event' }),
  },
  delays: {
    greetDeadline: ({ context }) => delayUntil(context.greetDueAt, context.now),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    openCase: (_: unknown, _params: WalkInOpenCaseParams) => {},
    notifySupervisor: (_: unknown, _params: { visitId: string; reason: 'greeting-overdue' | 'left-unserved'; dueAt: string }) => {},

    recordGreeting: assign(({ event }) => {
      const e = event as Of<'VISIT.GREET'>;
      const language = e.language ?? 'zh';
      return {
        agent: e.agent,
        greeting: { language, text: e.greeting ?? walkInGreetings[language], scripted: e.greeting === undefined, at: e.at },
        now: e.at,
      };
    }),
    announceGreeted: emit(({ context }: Ctx) => ({
      type: 'walkIn.greeted' as const,
      visitId: context.visitId,
      waitedSeconds: waitedSeconds(context) ?? 0,
      at: context.now,
    })),
    recordGreetingOverdue: assign(({ context }) => ({
      now: toEpoch(context.greetDueAt) > toEpoch(context.now) ? context.greetDueAt : context.now,
      escalations: [...context.escalations, { kind: 'greeting-overdue' as const, dueAt: context.greetDueAt }],
    })),
    announceGreetingOverdue: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'walkIn.greetingOverdue' as const, visitId: context.visitId, dueAt: context.greetDueAt });
      enqueue({ type: 'notifySupervisor', params: { visitId: context.visitId, reason: 'greeting-overdue' as const, dueAt: context.greetDueAt } });
    }),
    updateRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.UPDATE'>;
      return { record: { ...context.record, ...e.fields }, now: e.at };
    }),
    addReply: assign(({ context, event }) => {
      const e = event as Of<'REPLY.GIVE'>;
      return { ...withReply(context, e), now: e.at };
    }),
    recordSolution: assign(({ context, event }) => {
      const e = event as Of<'VISIT.SOLVE'>;
      return { solutions: [...context.solutions, { solution: e.solution, satisfied: e.satisfied, at: e.at }], now: e.at };
    }),
    announceSolved: emit(({ context }: Ctx) => {
      const s = context.solutions[context.solutions.length - 1]!;
      return { type: 'walkIn.solved' as const, visitId: context.visitId, satisfied: s.satisfied, at: s.at };
    }),
    recordClassification: assign(({ context, event }) => {
      const e = event as Of<'VISIT.CLASSIFY'>;
      return { classifications: [...context.classifications, { kind: e.kind, at: e.at, ...(e.caseId ? { caseId: e.caseId } : {}) }], now: e.at };
    }),
    handOver: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'VISIT.CLASSIFY'>;
      enqueue.emit({ type: 'walkIn.classified' as const, visitId: context.visitId, kind: e.kind, at: e.at, ...(e.caseId ? { caseId: e.caseId } : {}) });
      const params = openCaseParams(context, e);
      if (params) enqueue({ type: 'openCase', params });
    }),
    recordFinish: assign(({ event }) => ({ finishedAt: (event as Of<'VISIT.FINISH'>).at, now: (event as Of<'VISIT.FINISH'>).at })),
    recordClosed: assign(({ context, event }) => {
      const at = (event as Of<'VISIT.CLOSE'>).at;
      const outcome: WalkInOutcome = context.solutions.some((s) => s.satisfied) ? 'solved' : 'handed-over';
      return { outcome, endedAt: at, now: at };
    }),
    recordLeft: ended('left'),
    notifyLeftUnserved: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'notifySupervisor', params: { visitId: context.visitId, reason: 'left-unserved' as const, dueAt: context.greetDueAt } });
    }),
    announceEnded: emit(({ context }: Ctx) => ({
      type: 'walkIn.ended' as const,
      visitId: context.visitId,
      outcome: context.outcome ?? 'solved',
      at: context.endedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'walkIn',
  description: '现场接待:主动问候、询问需求,当场解决或转入相应流程,记录接待 — a walk-in customer from arrival to the visit record (WALKIN)',
  context: ({ input }) => {
    const parsed = parseInput(WalkInInputSchema, input, 'walk-in input');
    const policy = parsed.policy ?? defaultPolicy;
    assertKnownDepartment(policy, parsed.department, 'walk-in input', 'department');
    return {
      policy,
      visitId: parsed.visitId,
      now: parsed.at,
      department: parsed.department ?? defaultDepartment(policy).id,
      greetDueAt: toIso(toEpoch(parsed.at) + Math.round(policy.walkIn.greetWithinSeconds * 1000)),
      record: { ...parsed.record, time: parsed.at },
      classifications: [],
      solutions: [],
      replies: [],
      replyCount: 0,
      escalations: [],
    };
  },
  output: ({ context }) => {
    const waited = waitedSeconds(context);
    return {
      visitId: context.visitId,
      outcome: context.outcome ?? 'solved',
      endedAt: context.endedAt ?? context.now,
      ...(waited !== undefined ? { waitedSeconds: waited } : {}),
      kinds: context.classifications.map((c) => c.kind),
      caseIds: context.classifications.flatMap((c) => (c.caseId ? [c.caseId] : [])),
    };
  },
  initial: 'waiting',
  states: {
    waiting: {
      description: '等候接待:客户到店,客服应主动上前问候 — the customer has come in and waits to be greeted (WALKIN)',
      meta: { zh: '等候接待', rules: ['WALKIN'] },
      after: {
        greetDeadline: {
          actions: ['recordGreetingOverdue', 'announceGreetingOverdue'],
          description: '客户等候超时无人接待,上报主管 — nobody greeted the customer in time: flag to the supervisor (WALKIN)',
        },
      },
      on: {
        'VISIT.GREET': {
          guard: 'isGreetingScripted',
          target: 'serving',
          actions: ['recordGreeting', 'announceGreeted'],
          description: '主动问候并询问客户需求:“您好,欢迎光临,请问有什么可以帮助您的?” — greet and ask the need (WALKIN)',
        },
        'VISIT.LEAVE': {
          target: 'left',
          actions: ['recordLeft', 'notifyLeftUnserved'],
          description: '客户未获接待即离开 — the customer left before anyone greeted them',
        },
      },
    },
    serving: {
      description: '主动服务:询问需求,根据客户问题提供专业的解决方案,或分类转入相应流程 — ask the need, solve it on the spot or hand it to its process (WALKIN, CP-LANGUAGE)',
      meta: { zh: '主动服务', rules: ['WALKIN', 'CP-LANGUAGE', 'CALL-CLASSIFY'] },
      on: {
        'RECORD.UPDATE': { actions: 'updateRecord', description: '记录客户信息与需求 — record who the customer is and what they need (WALKIN)' },
        'REPLY.GIVE': {
          guard: 'isReplyPolite',
          actions: 'addReply',
          description: '答复客户(不得使用禁用语) — tell the customer, without forbidden phrases (CP-LANGUAGE)',
        },
        'VISIT.SOLVE': {
          guard: and(['isNeedRecorded', 'isReplyPolite']),
          actions: ['recordSolution', 'announceSolved'],
          description: '当场提供解决方案,记录客户是否满意 — solve on the spot; record whether the customer is satisfied (WALKIN, CP-LANGUAGE)',
        },
        'VISIT.CLASSIFY': {
          guard: 'isHandOverAllowed',
          actions: ['recordClassification', 'handOver'],
          description: '对客户的问题进行分类并转入相应流程(投诉开立投诉单,建议开立建议单) — classify and hand over to its process, as a call does (WALKIN, CALL-CLASSIFY)',
        },
        'VISIT.FINISH': {
          guard: 'isMatterSettled',
          target: 'recording',
          actions: 'recordFinish',
          description: '问题已当场解决且客户满意,或已转入相应流程 — the matter is settled: solved to the customer\'s satisfaction or handed over (WALKIN)',
        },
      },
    },
    recording: {
      description: '记录接待:完善接待记录(时间、客户姓名、联系方式、需求) — complete the visit record (WALKIN)',
      meta: { zh: '记录接待', rules: ['WALKIN'] },
      on: {
        'RECORD.UPDATE': { actions: 'updateRecord', description: '补充接待记录 — complete the visit record (WALKIN)' },
        'VISIT.CLOSE': {
          guard: 'isRecordComplete',
          target: 'closed',
          actions: 'recordClosed',
          description: '接待记录完整,结束 — the record is complete: close the visit (WALKIN)',
        },
      },
    },
    closed: {
      type: 'final',
      description: '结束 — the visit is over and recorded',
      meta: { zh: '结束' },
      entry: 'announceEnded',
    },
    left: {
      type: 'final',
      description: '客户离开:未获接待即离开,已上报主管 — the customer left unserved; the supervisor is told',
      meta: { zh: '客户离开' },
      entry: 'announceEnded',
    },
  },
}), walkInPermissions), WalkInEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: walkInMachine.id,
  events: WalkInEventSchema,
  input: WalkInInputSchema,
  context: WalkInContextSchema,
  invariants: walkInInvariants,
  worklist: walkInWorklist,
});
