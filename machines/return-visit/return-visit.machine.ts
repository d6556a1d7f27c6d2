import { addMonths } from 'date-fns/addMonths';
import { TZDate } from '@date-fns/tz';
import { and, assign, emit, setup } from 'xstate';
import type { Policy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ReturnVisitContextSchema, returnVisitInvariants } from './return-visit.invariants.js';
import { addCalendarDays, addCalendarHours, nextAllowedMoment, toEpoch, toIso, type Instant } from '../../src/time/index.js';
import { addToDoNotCall } from '../../src/dnc/index.js';
import { resolvePolicy } from './return-visit.policy.js';
import {
  ReturnVisitEventSchema,
  ReturnVisitInputSchema,
  VisitRecordSchema,
  type Occasion,
  type ReturnVisitInput,
  type VisitRecordDraft,
} from './return-visit.schemas.js';
import { scriptParamsOf, scriptSms } from './return-visit.script.js';
import * as checks from './return-visit.rules.js';
import type {
  ReturnVisitContext,
  ReturnVisitEmitted,
  ReturnVisitEvent,
  ReturnVisitOutput,
  ScriptStep,
  VisitOutcome,
} from './return-visit.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { returnVisitPermissions } from './return-visit.permissions.js';
import { returnVisitWorklist } from './return-visit.worklist.js';

type Of<T extends ReturnVisitEvent['type']> = Extract<ReturnVisitEvent, { type: T }>;
type Ctx = { context: ReturnVisitContext; event: ReturnVisitEvent };

/**
 * When a maintenance reminder is due: the service + `months` calendar months, same local time
 * in `timeZone` (定期友情提醒客户做车保养).
 *
 * @example
 * addMonthsIn('2026-06-15T10:00:00+08:00', 6, 'Asia/Shanghai') //=> '2026-12-15T02:00:00.000Z'
 */
export function addMonthsIn(at: Instant, months: number, timeZone: string): string {
  return toIso(addMonths(new TZDate(toEpoch(at), timeZone), months).getTime());
}

/**
 * The due time of a visit (RV-3DAY): `withinDays` calendar days after the service, or after the
 * occasion's date for special visits and maintenance reminders.
 *
 * @example
 * visitDueAt(defaultPolicy, 'after-service', '2026-12-01T10:00:00+08:00') //=> '2026-12-04T02:00:00.000Z'
 */
export function visitDueAt(policy: Policy, occasion: Occasion, serviceCompletedAt: Instant, occasionDate?: Instant): string {
  const from = occasion === 'after-service' || occasionDate === undefined ? serviceCompletedAt : occasionDate;
  return addCalendarDays(from, policy.returnVisit.withinDays, policy.calendar.timeZone);
}

const later = (a: string, b: string): string => (toEpoch(a) >= toEpoch(b) ? a : b);

const briefLimitAt = (context: ReturnVisitContext): string =>
  addCalendarHours(context.answeredAt ?? context.now, context.policy.returnVisit.maxMinutes / 60);

const smsWindowEndsAt = (context: ReturnVisitContext): string =>
  addCalendarHours(context.smsSentAt ?? context.now, context.policy.returnVisit.smsReplyWindowHours);

/** Milliseconds from the visit's clock to an instant (0 when already past). */
const msUntil = (at: string, context: ReturnVisitContext): number => Math.max(0, toEpoch(at) - toEpoch(context.now));

const until = (at: (context: ReturnVisitContext) => string) => ({ context }: { context: ReturnVisitContext }) => msUntil(at(context), context);

/**
 * Longest single timer: `setTimeout` fires at once beyond 2^31 - 1 ms (about 24.8 days), and a
 * maintenance reminder or holiday visit may be created months before it is due, so the deadline
 * timer runs in legs of at most 24 days.
 */
export const MAX_TIMER_MS = 24 * 86_400_000;

/** The record's fields the flow knows; the answers come from the call or the SMS. */
function systemFields(context: ReturnVisitContext): VisitRecordDraft {
  return {
    visitId: context.visitId,
    customerId: context.customer.id,
    customerName: context.customer.name,
    member: context.customer.member,
    serviceItem: context.service.item,
    serviceCompletedAt: context.service.completedAt,
    occasion: context.occasion,
    method: context.method,
    agentId: context.agentId,
    attempts: context.attempts,
    overdue: context.overdue,
  };
}

