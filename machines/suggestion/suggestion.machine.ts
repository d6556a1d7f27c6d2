import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { withReply } from '../../src/policy/limits.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { SuggestionContextSchema, suggestionInvariants } from './suggestion.invariants.js';
import { toEpoch, delayUntil } from '../../src/time/index.js';
import { SuggestionEventSchema, SuggestionInputSchema, type SuggestionInput } from './suggestion.schemas.js';
import * as checks from './suggestion.rules.js';
import type { SuggestionContext, SuggestionEmitted, SuggestionEvent, SuggestionOutput } from './suggestion.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { suggestionPermissions } from './suggestion.permissions.js';
import { suggestionWorklist } from './suggestion.worklist.js';

type Of<T extends SuggestionEvent['type']> = Extract<SuggestionEvent, { type: T }>;
type Ctx = { context: SuggestionContext; event: SuggestionEvent };

/**
 * Delay to a due time kept in context. A state without a deadline waits the longest delay a JS
 * timer holds (about 24.8 days) and its guard lets nothing happen; a deadline further away than
 * that is the job of the host's durable scheduler (the runtime's timers table, docs/runtime.md).
 */
const remaining = (due: (c: SuggestionContext) => string | undefined) => ({ context }: { context: SuggestionContext }) =>
  delayUntil(due(context), context.now);

/** Chinese names of the steps of the loop. */
export const suggestionStepNames = {
  recording: { zh: '记录建议', en: 'record' },
  forwarded: { zh: '反馈相关部门', en: 'forwarded to the department' },
  improving: { zh: '跟进改进情况', en: 'follow the improvement' },
  confirming: { zh: '与客户确认', en: 'confirm with the customer' },
  closed: { zh: '结案', en: 'closed' },
} as const;

/**
 * The suggestion loop (客户建议, SUGGEST-LOOP): 记录建议 → 反馈相关部门 → 部门答复 →
 * 跟进改进情况 → 与客户确认 → 结案. A suggestion closes only when the improvement is confirmed
 * by the customer, or declined with a recorded reason the customer was told.
 *
 * Every event carries `at`. Host side effects are named no-op actions (`forwardToDepartment`,
 * `notifyCustomer`, `notifySupervisor`): replace them with `.provide({ actions })`.
 */
