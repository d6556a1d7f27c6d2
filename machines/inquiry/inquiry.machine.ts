import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { assertKnownDepartment } from '../../src/policy/policy.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { InquiryContextSchema, inquiryInvariants } from './inquiry.invariants.js';
import { toEpoch, delayUntil } from '../../src/time/index.js';
import { callbackDueAt } from '../call/callback.js';
import { defaultDepartment, detectPingPong } from '../call/transfer.js';
import { InquiryEventSchema, InquiryInputSchema, type InquiryInput } from './inquiry.schemas.js';
import * as checks from './inquiry.rules.js';
import type { InquiryContext, InquiryEmitted, InquiryEvent, InquiryOutput } from './inquiry.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { inquiryPermissions } from './inquiry.permissions.js';
import { inquiryWorklist } from './inquiry.worklist.js';

type Of<T extends InquiryEvent['type']> = Extract<InquiryEvent, { type: T }>;
type Ctx = { context: InquiryContext; event: InquiryEvent };

/** Chinese names of the states. */
export const inquiryStepNames = {
  understanding: { zh: '了解客户需求', en: 'understand' },
  transferring: { zh: '转接相关部门', en: 'transferring' },
  awaitingFollowUp: { zh: '待跟进', en: 'follow-up promised' },
  answered: { zh: '已解答', en: 'answered' },
  closed: { zh: '结束', en: 'closed' },
} as const;

/**
 * The inquiry machine (客户咨询): 了解客户需求,耐心解答问题;如无法解答,及时转接相关部门;
 * 记录客户咨询内容,便于后续跟进. Works for every channel (phone, email, chat, visit): the call
 * machine opens one with `inquiryInputFromCall` when the host wants the inquiry tracked apart.
 *
 * Every event carries `at`. Host side effects are named no-op actions (`sendAnswer`,
 * `requestTransfer`, `notifySupervisor`): replace them with `.provide({ actions })`.
 */