const ids = (context: ReturnVisitContext) => ({ visitId: context.visitId, customerId: context.customer.id });

/**
 * The entry `recordOptOut` wrote for the customer: `addToDoNotCall` replaces the customer's older
 * entries and always writes both `since` and `until`.
 */
function optOutEntry(context: ReturnVisitContext): { customerId: string; since: string; until: string } {
  const entry = context.doNotCall.find((e) => e.customerId === context.customer.id);
  if (!entry?.since || !entry.until) throw new Error(`return visit ${context.visitId}: no dated do-not-call entry for the opt-out`);
  return { customerId: entry.customerId, since: entry.since, until: entry.until };
}

/**
 * One return visit (回访): one follow-up contact with one customer about one service, by phone
 * (the script of 回访规范及用语) or by SMS, ending with the visit record (《回访记录表》).
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: replace them with `.provide({ actions: { dial, sendSms, ... } })`.
 */
export const returnVisitMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as ReturnVisitContext,
    events: {} as ReturnVisitEvent,
    input: {} as ReturnVisitInput,
    output: {} as ReturnVisitOutput,
    emitted: {} as ReturnVisitEmitted,
  },
  guards: {
    isNotOnDoNotCall: ruleGuard('RV-QUIET', checks.checkNotOnDoNotCall),
    isOutsideQuietHours: ruleGuard('RV-QUIET', checks.checkQuietHours),
    isWithinDeadline: ruleGuard('RV-3DAY', checks.checkWithinDeadline),
    isOccasionDue: ruleGuard('RV-OCCASION', checks.checkOccasionDue),
    isRetryDue: ruleGuard('RV-MEMBER-100', checks.checkRetryDue),
    isCallbackNotQuiet: ruleGuard('RV-RESCHEDULE', checks.checkCallbackNotQuiet),
    isCallbackBeforeDeadline: ruleGuard('RV-RESCHEDULE', checks.checkCallbackBeforeDeadline),
    followsScript: ruleGuard('RV-SCRIPT', checks.checkScriptOrder),
    isRecordComplete: ruleGuard('RV-RECORD', checks.checkRecordComplete),
    // Routing conditions, not rules.
    isPhoneVisit: ({ context }) => context.method === 'phone',
    isSmsVisit: ({ context }) => context.method === 'sms',
    isSatisfiedAnswer: ({ event }) => (event as Of<'SATISFACTION.ANSWER'>).satisfaction === 'satisfied',
    hasSatisfactionAnswer: ({ context }) => context.draft.satisfaction !== undefined,
    isDissatisfied: ({ context }) => context.draft.satisfaction === 'dissatisfied',
    hasAttemptsLeft: ({ context }) => context.failedAttempts < context.policy.returnVisit.retryAttempts,
    canFallBackToSms: ({ context }) => context.customer.member && !context.smsFallback,
    isMarkedOverdue: ({ context }) => context.overdue,
    isDeadlineLegLast: ({ context }) => msUntil(context.dueAt, context) <= MAX_TIMER_MS,
  },
  delays: {
    visitDeadline: ({ context }) => Math.min(MAX_TIMER_MS, msUntil(context.dueAt, context)),
    briefLimit: until(briefLimitAt),
    smsReplyWindow: until(smsWindowEndsAt),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    dial: (_: unknown, _params: { visitId: string; customerId: string; phone: string; attempt: number }) => {},
    sendSms: (_: unknown, _params: { visitId: string; customerId: string; phone: string; text: string }) => {},
    notifySupervisor: (_: unknown, _params: { visitId: string; customerId: string; agentId: string; reason: 'overdue'; dueAt: string }) => {},
    remindAgent: (_: unknown, _params: { visitId: string; agentId: string; reason: 'too-long'; limitMinutes: number }) => {},
    openComplaint: (_: unknown, _params: { visitId: string; customerId: string; agentId: string; serviceItem: string; aspects: readonly string[] }) => {},
    saveDoNotCall: (_: unknown, _params: { customerId: string; since: string; until: string }) => {},
    reportWrongNumber: (_: unknown, _params: { visitId: string; customerId: string }) => {},
    fileRecord: (_: unknown, _params: { record: ReturnVisitContext['record'] }) => {},

    beginAttempt: assign(({ context, event }) => {
      const at = (event as Of<'VISIT.START'>).at;
      return {
        now: at,
        attempts: context.attempts + 1,
        attemptStartedAt: at,
        nextAttemptAt: undefined,
        callbackAt: undefined,
        answeredAt: undefined,
        scriptStep: undefined,
      };
    }),
    recordSmsSent: assign(({ event }) => ({ smsSentAt: (event as Of<'VISIT.START'>).at })),
    recordAnswer: assign(({ event }) => ({ answeredAt: (event as Of<'CALL.ANSWER'>).at, now: (event as Of<'CALL.ANSWER'>).at })),
    enterScriptStep: assign(({ event, context }, params: { step: ScriptStep }) => ({
      scriptStep: params.step,
      now: 'at' in event ? event.at : context.now,
    })),
    recordSatisfaction: assign(({ context, event }) => ({
      draft: { ...context.draft, satisfaction: (event as Of<'SATISFACTION.ANSWER'>).satisfaction },
    })),
    recordSuggestion: assign(({ context, event }) => ({
      draft: { ...context.draft, suggestion: (event as Of<'SUGGESTION.RECORD'>).suggestion ?? null },
    })),
    recordAspects: assign(({ context, event }) => {
      const e = event as Of<'ASPECT.RECORD'>;
      return { draft: { ...context.draft, aspects: e.aspects, ...(e.detail ? { notes: e.detail } : {}) } };
    }),
    endCall: assign(({ context, event }) => {
      const e = event as Of<'CALL.END'> | Of<'CALL.DROPPED'>;
      const answeredAt = context.answeredAt ?? e.at;
      const measured = Math.max(0, Math.round((toEpoch(e.at) - toEpoch(answeredAt)) / 1000));
      const durationSeconds = e.type === 'CALL.END' && e.durationSeconds !== undefined ? e.durationSeconds : measured;
      const tooLong = context.tooLong || durationSeconds > context.policy.returnVisit.maxMinutes * 60;
      return {
        now: e.at,
        durationSeconds,
        tooLong,
        scriptStep: undefined,
        draft: { ...context.draft, ...systemFields(context), visitedAt: answeredAt, durationSeconds, tooLong },
      };
    }),
    flagTooLong: assign(({ context }) => ({ tooLong: true, now: later(briefLimitAt(context), context.now) })),
    announceTooLong: emit(({ context }: Ctx) => ({
      type: 'returnVisit.tooLong' as const,
      visitId: context.visitId,
      agentId: context.agentId,
      limitMinutes: context.policy.returnVisit.maxMinutes,
      at: context.now,
    })),
    recordFailedAttempt: assign(({ context, event }) => ({
      failedAttempts: context.failedAttempts + 1,
      now: 'at' in event ? event.at : context.now,
      answeredAt: undefined,
      scriptStep: undefined,
    })),
    scheduleRetry: assign(({ context }) => {
      const { quietHours, retrySpacingHours } = context.policy.returnVisit;
      return { nextAttemptAt: nextAllowedMoment(quietHours, addCalendarHours(context.now, retrySpacingHours), context.customer.timeZone) };
    }),
    switchToSms: assign(({ context }) => ({
      method: 'sms' as const,
      smsFallback: true,
      nextAttemptAt: nextAllowedMoment(context.policy.returnVisit.quietHours, context.now, context.customer.timeZone),
    })),
    bookCallback: assign(({ event }) => {
      const e = event as Of<'CALLBACK.BOOK'>;
      return { callbackAt: toIso(e.callbackAt), now: e.at, answeredAt: undefined, scriptStep: undefined };
    }),
    recordOverdue: assign(({ context }) => ({
      overdue: true,
      now: later(context.dueAt, context.now),
      escalations: [...context.escalations, { dueAt: context.dueAt, at: later(context.dueAt, context.now) }],
    })),
    announceOverdue: emit(({ context }: Ctx) => ({
      type: 'returnVisit.overdue' as const,
      ...ids(context),
      agentId: context.agentId,
      dueAt: context.dueAt,
    })),
    recordSmsReply: assign(({ context, event }) => {
      const e = event as Of<'SMS.REPLY'>;
      const answers: VisitRecordDraft =
        e.satisfaction === 'satisfied'
          ? { satisfaction: e.satisfaction, suggestion: e.text ?? null }
          : { satisfaction: e.satisfaction, ...(e.text ? { notes: e.text } : {}) };
      return {
        now: e.at,
        draft: { ...context.draft, ...systemFields(context), ...answers, visitedAt: e.at, durationSeconds: null, tooLong: false },
      };
    }),
    updateRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.UPDATE'>;
      return { now: e.at, draft: { ...context.draft, ...e.fields } };
    }),
    completeRecord: assign(({ context, event }) => {
      const at = (event as Of<'RECORD.SUBMIT'>).at;
      return { now: at, record: VisitRecordSchema.parse(context.draft) };
    }),
    announceDissatisfied: emit(({ context }: Ctx) => ({
      type: 'returnVisit.dissatisfied' as const,
      ...ids(context),
      agentId: context.agentId,
      satisfaction: 'dissatisfied' as const,
      aspects: context.draft.aspects ?? [],
      at: context.now,
    })),
    recordOptOut: assign(({ context, event }) => {
      const at = (event as Of<'CUSTOMER.OPT_OUT'>).at;
      return { now: at, doNotCall: addToDoNotCall(context.doNotCall, context.customer.id, at, context.policy) };
    }),
    announceOptOut: emit(({ context }: Ctx) => ({
      type: 'returnVisit.optedOut' as const,
      ...ids(context),
      until: optOutEntry(context).until,
      at: context.now,
    })),
    recordCancel: assign(({ event }) => {
      const e = event as Of<'VISIT.CANCEL'>;
      return { now: e.at, cancelReason: e.reason };
    }),
    /** The visit's clock moves to the end of the SMS reply window, so the visit ends then, not at sending. */
    closeSmsWindow: assign(({ context }) => ({ now: smsWindowEndsAt(context) })),
    advanceOneTimerLeg: assign(({ context }) => ({ now: addCalendarHours(context.now, MAX_TIMER_MS / 3_600_000) })),
    recordTime: assign(({ context, event }) => ({ now: 'at' in event ? event.at : context.now })),
    endVisit: assign(({ context }, params: { outcome: VisitOutcome }) => ({ outcome: params.outcome, endedAt: context.now })),
    announceEnded: emit(({ context }: Ctx) => ({
      type: 'returnVisit.ended' as const,
      ...ids(context),
      outcome: context.outcome!,
      at: context.endedAt ?? context.now,
      // The cycle that opened the visit as a case of its own learns of its end from this event.
      ...(context.cycleId !== undefined ? { cycleId: context.cycleId } : {}),
    })),
  },
}).createMachine({
  id: 'returnVisit',
  description:
    '回访:一次对一位客户就一项服务的回访,按回访规范及用语进行,填写《回访记录表》 — one follow-up contact with one customer about one service, following the script, ending with the visit record.',
  context: ({ input }) => {
    const { policy: given, ...rest } = (input ?? {}) as ReturnVisitInput;
    const policy = resolvePolicy(given, 'return visit input');
    const parsed = parseInput(ReturnVisitInputSchema, rest, 'return visit input', policy.limits);
    const occasionDate =
      parsed.occasionDate ??
      (parsed.occasion === 'maintenance-reminder'
        ? addMonthsIn(parsed.service.completedAt, policy.returnVisit.maintenanceReminderMonths, policy.calendar.timeZone)
        : undefined);
    const now = parsed.at ?? parsed.service.completedAt;
    return {
      policy,
      visitId: parsed.visitId,
      ...(parsed.cycleId !== undefined ? { cycleId: parsed.cycleId } : {}),
      customer: parsed.customer,
      service: parsed.service,
      agentId: parsed.agentId,
      method: parsed.method,
      occasion: parsed.occasion,
      ...(occasionDate ? { occasionDate } : {}),
      doNotCall: (parsed.doNotCall ?? []).filter((e) => e.customerId === parsed.customer.id),
      now,
      createdAt: now,
      dueAt: visitDueAt(policy, parsed.occasion, parsed.service.completedAt, occasionDate),
      overdue: false,
      escalations: [],
      attempts: 0,
      failedAttempts: 0,
      smsFallback: false,
      tooLong: false,
      draft: {},
    };
  },
  output: ({ context }) => ({
    visitId: context.visitId,
    customerId: context.customer.id,
    member: context.customer.member,
    agentId: context.agentId,
    occasion: context.occasion,
    method: context.method,
    outcome: context.outcome ?? 'cancelled',
    ...(context.draft.satisfaction ? { satisfaction: context.draft.satisfaction } : {}),
    ...(context.draft.aspects ? { aspects: context.draft.aspects } : {}),
    ...(context.draft.suggestion !== undefined ? { suggestion: context.draft.suggestion } : {}),
    ...(context.draft.durationSeconds !== undefined ? { durationSeconds: context.draft.durationSeconds } : {}),
    tooLong: context.tooLong,
    overdue: context.overdue,
    attempts: context.attempts,
    dueAt: context.dueAt,
    endedAt: context.endedAt ?? context.now,
    ...(context.outcome === 'opted-out'
      ? { doNotCallUntil: optOutEntry(context).until }
      : {}),
  }),
  initial: 'pending',
  states: {
    pending: {
      description: '待回访:等待拨打或发送短信;须在服务后三天内完成 — waiting for the next contact attempt; due within three days of the service (RV-3DAY)',
      meta: { zh: '待回访', rules: ['RV-3DAY', 'RV-QUIET', 'RV-OCCASION', 'RV-MEMBER-100'] },
      type: 'parallel',
      states: {
        attempt: {
          description: '联系安排 — when the next attempt is made',
          meta: { zh: '联系安排' },
          initial: 'scheduled',
          states: {
            scheduled: {
              description: '已排期,尚未联系 — scheduled, not contacted yet',
              meta: { zh: '已排期' },
            },
            awaitingRetry: {
              description: '未接通,按间隔重拨(会员最后改发短信) — not reached: retry after the spacing (members then get an SMS) (RV-MEMBER-100)',
              meta: { zh: '待重拨', rules: ['RV-MEMBER-100', 'RV-QUIET'] },
            },
            callbackBooked: {
              description: '客户不便,已在电话中另约方便时间 — the busy customer booked a convenient time (RV-RESCHEDULE)',
              meta: { zh: '已另约时间', rules: ['RV-RESCHEDULE'] },
            },
          },
        },
        deadline: {
          description: '三天回访期限 — the three-day deadline (RV-3DAY)',
          meta: { zh: '回访期限', rules: ['RV-3DAY'] },
          initial: 'onTime',
          states: {
            onTime: {
              description: '未逾期 — before the due time',
              meta: { zh: '未逾期' },
              always: { guard: 'isMarkedOverdue', target: 'overdue', description: '已上报的逾期回访 — already escalated as overdue' },
              after: {
                visitDeadline: [
                  {
                    guard: 'isDeadlineLegLast',
                    target: 'overdue',
                    actions: [
                      'recordOverdue',
                      'announceOverdue',
                      {
                        type: 'notifySupervisor',
                        params: ({ context }) => ({ ...ids(context), agentId: context.agentId, reason: 'overdue' as const, dueAt: context.dueAt }),
                      },
                    ],
                    description: '超过三天未回访:逾期,上报主管 — not visited within three days: overdue, escalate to the supervisor (RV-3DAY)',
                  },
                  {
                    target: 'onTime',
                    reenter: true,
                    actions: 'advanceOneTimerLeg',
                    description: '期限尚远:计时器分段续计 — the due time is far off: the timer runs on in another leg',
                  },
                ],
              },
            },
            overdue: {
              description: '已逾期并上报主管;仍须回访,记录为逾期 — overdue and escalated; the visit is still made and recorded as late (RV-3DAY)',
              meta: { zh: '已逾期', rules: ['RV-3DAY'] },
            },
          },
        },
      },
      on: {
        'VISIT.START': [
          {
            guard: and(['isNotOnDoNotCall', 'isWithinDeadline', 'isOccasionDue', 'isOutsideQuietHours', 'isRetryDue', 'isPhoneVisit']),
            target: '#returnVisit.call',
            actions: [
              'beginAttempt',
              {
                type: 'dial',
                params: ({ context }) => ({ ...ids(context), phone: context.customer.phone, attempt: context.attempts }),
              },
            ],
            description: '拨打电话(避开客户休息时间,不打免打扰客户) — dial, outside the customer\'s rest time and never a do-not-call customer (RV-QUIET, RV-3DAY, RV-OCCASION)',
          },
          {
            guard: and(['isNotOnDoNotCall', 'isWithinDeadline', 'isOccasionDue', 'isOutsideQuietHours', 'isRetryDue', 'isSmsVisit']),
            target: '#returnVisit.sms',
            actions: [
              'beginAttempt',
              'recordSmsSent',
              {
                type: 'sendSms',
                params: ({ context }) => ({
                  ...ids(context),
                  phone: context.customer.phone,
                  text: scriptSms(scriptParamsOf(context), context.policy.returnVisit.smsReplyWindowHours),
                }),
              },
            ],
            description: '发送回访短信(避开客户休息时间) — send the visit SMS, outside rest time (RV-QUIET, RV-3DAY, RV-OCCASION)',
          },
        ],
        'VISIT.CANCEL': {
          target: 'cancelled',
          actions: 'recordCancel',
          description: '取消回访 — call the visit off',
        },
      },
    },
    call: {
      description: '电话回访 — the phone call',
      meta: { zh: '电话回访', rules: ['RV-SCRIPT', 'RV-BRIEF'] },
      initial: 'dialing',
      states: {
        dialing: {
          description: '拨号中 — dialing',
          meta: { zh: '拨号' },
          on: {
            'CALL.ANSWER': { target: 'talking', actions: 'recordAnswer', description: '客户接听 — the customer answers', meta: { rule: 'RV-SCRIPT' } },
            'CALL.NO_ANSWER': { target: '#returnVisit.attemptFailed', actions: 'recordFailedAttempt', description: '无人接听 — no answer' },
            'CALL.BUSY': { target: '#returnVisit.attemptFailed', actions: 'recordFailedAttempt', description: '占线 — the line is busy' },
          },
        },
        talking: {
          description: '通话中:按回访规范及用语进行,时间不宜过长 — talking, following the script, briefly (RV-SCRIPT, RV-BRIEF)',
          meta: { zh: '通话中', rules: ['RV-SCRIPT', 'RV-BRIEF', 'RV-RESCHEDULE'] },
          initial: 'opening',
          after: {
            briefLimit: {
              actions: [
                'flagTooLong',
                'announceTooLong',
                {
                  type: 'remindAgent',
                  params: ({ context }) => ({ visitId: context.visitId, agentId: context.agentId, reason: 'too-long' as const, limitMinutes: context.policy.returnVisit.maxMinutes }),
                },
              ],
              description: '回访时间过长,提醒客服尽快结束 — over the time limit: flag it and remind the agent to close (RV-BRIEF)',
            },
          },
          states: {
            opening: {
              description: '(1)开始:您好我是××的客服代表,请问您是××先生/小姐吗?打扰您了。 — opening and identity check (RV-SCRIPT)',
              meta: { zh: '开始', rules: ['RV-SCRIPT'] },
              entry: { type: 'enterScriptStep', params: { step: 'opening' } },
              on: {
                'IDENTITY.CONFIRM': { target: 'satisfaction', description: '确认是客户本人 — it is the customer' },
                'IDENTITY.WRONG_PERSON': {
                  target: '#returnVisit.wrongPerson',
                  actions: ['recordTime', { type: 'reportWrongNumber', params: ({ context }) => ids(context) }],
                  description: '非客户本人,档案号码有误 — not the customer: the archive\'s number is wrong',
                },
                'CALL.BUSY': {
                  target: '#returnVisit.attemptFailed',
                  actions: 'recordFailedAttempt',
                  description: '客户不便且未约时间 — the customer cannot talk and books no time',
                },
              },
            },
            satisfaction: {
              description: '(2)交流:感谢您在××时间接受了我们××的××服务项目,请问您对××服务项目满意吗? — the satisfaction question (RV-SCRIPT)',
              meta: { zh: '交流', rules: ['RV-SCRIPT'] },
              entry: { type: 'enterScriptStep', params: { step: 'satisfaction' } },
              on: {
                'SATISFACTION.ANSWER': [
                  { guard: 'isSatisfiedAnswer', target: 'askSuggestion', actions: 'recordSatisfaction', description: '【满意】 — satisfied' },
                  { target: 'askAspect', actions: 'recordSatisfaction', description: '【不满意/一般】 — dissatisfied or average' },
                ],
              },
            },
            askSuggestion: {
              description: '【满意】您对我们的服务有什么建议吗? — ask for suggestions (RV-SCRIPT)',
              meta: { zh: '征询建议', rules: ['RV-SCRIPT'] },
              entry: { type: 'enterScriptStep', params: { step: 'suggestion' } },
              on: {
                'SUGGESTION.RECORD': { target: 'closing', actions: 'recordSuggestion', description: '记录建议(可无) — record the suggestion, if any' },
              },
            },
            askAspect: {
              description: '【不满意/一般】能否告诉我您对哪方面不满意?/我们应改进哪方面的工作 — ask which aspect (RV-SCRIPT)',
              meta: { zh: '询问不满意方面', rules: ['RV-SCRIPT'] },
              entry: { type: 'enterScriptStep', params: { step: 'aspect' } },
              on: {
                'ASPECT.RECORD': { target: 'closing', actions: 'recordAspects', description: '记录不满意方面 — record the aspects' },
              },
            },
            closing: {
              description: '(3)结束:按客户答复致结束语,祝您(开车愉快/节日快乐),再见! — the closing matched to the answer (RV-SCRIPT)',
              meta: { zh: '结束', rules: ['RV-SCRIPT'] },
              entry: { type: 'enterScriptStep', params: { step: 'closing' } },
              on: {
                'CALL.END': { target: '#returnVisit.recording', actions: 'endCall', description: '结束通话,记录通话时长 — end the call; its length is recorded (RV-BRIEF)' },
              },
            },
          },
          on: {
            'CALLBACK.BOOK': {
              guard: and(['isCallbackNotQuiet', 'isCallbackBeforeDeadline']),
              target: '#returnVisit.pending.attempt.callbackBooked',
              actions: 'bookCallback',
              description: '客户不便:在电话中另约方便时间(不在休息时间,不晚于三天期限) — the customer is busy: book a convenient time, outside rest time and before the deadline (RV-RESCHEDULE)',
            },
            'CUSTOMER.OPT_OUT': {
              target: '#returnVisit.optedOut',
              actions: 'recordOptOut',
              description: '客户要求不再来电:列入免打扰名单 — the customer asks not to be called again: do-not-call list',
            },
            'CALL.DROPPED': [
              { guard: 'hasSatisfactionAnswer', target: '#returnVisit.recording', actions: 'endCall', description: '通话中断,已有答复:填写记录 — the call broke off after the answer: record it', meta: { rule: 'RV-SCRIPT' } },
              { target: '#returnVisit.attemptFailed', actions: 'recordFailedAttempt', description: '通话中断,未获答复 — the call broke off before the answer' },
            ],
            // Answers out of the script's order are refused with the step expected (RV-SCRIPT).
            'SATISFACTION.ANSWER': { guard: 'followsScript', description: '答复不合回访顺序 — an answer out of the script\'s order is refused (RV-SCRIPT)' },
            'SUGGESTION.RECORD': { guard: 'followsScript', description: '答复不合回访顺序 — out of order (RV-SCRIPT)' },
            'ASPECT.RECORD': { guard: 'followsScript', description: '答复不合回访顺序 — out of order (RV-SCRIPT)' },
            'CALL.END': { guard: 'followsScript', description: '未致结束语不得结束 — no ending before the closing words (RV-SCRIPT)' },
          },
        },
      },
    },
    attemptFailed: {
      description: '本次未接通:尚有次数则按间隔重拨;会员改发短信;否则结束 — not reached: retry after the spacing while attempts remain, then SMS for members, else give up (RV-MEMBER-100)',
      meta: { zh: '本次未接通', rules: ['RV-MEMBER-100'] },
      always: [
        {
          guard: 'hasAttemptsLeft',
          target: '#returnVisit.pending.attempt.awaitingRetry',
          actions: 'scheduleRetry',
          description: '按间隔重拨 — retry after the spacing, out of quiet hours',
        },
        {
          guard: 'canFallBackToSms',
          target: '#returnVisit.pending.attempt.awaitingRetry',
          actions: 'switchToSms',
          description: '会员电话未接通:改发短信 — a member not reached by phone gets an SMS (RV-MEMBER-100)',
        },
        { target: 'unreached', description: '多次未接通:未联系上 — every attempt failed: not reached' },
      ],
    },
    sms: {
      description: '短信回访:已发送,等待客户回复 — the SMS is sent; wait for the reply',
      meta: { zh: '短信回访', rules: ['RV-QUIET'] },
      after: {
        smsReplyWindow: {
          target: 'unreached',
          actions: 'closeSmsWindow',
          description: '回复期限内未回复:视为未联系上 — no reply in the window counts as not reached',
        },
      },
      on: {
        'SMS.REPLY': { target: 'recording', actions: 'recordSmsReply', description: '客户回复 — the customer replies' },
        'CUSTOMER.OPT_OUT': { target: 'optedOut', actions: 'recordOptOut', description: '回复退订:列入免打扰名单 — the customer opts out: do-not-call list' },
      },
    },
    recording: {
      description: '填写《回访记录表》:客户、服务项目及日期、方式、满意度、建议或不满意方面、回访人、时间 — fill in the visit record (RV-RECORD)',
      meta: { zh: '填写回访记录表', rules: ['RV-RECORD'] },
      on: {
        'RECORD.UPDATE': { actions: 'updateRecord', description: '补充或更正记录 — fill in or correct fields' },
        'RECORD.SUBMIT': [
          {
            guard: and(['isRecordComplete', 'isDissatisfied']),
            target: 'recorded',
            actions: [
              'completeRecord',
              { type: 'fileRecord', params: ({ context }) => ({ record: context.record }) },
              'announceDissatisfied',
              {
                type: 'openComplaint',
                params: ({ context }) => ({
                  ...ids(context),
                  agentId: context.agentId,
                  serviceItem: context.service.item,
                  aspects: context.record?.aspects ?? [],
                }),
              },
            ],
            description: '记录完整;客户不满意:转投诉处理 — complete record; a dissatisfied customer opens a complaint (RV-RECORD)',
          },
          {
            guard: 'isRecordComplete',
            target: 'recorded',
            actions: ['completeRecord', { type: 'fileRecord', params: ({ context }) => ({ record: context.record }) }],
            description: '记录完整,归档 — the record is complete: file it (RV-RECORD)',
          },
        ],
      },
    },
    recorded: {
      type: 'final',
      description: '已回访:记录完整 — visited, the record is filed',
      meta: { zh: '已回访' },
      entry: [{ type: 'endVisit', params: { outcome: 'recorded' } }, 'announceEnded'],
    },
    unreached: {
      type: 'final',
      description: '未联系上 — not reached',
      meta: { zh: '未联系上' },
      entry: [{ type: 'endVisit', params: { outcome: 'unreached' } }, 'announceEnded'],
    },
    wrongPerson: {
      type: 'final',
      description: '非客户本人,须核实档案号码 — not the customer; the archive\'s number must be checked',
      meta: { zh: '非本人' },
      entry: [{ type: 'endVisit', params: { outcome: 'wrong-person' } }, 'announceEnded'],
    },
    optedOut: {
      type: 'final',
      description: '客户拒绝回访,已列入免打扰名单 — opted out, on the do-not-call list',
      meta: { zh: '拒绝回访' },
      entry: [
        { type: 'endVisit', params: { outcome: 'opted-out' } },
        {
          type: 'saveDoNotCall',
          params: ({ context }) => optOutEntry(context),
        },
        'announceOptOut',
        'announceEnded',
      ],
    },
    cancelled: {
      type: 'final',
      description: '已取消 — called off',
      meta: { zh: '已取消' },
      entry: [{ type: 'endVisit', params: { outcome: 'cancelled' } }, 'announceEnded'],
    },
  },
}), returnVisitPermissions), ReturnVisitEventSchema);

registerMachineSchemas({
  id: returnVisitMachine.id,
  events: ReturnVisitEventSchema,
  input: ReturnVisitInputSchema,
  context: ReturnVisitContextSchema,
  invariants: returnVisitInvariants,
  worklist: returnVisitWorklist,
});
