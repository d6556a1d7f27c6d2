import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { withReply } from '../../src/policy/limits.js';
import { assertKnownDepartment } from '../../src/policy/policy.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { CallContextSchema, callInvariants } from './call.invariants.js';
import { isWorkingTime, toEpoch, delayUntil } from '../../src/time/index.js';
import { handOff } from '../shared/handoff.js';
import { callbackDueAt, latestCallback } from './callback.js';
import { CallEventSchema, CallInputSchema, type CallInput } from './call.schemas.js';
import { greetingScript } from './call.script.js';
import * as checks from './call.rules.js';
import { defaultDepartment, detectPingPong, transferDueAt, type TransferFailureReason } from './transfer.js';
import type { AbandonedDuring, CallContext, CallEmitted, CallEvent, CallOutcome, CallOutput, OpenCaseParams } from './call.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { callPermissions } from './call.permissions.js';
import { callWorklist } from './call.worklist.js';

type Of<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;
type Ctx = { context: CallContext; event: CallEvent };

/** Chinese names of the call's states, as the documents and call-centre practice say them. */
export const callStateNames = {
  incoming: { zh: '来电', en: 'incoming' },
  ringing: { zh: '振铃', en: 'ringing' },
  voicemail: { zh: '语音留言', en: 'voicemail' },
  greeting: { zh: '问候', en: 'greeting' },
  identifying: { zh: '记录信息', en: 'identifying and recording' },
  classifying: { zh: '问题分类', en: 'classifying' },
  handling: { zh: '处理', en: 'handling' },
  onHold: { zh: '保持', en: 'on hold' },
  transferring: { zh: '转接业务', en: 'transferring' },
  wrapUp: { zh: '话后处理', en: 'wrap-up (after-call work)' },
  callbackPending: { zh: '待回电', en: 'callback pending' },
  ended: { zh: '结束', en: 'ended' },
  abandoned: { zh: '放弃', en: 'abandoned' },
} as const;

/** The case a classification hands the call to (the `openCase` action's params). */
function openCaseParams(context: CallContext, e: Of<'CALL.CLASSIFY'>): OpenCaseParams | undefined {
  const handed = handOff(context.record, e, { channel: 'phone', source: { sourceCallId: context.callId }, department: context.department });
  return handed && { ...handed, callId: context.callId };
}

/** Close the open hold (a hold or a warm transfer's consultation) at `at`. */
function closeHold(holds: CallContext['holds'], at: string): CallContext['holds'] {
  const last = holds[holds.length - 1];
  return last && last.resumedAt === undefined ? [...holds.slice(0, -1), { ...last, resumedAt: at }] : holds;
}

/** Record that the caller hung up before being served, and where. */
const abandoned = (during: AbandonedDuring) =>
  assign<CallContext, CallEvent, undefined, CallEvent, never>(({ event }) => {
    const at = (event as Of<'CALL.HANGUP'>).at;
    return { abandonedDuring: during, hungUpAt: at, outcome: 'abandoned' as const, endedAt: at, now: at };
  });

/** Record how the call ended. */
const ended = (outcome: CallOutcome) =>
  assign<CallContext, CallEvent, undefined, CallEvent, never>(({ event }) => {
    const at = (event as Of<'WRAPUP.COMPLETE'> | Of<'CALLBACK.DONE'>).at;
    return { outcome, endedAt: at, now: at };
  });

/** The later of two instants. */
const later = (a: string, b: string) => (toEpoch(a) >= toEpoch(b) ? a : b);

/**
 * A phone call (接听电话): 来电 → 振铃 → 问候 → 记录信息 → 问题分类 → 处理 (保持 / 转接业务) →
 * 话后处理 → 结束, with 放弃 (the caller hangs up while ringing, on hold or during a transfer),
 * voicemail and the duty line outside working hours, and 待回电 when a callback is owed.
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Host side effects — opening the
 * case a classification hands the call to, asking the telephony to transfer, scheduling a
 * callback, notifying the supervisor — are named actions with no-op defaults: replace them with
 * `.provide({ actions: { openCase, requestTransfer, ... } })`.
 */