export const inquiryMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as InquiryContext,
    events: {} as InquiryEvent,
    input: {} as InquiryInput,
    output: {} as InquiryOutput,
    emitted: {} as InquiryEmitted,
  },
  guards: {
    hasContent: ruleGuard('CALL-RECORD', checks.checkContentRecorded),
    isAnswerPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteAnswer, { checks: 'event' }),
    isTransferAllowed: ruleGuard('CALL-TRANSFER', checks.checkTransfer),
    isPromiseValid: ruleGuard('CALL-ETA', checks.checkFollowUpPromise),
    isCustomerReachable: ruleGuard('CALL-ETA', checks.checkReachable),
  },
  delays: {
    followUpDeadline: ({ context }) => (context.followUp ? delayUntil(context.followUp.promisedBy, context.now) : 0),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    sendAnswer: (_: unknown, _params: { inquiryId: string; channel: string; text: string }) => {},
    requestTransfer: (_: unknown, _params: { inquiryId: string; transferId: string; department: string; reason?: string }) => {},
    notifySupervisor: (_: unknown, _params: { inquiryId: string; reason: 'follow-up-missed' | 'ping-pong'; dueAt?: string; departments?: readonly string[] }) => {},

    updateRecord: assign(({ context, event }) => {
      const e = event as Of<'INQUIRY.RECORD'>;
      return { record: { ...context.record, ...e.fields }, now: e.at };
    }),
    addAnswer: assign(({ context, event }) => {
      const e = event as Of<'INQUIRY.ANSWER'>;
      return { answers: [...context.answers, { text: e.text, department: context.department, at: e.at }], followUp: undefined, now: e.at };
    }),
    announceAnswer: emit(({ context }: Ctx) => ({ type: 'inquiry.answered' as const, inquiryId: context.inquiryId, department: context.department, at: context.now })),
    startTransfer: assign(({ context, event }) => {
      const e = event as Of<'INQUIRY.TRANSFER'>;
      const id = `T${context.transfers.length + 1}`;
      return {
        transfer: { id, from: context.department, to: e.department, mode: 'warm' as const, startedAt: e.at, ...(e.reason ? { reason: e.reason } : {}) },
        now: e.at,
      };
    }),
    announceTransferStarted: emit(({ context }: Ctx) => ({
      type: 'inquiry.transferStarted' as const,
      inquiryId: context.inquiryId,
      transferId: context.transfer!.id,
      from: context.transfer!.from,
      to: context.transfer!.to,
      at: context.now,
    })),
    completeTransfer: assign(({ context, event }) => {
      const e = event as Of<'TRANSFER.ACCEPTED'>;
      const done = { ...context.transfer!, endedAt: e.at, outcome: 'completed' as const };
      const transfers = [...context.transfers, done];
      const pingPong = detectPingPong(context.policy, transfers, done.from, done.to);
      return {
        transfer: undefined,
        transfers,
        transferCount: context.transferCount + 1,
        department: done.to,
        lastTransferFailure: undefined,
        pingPongs: pingPong ? [...context.pingPongs, { ...pingPong, transferId: done.id, at: e.at }] : context.pingPongs,
        now: e.at,
      };
    }),
    announceTransferCompleted: emit(({ context }: Ctx) => {
      const t = context.transfers[context.transfers.length - 1]!;
      return { type: 'inquiry.transferCompleted' as const, inquiryId: context.inquiryId, transferId: t.id, from: t.from, to: t.to, at: context.now };
    }),
    flagPingPong: enqueueActions(({ context, enqueue }) => {
      const p = context.pingPongs[context.pingPongs.length - 1];
      const t = context.transfers[context.transfers.length - 1];
      if (!p || !t || p.transferId !== t.id) return;
      enqueue.emit({ type: 'inquiry.pingPongFlagged' as const, inquiryId: context.inquiryId, departments: p.departments, count: p.count, at: p.at });
      enqueue({ type: 'notifySupervisor', params: { inquiryId: context.inquiryId, reason: 'ping-pong' as const, departments: p.departments } });
    }),
    declineTransfer: assign(({ context, event }) => {
      const e = event as Of<'TRANSFER.DECLINED'>;
      const done = { ...context.transfer!, endedAt: e.at, outcome: 'declined' as const, ...(e.reason ? { declineReason: e.reason } : {}) };
      return {
        transfer: undefined,
        transfers: [...context.transfers, done],
        lastTransferFailure: { department: done.to, at: e.at, ...(e.reason ? { reason: e.reason } : {}) },
        now: e.at,
      };
    }),
    announceTransferDeclined: emit(({ context }: Ctx) => {
      const t = context.transfers[context.transfers.length - 1]!;
      return { type: 'inquiry.transferDeclined' as const, inquiryId: context.inquiryId, transferId: t.id, to: t.to, at: context.now };
    }),
    recordPromise: assign(({ context, event }) => {
      const e = event as Of<'FOLLOWUP.PROMISE'>;
      return { followUp: { promisedBy: callbackDueAt(context.policy, e.at, e.promisedBy), at: e.at }, now: e.at };
    }),
    announcePromise: emit(({ context }: Ctx) => ({ type: 'inquiry.followUpPromised' as const, inquiryId: context.inquiryId, dueAt: context.followUp!.promisedBy })),
    recordEscalation: assign(({ context }) => {
      const dueAt = context.followUp?.promisedBy ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      return { now, escalations: [...context.escalations, { dueAt }] };
    }),
    announceFollowUpMissed: emit(({ context }: Ctx) => ({
      type: 'inquiry.followUpMissed' as const,
      inquiryId: context.inquiryId,
      dueAt: context.followUp?.promisedBy ?? context.now,
    })),
    recordClosure: assign(({ event }) => ({ closedAt: (event as Of<'INQUIRY.CLOSE'>).at, now: (event as Of<'INQUIRY.CLOSE'>).at })),
    announceClosed: emit(({ context }: Ctx) => ({ type: 'inquiry.closed' as const, inquiryId: context.inquiryId, at: context.closedAt ?? context.now })),
  },
}).createMachine({
  id: 'inquiry',
  description: '客户咨询:了解客户需求,耐心解答问题;如无法解答,及时转接相关部门;记录客户咨询内容,便于后续跟进 — customer inquiry',
  context: ({ input }) => {
    const parsed = parseInput(InquiryInputSchema, input, 'inquiry input');
    const policy = parsed.policy ?? defaultPolicy;
    assertKnownDepartment(policy, parsed.department, 'inquiry input', 'department');
    return {
      policy,
      inquiryId: parsed.inquiryId,
      channel: parsed.channel,
      receivedAt: parsed.receivedAt,
      ...(parsed.sourceCallId ? { sourceCallId: parsed.sourceCallId } : {}),
      ...(parsed.sourceVisitId ? { sourceVisitId: parsed.sourceVisitId } : {}),
      now: parsed.at ?? parsed.receivedAt,
      department: parsed.department ?? defaultDepartment(policy).id,
      record: parsed.record ?? {},
      answers: [],
      transfers: [],
      transferCount: 0,
      pingPongs: [],
      escalations: [],
    };
  },
  output: ({ context }) => ({
    inquiryId: context.inquiryId,
    department: context.department,
    answers: context.answers.length,
    transferCount: context.transferCount,
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'understanding',
  on: {
    'INQUIRY.RECORD': { actions: 'updateRecord', description: '记录客户咨询内容 — record what the customer asks (CALL-RECORD)' },
  },
  states: {
    understanding: {
      description: '了解客户需求,耐心解答问题 — understand what the customer needs',
      meta: { zh: '了解客户需求', rules: ['CALL-RECORD', 'CP-LANGUAGE', 'CALL-TRANSFER', 'CALL-ETA'] },
      on: {
        'INQUIRY.ANSWER': {
          guard: and(['hasContent', 'isAnswerPolite']),
          target: 'answered',
          actions: ['addAnswer', 'announceAnswer', { type: 'sendAnswer', params: ({ context, event }) => ({ inquiryId: context.inquiryId, channel: context.channel, text: (event as Of<'INQUIRY.ANSWER'>).text }) }],
          description: '解答客户问题(内容已记录,不得使用禁用语) — answer, once the content is recorded and without forbidden phrases (CALL-RECORD, CP-LANGUAGE)',
        },
        'INQUIRY.TRANSFER': {
          guard: and(['hasContent', 'isTransferAllowed']),
          target: 'transferring',
          actions: ['startTransfer', 'announceTransferStarted', { type: 'requestTransfer', params: ({ context }) => ({ inquiryId: context.inquiryId, transferId: context.transfer!.id, department: context.transfer!.to, ...(context.transfer?.reason ? { reason: context.transfer.reason } : {}) }) }],
          description: '无法解答,及时转接相关部门 — cannot answer: transfer to a known department (CALL-TRANSFER)',
        },
        'FOLLOWUP.PROMISE': {
          guard: and(['hasContent', 'isCustomerReachable', 'isPromiseValid']),
          target: 'awaitingFollowUp',
          actions: ['recordPromise', 'announcePromise'],
          description: '需要更长时间处理,告知预计处理时间 — needs longer: tell the customer when to expect the answer (CALL-ETA)',
        },
      },
    },
    transferring: {
      description: '转接相关部门,等待部门接手 — with the department, waiting for it to take over (CALL-TRANSFER)',
      meta: { zh: '转接相关部门', rules: ['CALL-TRANSFER'] },
      on: {
        'TRANSFER.ACCEPTED': {
          target: 'understanding',
          actions: ['completeTransfer', 'announceTransferCompleted', 'flagPingPong'],
          description: '部门接手咨询 — the department takes the inquiry over (CALL-TRANSFER)',
        },
        'TRANSFER.DECLINED': {
          target: 'understanding',
          actions: ['declineTransfer', 'announceTransferDeclined'],
          description: '部门拒绝,退回原客服并记录原因(客户不丢失) — declined: back to the agent with the reason; the customer is never dropped (CALL-TRANSFER)',
        },
      },
    },
    awaitingFollowUp: {
      description: '待跟进:已告知客户预计处理时间 — the customer was told when to expect the answer (CALL-ETA)',
      meta: { zh: '待跟进', rules: ['CALL-ETA', 'CP-LANGUAGE', 'CALL-TRANSFER'] },
      after: {
        followUpDeadline: {
          actions: ['recordEscalation', 'announceFollowUpMissed', { type: 'notifySupervisor', params: ({ context }) => ({ inquiryId: context.inquiryId, reason: 'follow-up-missed' as const, dueAt: context.followUp!.promisedBy }) }],
          description: '承诺时间已过仍未答复,上报主管 — the promised time passed without an answer: escalate (CALL-ETA)',
        },
      },
      on: {
        'INQUIRY.ANSWER': {
          guard: 'isAnswerPolite',
          target: 'answered',
          actions: ['addAnswer', 'announceAnswer', { type: 'sendAnswer', params: ({ context, event }) => ({ inquiryId: context.inquiryId, channel: context.channel, text: (event as Of<'INQUIRY.ANSWER'>).text }) }],
          description: '跟进答复客户(不得使用禁用语) — follow up with the answer (CP-LANGUAGE)',
          meta: { rule: 'CALL-ETA' },
        },
        'INQUIRY.TRANSFER': {
          guard: 'isTransferAllowed',
          target: 'transferring',
          actions: ['startTransfer', 'announceTransferStarted', { type: 'requestTransfer', params: ({ context }) => ({ inquiryId: context.inquiryId, transferId: context.transfer!.id, department: context.transfer!.to, ...(context.transfer?.reason ? { reason: context.transfer.reason } : {}) }) }],
          description: '转接相关部门 — transfer to a known department (CALL-TRANSFER)',
        },
      },
    },
    answered: {
      description: '已解答 — answered',
      meta: { zh: '已解答', rules: [] },
      on: {
        'INQUIRY.CLOSE': { target: 'closed', actions: 'recordClosure', description: '结束咨询 — close the inquiry' },
        'INQUIRY.RECORD': { target: 'understanding', actions: 'updateRecord', description: '客户追问,重新了解需求 — a further question: understand it' },
      },
    },
    closed: {
      type: 'final',
      description: '结束 — closed',
      meta: { zh: '结束' },
      entry: 'announceClosed',
    },
  },
}), inquiryPermissions), InquiryEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: inquiryMachine.id,
  events: InquiryEventSchema,
  input: InquiryInputSchema,
  context: InquiryContextSchema,
  invariants: inquiryInvariants,
  worklist: inquiryWorklist,
});