export const suggestionMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as SuggestionContext,
    events: {} as SuggestionEvent,
    input: {} as SuggestionInput,
    output: {} as SuggestionOutput,
    emitted: {} as SuggestionEmitted,
  },
  guards: {
    isForwardable: ruleGuard('SUGGEST-LOOP', checks.checkForward),
    isResponseComplete: ruleGuard('SUGGEST-LOOP', checks.checkResponse),
    isLoopClosed: ruleGuard('SUGGEST-LOOP', checks.checkLoopClosed),
    isReplyPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteReply, { checks: 'event' }),
    isAdopted: ({ event }: Ctx) => event.type === 'DEPARTMENT.RESPOND' && event.decision === 'adopt',
    isDissatisfiedWithImprovement: ({ context, event }: Ctx) =>
      event.type === 'CUSTOMER.CONFIRM' && !event.satisfied && context.response?.decision === 'adopt',
    hasResponseDeadline: ({ context }: Ctx) => context.forward?.respondBy !== undefined,
    hasImprovementDeadline: ({ context }: Ctx) => context.response?.expectedBy !== undefined,
  },
  delays: {
    responseDeadline: remaining((c) => c.forward?.respondBy),
    improvementDeadline: remaining((c) => c.response?.expectedBy),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    forwardToDepartment: (_: unknown, _params: { caseId: string; department: string; respondBy?: string }) => {},
    notifyCustomer: (_: unknown, _params: { caseId: string; text: string }) => {},
    notifySupervisor: (_: unknown, _params: { caseId: string; reason: 'response-overdue' | 'improvement-overdue'; dueAt: string }) => {},

    updateRecord: assign(({ context, event }) => {
      const e = event as Of<'SUGGESTION.UPDATE'>;
      return { record: { ...context.record, ...e.fields }, now: e.at };
    }),
    recordForward: assign(({ event }) => {
      const e = event as Of<'SUGGESTION.FORWARD'>;
      return { forward: { department: e.department, at: e.at, ...(e.respondBy ? { respondBy: e.respondBy } : {}) }, now: e.at };
    }),
    announceForward: emit(({ context }: Ctx) => ({
      type: 'suggestion.forwarded' as const,
      caseId: context.caseId,
      department: context.forward!.department,
      at: context.now,
      ...(context.forward?.respondBy ? { respondBy: context.forward.respondBy } : {}),
    })),
    recordResponse: assign(({ event }) => {
      const { type: _t, by: _by, ...rest } = event as Of<'DEPARTMENT.RESPOND'>;
      return { response: rest, now: rest.at };
    }),
    announceResponse: emit(({ context }: Ctx) => ({
      type: 'suggestion.responded' as const,
      caseId: context.caseId,
      department: context.forward?.department ?? '',
      decision: context.response!.decision,
      at: context.now,
    })),
    addProgress: assign(({ context, event }) => {
      const e = event as Of<'PROGRESS.RECORD'>;
      return { progress: [...context.progress, { note: e.note, at: e.at }], now: e.at };
    }),
    recordImprovement: assign(({ event }) => {
      const e = event as Of<'IMPROVEMENT.COMPLETE'>;
      return { improvement: { description: e.description, at: e.at }, now: e.at };
    }),
    announceImprovement: emit(({ context }: Ctx) => ({ type: 'suggestion.improved' as const, caseId: context.caseId, at: context.now })),
    addReply: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.REPLY'>;
      return { ...withReply(context, e), now: e.at };
    }),
    recordConfirmation: assign(({ event }) => {
      const e = event as Of<'CUSTOMER.CONFIRM'>;
      return e.satisfied
        ? { confirmation: { satisfied: true as const, at: e.at, ...(e.note ? { note: e.note } : {}) }, now: e.at }
        : { now: e.at };
    }),
    recordDissatisfaction: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.CONFIRM'>;
      return {
        dissatisfactions: [...context.dissatisfactions, { at: e.at, ...(e.note ? { note: e.note } : {}) }],
        confirmation: undefined,
        now: e.at,
      };
    }),
    recordEscalation: assign(({ context }, params: { step: 'forwarded' | 'improving' }) => {
      const dueAt = (params.step === 'forwarded' ? context.forward?.respondBy : context.response?.expectedBy) ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      return { now, escalations: [...context.escalations, { step: params.step, dueAt }] };
    }),
    announceDeadlineMissed: emit(({ context }: Ctx, params: { step: 'forwarded' | 'improving' }) => ({
      type: 'suggestion.deadlineMissed' as const,
      caseId: context.caseId,
      step: params.step,
      dueAt: (params.step === 'forwarded' ? context.forward?.respondBy : context.response?.expectedBy) ?? context.now,
    })),
    recordClosure: assign(({ event }) => ({ closedAt: (event as Of<'SUGGESTION.CLOSE'>).at, now: (event as Of<'SUGGESTION.CLOSE'>).at })),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'suggestion.closed' as const,
      caseId: context.caseId,
      outcome: context.response?.decision === 'decline' ? ('declined' as const) : ('improved' as const),
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'suggestion',
  description: '客户建议:尊重客户建议,认真记录;将建议反馈给相关部门,协助改进;跟进改进情况,确保问题得到解决 — the suggestion loop (SUGGEST-LOOP)',
  context: ({ input }) => {
    const parsed = parseInput(SuggestionInputSchema, input, 'suggestion input');
    return {
      policy: parsed.policy ?? defaultPolicy,
      caseId: parsed.caseId,
      channel: parsed.channel,
      receivedAt: parsed.receivedAt,
      ...(parsed.sourceCallId ? { sourceCallId: parsed.sourceCallId } : {}),
      ...(parsed.sourceVisitId ? { sourceVisitId: parsed.sourceVisitId } : {}),
      now: parsed.at ?? parsed.receivedAt,
      record: parsed.record ?? {},
      progress: [],
      replies: [],
      replyCount: 0,
      dissatisfactions: [],
      escalations: [],
    };
  },
  output: ({ context }) => ({
    caseId: context.caseId,
    outcome: context.response?.decision === 'decline' ? 'declined' : 'improved',
    ...(context.forward ? { department: context.forward.department } : {}),
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'recording',
  on: {
    'SUGGESTION.UPDATE': { actions: 'updateRecord', description: '补充建议记录 — fill in the suggestion record' },
    'SUGGESTION.CLOSE': {
      guard: 'isLoopClosed',
      target: '.closed',
      actions: 'recordClosure',
      description: '改进经客户确认(或不采纳原因已记录并告知客户),结案 — close once the loop is closed (SUGGEST-LOOP)',
    },
  },
  states: {
    recording: {
      description: '记录建议:尊重客户建议,认真记录 — record the suggestion (SUGGEST-LOOP)',
      meta: { zh: '记录建议', rules: ['SUGGEST-LOOP'] },
      on: {
        'SUGGESTION.FORWARD': {
          guard: 'isForwardable',
          target: 'forwarded',
          actions: [
            'recordForward',
            'announceForward',
            { type: 'forwardToDepartment', params: ({ context }) => ({ caseId: context.caseId, department: context.forward!.department, ...(context.forward?.respondBy ? { respondBy: context.forward.respondBy } : {}) }) },
          ],
          description: '将建议反馈给相关部门(记录完整、部门在目录中) — pass it to a known department once the record is complete (SUGGEST-LOOP)',
        },
      },
    },
    forwarded: {
      description: '反馈相关部门,等待部门答复 — with the department, waiting for its answer (SUGGEST-LOOP)',
      meta: { zh: '反馈相关部门', rules: ['SUGGEST-LOOP'] },
      after: {
        responseDeadline: {
          guard: 'hasResponseDeadline',
          actions: [
            { type: 'recordEscalation', params: { step: 'forwarded' } },
            { type: 'announceDeadlineMissed', params: { step: 'forwarded' } },
            { type: 'notifySupervisor', params: ({ context }) => ({ caseId: context.caseId, reason: 'response-overdue' as const, dueAt: context.forward!.respondBy! }) },
          ],
          description: '部门逾期未答复,上报主管 — the department has not answered by the deadline: escalate',
        },
      },
      on: {
        'DEPARTMENT.RESPOND': [
          {
            guard: and(['isResponseComplete', 'isAdopted']),
            target: 'improving',
            actions: ['recordResponse', 'announceResponse'],
            description: '部门采纳建议并提出改进计划 — the department adopts it with an improvement plan (SUGGEST-LOOP)',
          },
          {
            guard: 'isResponseComplete',
            target: 'confirming',
            actions: ['recordResponse', 'announceResponse'],
            description: '部门不采纳,记录原因 — the department declines, with the reason recorded (SUGGEST-LOOP)',
          },
        ],
      },
    },
    improving: {
      description: '跟进改进情况,确保问题得到解决 — follow the improvement until it is made (SUGGEST-LOOP)',
      meta: { zh: '跟进改进情况', rules: ['SUGGEST-LOOP'] },
      after: {
        improvementDeadline: {
          guard: 'hasImprovementDeadline',
          actions: [
            { type: 'recordEscalation', params: { step: 'improving' } },
            { type: 'announceDeadlineMissed', params: { step: 'improving' } },
            { type: 'notifySupervisor', params: ({ context }) => ({ caseId: context.caseId, reason: 'improvement-overdue' as const, dueAt: context.response!.expectedBy! }) },
          ],
          description: '改进逾期,上报主管 — the improvement is late: escalate',
        },
      },
      on: {
        'PROGRESS.RECORD': { actions: 'addProgress', description: '记录跟进情况 — record a follow-up on the improvement' },
        'IMPROVEMENT.COMPLETE': {
          target: 'confirming',
          actions: ['recordImprovement', 'announceImprovement'],
          description: '改进完成 — the improvement is made',
        },
      },
    },
    confirming: {
      description: '与客户确认:告知结果,确认问题得到解决 — tell the customer and confirm the problem is solved (SUGGEST-LOOP, CP-LANGUAGE)',
      meta: { zh: '与客户确认', rules: ['SUGGEST-LOOP', 'CP-LANGUAGE'] },
      on: {
        'CUSTOMER.REPLY': {
          guard: 'isReplyPolite',
          actions: ['addReply', { type: 'notifyCustomer', params: ({ context, event }) => ({ caseId: context.caseId, text: (event as Of<'CUSTOMER.REPLY'>).text }) }],
          description: '告知客户改进结果或不采纳原因(不得使用禁用语) — tell the customer, without forbidden phrases (CP-LANGUAGE)',
        },
        'CUSTOMER.CONFIRM': [
          {
            guard: 'isDissatisfiedWithImprovement',
            target: 'improving',
            actions: 'recordDissatisfaction',
            description: '客户对改进不满意,继续跟进改进 — the customer is not satisfied: back to improving',
            meta: { rule: 'SUGGEST-LOOP' },
          },
          { actions: 'recordConfirmation', description: '客户确认问题已解决 — the customer confirms (SUGGEST-LOOP)' },
        ],
      },
    },
    closed: {
      type: 'final',
      description: '结案 — closed: the loop is closed',
      meta: { zh: '结案' },
      entry: 'announceClosed',
    },
  },
}), suggestionPermissions), SuggestionEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: suggestionMachine.id,
  events: SuggestionEventSchema,
  input: SuggestionInputSchema,
  context: SuggestionContextSchema,
  invariants: suggestionInvariants,
  worklist: suggestionWorklist,
});