export const callMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
    output: {} as CallOutput,
    emitted: {} as CallEmitted,
  },
  guards: {
    isGreetingScripted: ruleGuard('CALL-GREET', checks.checkAnswerGreeting),
    isRecordComplete: ruleGuard('CALL-RECORD', checks.checkRecordComplete),
    isClassifiable: ruleGuard('CALL-CLASSIFY', checks.checkClassification),
    isClassified: ruleGuard('CALL-CLASSIFY', checks.checkClassified),
    isTransferAllowed: ruleGuard('CALL-TRANSFER', checks.checkTransfer),
    isPromiseValid: ruleGuard('CALL-ETA', checks.checkEta),
    isReplyPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteReply, { checks: 'event' }),
    // Routing conditions (not rules).
    isOutsideWorkingHours: ({ context }: Ctx) => !isWorkingTime(context.policy.calendar, context.now),
    isDutyLineStaffed: ({ context }: Ctx) => context.dutyLineStaffed,
    isWarmTransfer: ({ event }: Ctx) => event.type === 'CALL.TRANSFER' && event.mode === 'warm',
    isCallbackOnFailure: ({ context }: Ctx) => context.transfer?.onFailure === 'callback',
    hasCallbackDue: ({ context }: Ctx) => context.callback !== undefined,
  },
  delays: {
    transferTimeout: ({ context }) => (context.transfer?.dueAt ? delayUntil(context.transfer.dueAt, context.now) : 0),
    callbackDeadline: ({ context }) => (context.callback ? delayUntil(context.callback.dueAt, context.now) : 0),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    openCase: (_: unknown, _params: OpenCaseParams) => {},
    requestTransfer: (_: unknown, _params: { callId: string; transferId: string; department: string; mode: 'cold' | 'warm' }) => {},
    connectCaller: (_: unknown, _params: { callId: string; transferId: string; department: string }) => {},
    returnCallerToAgent: (_: unknown, _params: { callId: string; transferId: string; reason: TransferFailureReason | 'cancelled' }) => {},
    scheduleCallback: (_: unknown, _params: { callId: string; department: string; dueAt: string; reason: 'eta' | 'transfer-failed' | 'voicemail'; number?: string }) => {},
    notifySupervisor: (_: unknown, _params: { callId: string; reason: 'callback-missed' | 'ping-pong'; dueAt?: string; departments?: readonly string[] }) => {},

    useDutyLine: assign({ line: 'duty' as const }),
    tick: assign(({ context, event }) => ({ now: 'at' in event && typeof event.at === 'string' ? event.at : context.now })),
    recordAnswer: assign(({ event }) => {
      const e = event as Of<'CALL.ANSWER'>;
      const language = e.language ?? 'zh';
      return {
        agent: e.agent,
        greeting: { language, text: e.greeting ?? greetingScript(language), scripted: e.greeting === undefined, at: e.at },
        answeredAt: e.at,
        now: e.at,
      };
    }),
    announceAnswered: emit(({ context }: Ctx) => ({
      type: 'call.answered' as const,
      callId: context.callId,
      line: context.line,
      language: context.greeting?.language ?? 'zh',
      at: context.now,
    })),
    updateRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.UPDATE'>;
      return { record: { ...context.record, ...e.fields }, now: e.at };
    }),
    identifyCaller: assign(({ context, event }) => {
      const { type: _t, by: _by, at, ...fields } = event as Of<'CALLER.IDENTIFY'>;
      return { record: { ...context.record, ...fields }, now: at };
    }),
    recordClassification: assign(({ context, event }) => {
      const e = event as Of<'CALL.CLASSIFY'>;
      return { classifications: [...context.classifications, { kind: e.kind, at: e.at, ...(e.caseId ? { caseId: e.caseId } : {}) }], now: e.at };
    }),
    handOver: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'CALL.CLASSIFY'>;
      enqueue.emit({ type: 'call.classified' as const, callId: context.callId, kind: e.kind, at: e.at, ...(e.caseId ? { caseId: e.caseId } : {}) });
      const params = openCaseParams(context, e);
      if (params) enqueue({ type: 'openCase', params });
    }),
    addReply: assign(({ context, event }) => {
      const e = event as Of<'REPLY.GIVE'>;
      return { ...withReply(context, e), now: e.at };
    }),
    startHold: assign(({ context, event }) => {
      const e = event as Of<'CALL.HOLD'>;
      return { holds: [...context.holds, { reason: 'hold' as const, at: e.at }], now: e.at };
    }),
    endHold: assign(({ context, event }) => {
      const e = event as Of<'CALL.RESUME'>;
      return { holds: closeHold(context.holds, e.at), now: e.at };
    }),
    startTransfer: assign(({ context, event }) => {
      const e = event as Of<'CALL.TRANSFER'>;
      const transfer = {
        id: `T${context.transfers.length + 1}`,
        from: context.department,
        to: e.department,
        mode: e.mode,
        onFailure: e.onFailure ?? ('return' as const),
        startedAt: e.at,
        dueAt: transferDueAt(context.policy, e.at),
        ...(e.reason ? { reason: e.reason } : {}),
      };
      return {
        transfer,
        holds: e.mode === 'warm' ? [...context.holds, { reason: 'consult' as const, at: e.at }] : context.holds,
        now: e.at,
      };
    }),
    announceTransferStarted: emit(({ context }: Ctx) => {
      const t = context.transfer!;
      return { type: 'call.transferStarted' as const, callId: context.callId, transferId: t.id, from: t.from, to: t.to, mode: t.mode, dueAt: t.dueAt!, at: context.now };
    }),
    markTransferAnswered: assign(({ context, event }) => {
      const e = event as Of<'TRANSFER.ANSWERED'>;
      return { transfer: { ...context.transfer!, answeredAt: e.at, ...(e.agent ? { targetAgent: e.agent } : {}) }, now: e.at };
    }),
    completeTransfer: assign(({ context, event }) => {
      const at = (event as Of<'TRANSFER.ANSWERED'> | Of<'TRANSFER.COMPLETE'>).at;
      const targetAgent = event.type === 'TRANSFER.ANSWERED' ? event.agent : context.transfer!.targetAgent;
      const done = { ...context.transfer!, endedAt: at, outcome: 'completed' as const, ...(targetAgent ? { targetAgent } : {}) };
      const transfers = [...context.transfers, done];
      const pingPong = detectPingPong(context.policy, transfers, done.from, done.to);
      return {
        transfer: undefined,
        transfers,
        transferCount: context.transferCount + 1,
        department: done.to,
        agent: targetAgent,
        lastTransferFailure: undefined,
        holds: closeHold(context.holds, at),
        pingPongs: pingPong ? [...context.pingPongs, { ...pingPong, transferId: done.id, at }] : context.pingPongs,
        now: at,
      };
    }),
    announceTransferCompleted: enqueueActions(({ context, enqueue }) => {
      const t = context.transfers[context.transfers.length - 1]!;
      enqueue.emit({ type: 'call.transferCompleted' as const, callId: context.callId, transferId: t.id, from: t.from, to: t.to, at: context.now });
      enqueue({ type: 'connectCaller', params: { callId: context.callId, transferId: t.id, department: t.to } });
      const p = context.pingPongs[context.pingPongs.length - 1];
      if (p && p.transferId === t.id) {
        enqueue.emit({ type: 'call.pingPongFlagged' as const, callId: context.callId, departments: p.departments, count: p.count, at: p.at });
        enqueue({ type: 'notifySupervisor', params: { callId: context.callId, reason: 'ping-pong' as const, departments: p.departments } });
      }
    }),
    failTransfer: assign(({ context, event }) => {
      const t = context.transfer!;
      // Declined by the department, or the transfer timer fired (a delayed event).
      const reason: TransferFailureReason = event.type === 'TRANSFER.DECLINED' ? 'declined' : 'timeout';
      const fallback = t.onFailure === 'callback' ? ('callback' as const) : ('agent' as const);
      // A timeout fires at the transfer's due time; an event carries its own time.
      const at = 'at' in event && typeof event.at === 'string' ? event.at : later(t.dueAt!, context.now);
      const detail = event.type === 'TRANSFER.DECLINED' ? event.reason : undefined;
      return {
        transfer: undefined,
        transfers: [...context.transfers, { ...t, endedAt: at, outcome: reason, ...(detail ? { declineReason: detail } : {}) }],
        lastTransferFailure: { transferId: t.id, department: t.to, mode: t.mode, reason, fallback, at, ...(detail ? { detail } : {}) },
        holds: closeHold(context.holds, at),
        now: at,
      };
    }),
    announceTransferFailed: enqueueActions(({ context, enqueue }) => {
      const f = context.lastTransferFailure!;
      enqueue.emit({ type: 'call.transferFailed' as const, callId: context.callId, transferId: f.transferId, to: f.department, reason: f.reason, fallback: f.fallback, at: f.at });
      if (f.fallback === 'agent') enqueue({ type: 'returnCallerToAgent', params: { callId: context.callId, transferId: f.transferId, reason: f.reason } });
    }),
    cancelTransfer: assign(({ context, event }) => {
      const e = event as Of<'TRANSFER.CANCEL'>;
      return {
        transfer: undefined,
        transfers: [...context.transfers, { ...context.transfer!, endedAt: e.at, outcome: 'cancelled' as const }],
        holds: closeHold(context.holds, e.at),
        now: e.at,
      };
    }),
    abandonTransfer: assign(({ context, event }) => {
      const e = event as Of<'CALL.HANGUP'>;
      return {
        transfer: undefined,
        transfers: [...context.transfers, { ...context.transfer!, endedAt: e.at, outcome: 'caller-hung-up' as const }],
        holds: closeHold(context.holds, e.at),
      };
    }),
    owePromisedCallback: assign(({ context, event }) => {
      const e = event as Of<'CALL.ETA'>;
      const dueAt = callbackDueAt(context.policy, e.at, e.promisedBy);
      return {
        promise: { promisedBy: dueAt, at: e.at },
        callback: { reason: 'eta' as const, department: context.department, dueAt, at: e.at },
        now: e.at,
      };
    }),
    oweTransferCallback: assign(({ context }) => {
      const f = context.lastTransferFailure!;
      return { callback: { reason: 'transfer-failed' as const, department: f.department, dueAt: latestCallback(context.policy, f.at), at: f.at } };
    }),
    oweVoicemailCallback: assign(({ context, event }) => {
      const e = event as Of<'VOICEMAIL.LEFT'>;
      return {
        voicemail: { at: e.at, ...(e.durationSeconds !== undefined ? { durationSeconds: e.durationSeconds } : {}) },
        callback: { reason: 'voicemail' as const, department: context.department, dueAt: latestCallback(context.policy, e.at), at: e.at },
        now: e.at,
      };
    }),
    announceCallback: enqueueActions(({ context, enqueue }) => {
      const c = context.callback!;
      enqueue.emit({ type: 'call.callbackScheduled' as const, callId: context.callId, reason: c.reason, department: c.department, dueAt: c.dueAt });
      enqueue({
        type: 'scheduleCallback',
        params: { callId: context.callId, department: c.department, dueAt: c.dueAt, reason: c.reason, ...(context.record.number ? { number: context.record.number } : {}) },
      });
    }),
    recordCallbackEscalation: assign(({ context }) => {
      const dueAt = context.callback?.dueAt ?? context.now;
      return { now: later(dueAt, context.now), escalations: [...context.escalations, { kind: 'callback-missed' as const, dueAt }] };
    }),
    announceCallbackMissed: enqueueActions(({ context, enqueue }) => {
      const dueAt = context.callback?.dueAt ?? context.now;
      enqueue.emit({ type: 'call.callbackMissed' as const, callId: context.callId, dueAt });
      enqueue({ type: 'notifySupervisor', params: { callId: context.callId, reason: 'callback-missed' as const, dueAt } });
    }),
    recordHangup: assign(({ event }) => ({ hungUpAt: (event as Of<'CALL.HANGUP'>).at, now: (event as Of<'CALL.HANGUP'>).at })),
    recordWrapUp: assign(({ event }) => ({ wrapUpAt: (event as Of<'CALL.WRAP_UP'>).at, now: (event as Of<'CALL.WRAP_UP'>).at })),
    recordAbandonedRinging: abandoned('ringing'),
    recordAbandonedOnHold: abandoned('hold'),
    recordAbandonedInTransfer: abandoned('transfer'),
    recordAbandonedAtVoicemail: abandoned('voicemail'),
    announceAbandoned: emit(({ context }: Ctx) => ({
      type: 'call.abandoned' as const,
      callId: context.callId,
      during: context.abandonedDuring ?? 'ringing',
      at: context.endedAt ?? context.now,
    })),
    recordCompleted: ended('completed'),
    recordCalledBack: ended('called-back'),
    announceEnded: emit(({ context }: Ctx) => ({
      type: 'call.ended' as const,
      callId: context.callId,
      outcome: context.outcome ?? 'completed',
      at: context.endedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'call',
  description: '接听电话:礼貌接听、记录信息、转接业务 — a phone call from ringing to after-call work (CALL-GREET, CALL-RECORD, CALL-TRANSFER, CALL-CLASSIFY, CALL-ETA)',
  context: ({ input }) => {
    const parsed = parseInput(CallInputSchema, input, 'call input');
    const policy = parsed.policy ?? defaultPolicy;
    assertKnownDepartment(policy, parsed.department, 'call input', 'department');
    return {
      policy,
      callId: parsed.callId,
      now: parsed.at,
      line: 'main' as const,
      dutyLineStaffed: parsed.dutyLineStaffed ?? false,
      department: parsed.department ?? defaultDepartment(policy).id,
      record: { time: parsed.at, ...(parsed.callerNumber ? { number: parsed.callerNumber } : {}) },
      classifications: [],
      replies: [],
      replyCount: 0,
      holds: [],
      transfers: [],
      transferCount: 0,
      pingPongs: [],
      escalations: [],
    };
  },
  output: ({ context }) => ({
    callId: context.callId,
    outcome: context.outcome ?? 'completed',
    endedAt: context.endedAt ?? context.now,
    transferCount: context.transferCount,
    kinds: context.classifications.map((c) => c.kind),
    caseIds: context.classifications.flatMap((c) => (c.caseId ? [c.caseId] : [])),
  }),
  initial: 'incoming',
  states: {
    incoming: {
      description: '来电:按工作日历分流(工作时间接入主线;非工作时间接值班线路或语音留言) — route by the business calendar',
      meta: { zh: '来电', rules: ['STAFF-DUTY'] },
      always: [
        {
          guard: and(['isOutsideWorkingHours', 'isDutyLineStaffed']),
          target: 'ringing',
          actions: 'useDutyLine',
          description: '非工作时间,有值班人员:接入值班线路 — outside working hours, a duty agent is on: the duty line',
        },
        {
          guard: 'isOutsideWorkingHours',
          target: 'voicemail',
          description: '非工作时间,无人值班:语音留言 — outside working hours, no duty agent: voicemail',
        },
        { target: 'ringing', description: '工作时间:接入 — in working hours: ring the agents' },
      ],
    },
    ringing: {
      description: '振铃,等待客服接听 — ringing, waiting for an agent',
      meta: { zh: '振铃', rules: ['CALL-GREET'] },
      on: {
        'CALL.ANSWER': {
          guard: 'isGreetingScripted',
          target: 'connected',
          actions: ['recordAnswer', 'announceAnswered'],
          description: '礼貌接听,主动问候:“您好,欢迎来电,请问有什么可以帮助您的?” — answer with the greeting script (CALL-GREET)',
        },
        'CALL.HANGUP': {
          target: 'abandoned',
          actions: 'recordAbandonedRinging',
          description: '客户在振铃时挂断 — the caller hangs up while it rings',
        },
      },
    },
    voicemail: {
      description: '语音留言:非工作时间无人值班 — voicemail outside working hours',
      meta: { zh: '语音留言', rules: ['CALL-ETA'] },
      on: {
        'VOICEMAIL.LEFT': {
          target: 'callbackPending',
          actions: ['oweVoicemailCallback', 'announceCallback'],
          description: '客户留言,安排工作时间内回电 — a message was left: a callback is due within the policy\'s working hours (CALL-ETA)',
        },
        'CALL.HANGUP': {
          target: 'abandoned',
          actions: 'recordAbandonedAtVoicemail',
          description: '客户未留言即挂断 — the caller hangs up without leaving a message',
        },
      },
    },
    connected: {
      description: '通话中 — the caller is connected',
      meta: { zh: '通话中' },
      initial: 'talking',
      on: {
        'RECORD.UPDATE': { actions: 'updateRecord', description: '记录信息:来电时间、来电号码、客户姓名、联系方式、咨询内容 — fill in the call record (CALL-RECORD)' },
      },
      states: {
        talking: {
          description: '与客户通话 — talking with the caller',
          meta: { zh: '通话' },
          initial: 'greeting',
          on: {
            'REPLY.GIVE': {
              guard: 'isReplyPolite',
              actions: 'addReply',
              description: '答复客户(不得使用禁用语) — tell the caller, without forbidden phrases (CP-LANGUAGE)',
            },
            'CALL.HOLD': { target: 'onHold', actions: 'startHold', description: '保持通话 — put the caller on hold' },
            'CALL.HANGUP': {
              target: '#call.wrapUp',
              actions: 'recordHangup',
              description: '客户挂断,进入话后处理 — the caller hangs up: after-call work',
            },
          },
          states: {
            greeting: {
              description: '问候:“您好,欢迎来电,请问有什么可以帮助您的?” — greeted, listening (CALL-GREET)',
              meta: { zh: '问候', rules: ['CALL-GREET'] },
              on: {
                'RECORD.UPDATE': { target: 'identifying', actions: 'updateRecord', description: '开始记录信息 — start the call record (CALL-RECORD)' },
                'CALLER.IDENTIFY': { target: 'classifying', actions: 'identifyCaller', description: '确认客户身份 — the caller is identified' },
              },
            },
            identifying: {
              description: '认真倾听客户需求,记录客户信息 — listen and record who calls and why (CALL-RECORD)',
              meta: { zh: '记录信息', rules: ['CALL-RECORD'] },
              on: {
                'CALLER.IDENTIFY': { target: 'classifying', actions: 'identifyCaller', description: '确认客户身份 — the caller is identified' },
              },
            },
            classifying: {
              description: '对客户的问题进行分类(咨询、投诉、建议、订单、退换货) — classify the contact (CALL-CLASSIFY)',
              meta: { zh: '问题分类', rules: ['CALL-CLASSIFY'] },
              on: {
                'CALL.CLASSIFY': {
                  guard: 'isClassifiable',
                  target: 'handling',
                  actions: ['recordClassification', 'handOver'],
                  description: '分类并交相应流程处理(投诉开立投诉单,建议开立建议单) — classify and hand over to its process (CALL-CLASSIFY)',
                },
              },
            },
            handling: {
              description: '根据客户需求,提供相应服务 — serve the caller: answer, transfer, or promise a time (CALL-TRANSFER, CALL-ETA)',
              meta: { zh: '处理', rules: ['CALL-TRANSFER', 'CALL-ETA', 'CALL-CLASSIFY', 'CP-LANGUAGE', 'CALL-RECORD'] },
              on: {
                'CALL.CLASSIFY': {
                  guard: 'isClassifiable',
                  actions: ['recordClassification', 'handOver'],
                  description: '客户另有问题,再分类 — another matter in the same call: classify it too (CALL-CLASSIFY)',
                },
                'CALL.TRANSFER': [
                  {
                    guard: and(['isTransferAllowed', 'isWarmTransfer']),
                    target: '#call.connected.transferring.warm',
                    actions: [
                      'startTransfer',
                      'announceTransferStarted',
                      { type: 'requestTransfer', params: ({ context }) => ({ callId: context.callId, transferId: context.transfer!.id, department: context.transfer!.to, mode: 'warm' as const }) },
                    ],
                    description: '咨询转接:客户保持,客服先向相关部门说明情况 — warm transfer: the caller holds while the agent briefs the department (CALL-TRANSFER)',
                  },
                  {
                    guard: 'isTransferAllowed',
                    target: '#call.connected.transferring.cold',
                    actions: [
                      'startTransfer',
                      'announceTransferStarted',
                      { type: 'requestTransfer', params: ({ context }) => ({ callId: context.callId, transferId: context.transfer!.id, department: context.transfer!.to, mode: 'cold' as const }) },
                    ],
                    description: '直接转接至相关业务部门 — cold transfer to the department (CALL-TRANSFER)',
                  },
                ],
                'CALL.ETA': {
                  guard: 'isPromiseValid',
                  actions: ['owePromisedCallback', 'announceCallback'],
                  description: '需要更长时间处理,告知预计处理时间并约定回电 — needs longer: tell the expected time, owe a callback by then (CALL-ETA)',
                },
                'CALL.WRAP_UP': {
                  guard: 'isRecordComplete',
                  target: '#call.wrapUp',
                  actions: 'recordWrapUp',
                  description: '信息记录完整,结束通话进入话后处理 — the record is complete: end the conversation, after-call work (CALL-RECORD)',
                },
              },
            },
            hist: {
              type: 'history',
              history: 'shallow',
              description: '恢复到保持前的步骤 — where a resumed call picks up (the step before the hold)',
              meta: { zh: '恢复通话' },
            },
          },
        },
        onHold: {
          description: '保持:客户等待 — the caller is on hold',
          meta: { zh: '保持' },
          on: {
            'CALL.RESUME': { target: 'talking.hist', actions: 'endHold', description: '恢复通话 — resume the call' },
            'CALL.HANGUP': {
              target: '#call.abandoned',
              actions: 'recordAbandonedOnHold',
              description: '客户在保持中挂断 — the caller hangs up on hold',
            },
          },
        },
        transferring: {
          description: '转接业务:转接至相关业务部门,失败则回到原客服或转为回电任务,客户不丢失 — transfer; a failure returns the caller to the agent or becomes a callback (CALL-TRANSFER)',
          meta: { zh: '转接业务', rules: ['CALL-TRANSFER'] },
          // Always entered through `cold` or `warm` (CALL.TRANSFER targets them); XState needs an initial child.
          initial: 'cold',
          on: {
            'TRANSFER.CANCEL': {
              target: 'talking.handling',
              actions: ['cancelTransfer', { type: 'returnCallerToAgent', params: ({ context }) => ({ callId: context.callId, transferId: context.transfers[context.transfers.length - 1]!.id, reason: 'cancelled' as const }) }],
              description: '客服取消转接,接回客户 — the agent cancels and takes the caller back',
            },
            'CALL.HANGUP': {
              target: '#call.abandoned',
              actions: ['abandonTransfer', 'recordAbandonedInTransfer'],
              description: '客户在转接中挂断 — the caller hangs up during the transfer',
            },
          },
          states: {
            cold: {
              description: '直接转接:相关部门振铃 — cold transfer: the department\'s line rings',
              meta: { zh: '直接转接', rules: ['CALL-TRANSFER'] },
              after: {
                transferTimeout: [
                  {
                    guard: 'isCallbackOnFailure',
                    target: '#call.wrapUp',
                    actions: ['failTransfer', 'announceTransferFailed', 'oweTransferCallback', 'announceCallback'],
                    description: '转接超时无人接听,转为回电任务 — not answered in time: a callback task (CALL-TRANSFER)',
                  },
                  {
                    target: '#call.connected.talking.handling',
                    actions: ['failTransfer', 'announceTransferFailed'],
                    description: '转接超时无人接听,回到原客服 — not answered in time: back to the agent with the reason (CALL-TRANSFER)',
                  },
                ],
              },
              on: {
                'TRANSFER.ANSWERED': {
                  target: '#call.connected.talking.handling',
                  actions: ['completeTransfer', 'announceTransferCompleted'],
                  description: '相关部门接听,转接完成 — the department answers: transferred (CALL-TRANSFER)',
                },
                'TRANSFER.DECLINED': [
                  {
                    guard: 'isCallbackOnFailure',
                    target: '#call.wrapUp',
                    actions: ['failTransfer', 'announceTransferFailed', 'oweTransferCallback', 'announceCallback'],
                    description: '相关部门拒接,转为回电任务 — declined: a callback task (CALL-TRANSFER)',
                  },
                  {
                    target: '#call.connected.talking.handling',
                    actions: ['failTransfer', 'announceTransferFailed'],
                    description: '相关部门拒接,回到原客服 — declined: back to the agent with the reason (CALL-TRANSFER)',
                  },
                ],
              },
            },
            warm: {
              description: '咨询转接:客户保持,客服先与相关部门沟通 — warm transfer: the caller holds while the agent consults',
              meta: { zh: '咨询转接', rules: ['CALL-TRANSFER'] },
              initial: 'ringing',
              on: {
                'TRANSFER.DECLINED': [
                  {
                    guard: 'isCallbackOnFailure',
                    target: '#call.wrapUp',
                    actions: ['failTransfer', 'announceTransferFailed', 'oweTransferCallback', 'announceCallback'],
                    description: '相关部门拒绝接手,转为回电任务 — declined: a callback task (CALL-TRANSFER)',
                  },
                  {
                    target: '#call.connected.talking.handling',
                    actions: ['failTransfer', 'announceTransferFailed'],
                    description: '相关部门拒绝接手,回到原客服 — declined: back to the agent with the reason (CALL-TRANSFER)',
                  },
                ],
              },
              states: {
                ringing: {
                  description: '呼叫相关部门 — calling the department',
                  meta: { zh: '呼叫部门' },
                  after: {
                    transferTimeout: [
                      {
                        guard: 'isCallbackOnFailure',
                        target: '#call.wrapUp',
                        actions: ['failTransfer', 'announceTransferFailed', 'oweTransferCallback', 'announceCallback'],
                        description: '部门超时未接,转为回电任务 — not answered in time: a callback task (CALL-TRANSFER)',
                      },
                      {
                        target: '#call.connected.talking.handling',
                        actions: ['failTransfer', 'announceTransferFailed'],
                        description: '部门超时未接,回到原客服 — not answered in time: back to the agent with the reason (CALL-TRANSFER)',
                      },
                    ],
                  },
                  on: {
                    'TRANSFER.ANSWERED': { target: 'consulting', actions: 'markTransferAnswered', description: '部门接听,开始沟通 — the department answers: brief it' },
                  },
                },
                consulting: {
                  description: '客服向相关部门说明情况 — the agent briefs the department',
                  meta: { zh: '沟通情况' },
                  on: {
                    'TRANSFER.COMPLETE': {
                      target: '#call.connected.talking.handling',
                      actions: ['completeTransfer', 'announceTransferCompleted'],
                      description: '部门同意接手,接通客户 — the department takes the caller (CALL-TRANSFER)',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    wrapUp: {
      description: '话后处理:完善来电记录 — after-call work: complete the call record (CALL-RECORD, CALL-CLASSIFY)',
      meta: { zh: '话后处理', rules: ['CALL-RECORD', 'CALL-CLASSIFY'] },
      on: {
        'RECORD.UPDATE': { actions: 'updateRecord', description: '补充来电记录 — complete the call record (CALL-RECORD)' },
        'CALL.CLASSIFY': {
          guard: 'isClassifiable',
          actions: ['recordClassification', 'handOver'],
          description: '话后分类并交相应流程 — classify after the call and hand over (CALL-CLASSIFY)',
        },
        'WRAPUP.COMPLETE': [
          {
            guard: and(['isRecordComplete', 'isClassified', 'hasCallbackDue']),
            target: 'callbackPending',
            actions: 'tick',
            description: '记录完整、已分类,等待回电 — record complete and classified; a callback is owed (CALL-RECORD, CALL-CLASSIFY, CALL-ETA)',
          },
          {
            guard: and(['isRecordComplete', 'isClassified']),
            target: 'ended',
            actions: 'recordCompleted',
            description: '记录完整、已分类,结束 — record complete and classified: end (CALL-RECORD, CALL-CLASSIFY)',
          },
        ],
      },
    },
    callbackPending: {
      description: '待回电:在承诺时间前回电 — a callback is owed by its due time (CALL-ETA)',
      meta: { zh: '待回电', rules: ['CALL-ETA'] },
      after: {
        callbackDeadline: {
          actions: ['recordCallbackEscalation', 'announceCallbackMissed'],
          description: '承诺时间已过未回电,上报主管 — the callback is late: escalate to the supervisor (CALL-ETA)',
        },
      },
      on: {
        'CALLBACK.DONE': {
          target: 'ended',
          actions: 'recordCalledBack',
          description: '已回电 — called back',
        },
      },
    },
    ended: {
      type: 'final',
      description: '结束 — the call is over',
      meta: { zh: '结束' },
      entry: 'announceEnded',
    },
    abandoned: {
      type: 'final',
      description: '放弃:客户在振铃、保持或转接中挂断 — the caller hung up before being served',
      meta: { zh: '放弃' },
      entry: ['announceAbandoned', 'announceEnded'],
    },
  },
}), callPermissions), CallEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: callMachine.id,
  events: CallEventSchema,
  input: CallInputSchema,
  context: CallContextSchema,
  invariants: callInvariants,
  worklist: callWorklist,
});
