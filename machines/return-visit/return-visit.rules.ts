/**
 * The RV-* rule checks of one return visit. Each is a pure function of the context and the
 * event; the machine's guards are built from them with `ruleGuard`, and `explain` runs the same
 * functions to say why an event was refused.
 */
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { isQuietTime, nextAllowedMoment, toEpoch, toIso } from '../../src/time/index.js';
import { doNotCallUntil } from '../../src/dnc/index.js';
import { restTimeViolation } from '../shared/rest-time.js';
import { VisitRecordSchema } from './return-visit.schemas.js';
import type { ReturnVisitContext, ReturnVisitEvent, ScriptStep } from './return-visit.types.js';

type Args = { context: ReturnVisitContext; event: ReturnVisitEvent };
type Of<T extends ReturnVisitEvent['type']> = Extract<ReturnVisitEvent, { type: T }>;

const atOf = (event: ReturnVisitEvent, context: ReturnVisitContext): string => ('at' in event ? event.at : context.now);

/**
 * The fields of a visit record that are missing or malformed, as dotted paths (RV-RECORD).
 *
 * @example
 * missingRecordFields({ visitId: 'V-1', satisfaction: 'dissatisfied' }).includes('aspects') //=> true
 */
export function missingRecordFields(draft: unknown): string[] {
  const result = VisitRecordSchema.safeParse(draft);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(record)'))];
}

/**
 * Do-not-call (免打扰): a customer on the department's do-not-call list is not contacted until the
 * request expires, or ever for an entry with no end. Reported under RV-QUIET (避免打扰客户): the
 * catalogue has no rule of its own for it. `details.doNotCallUntil` is the end of the request, or
 * `null` when it has none.
 */
export function checkNotOnDoNotCall({ context, event }: Args): Violation | undefined {
  const until = doNotCallUntil(context.doNotCall, context.customer.id, atOf(event, context));
  if (until === undefined) return undefined;
  return violation('RV-QUIET', {
    reason:
      until === null
        ? { zh: '客户已要求不再来电,长期免打扰(无截止日期)', en: 'the customer asked not to be called; do not call (no end date)' }
        : { zh: `客户已要求不再来电,免打扰至 ${until}`, en: `the customer asked not to be called; do not call until ${until}` },
    details: { doNotCallUntil: until },
  });
}

/** RV-QUIET: no call or SMS in the customer's rest time, read in the customer's own zone. */
export function checkQuietHours({ context, event }: Args): Violation | undefined {
  return restTimeViolation(context.policy.returnVisit.quietHours, atOf(event, context), context.customer.timeZone);
}

/**
 * RV-3DAY: an after-service visit is made after the service and before the due time. Once the
 * due time has passed and been escalated (`overdue`), the late visit is allowed and recorded as such.
 */
export function checkWithinDeadline({ context, event }: Args): Violation | undefined {
  const at = toEpoch(atOf(event, context));
  if (context.occasion === 'after-service' && at < toEpoch(context.service.completedAt)) {
    return violation('RV-3DAY', {
      reason: { zh: '服务尚未完成', en: 'the service is not completed yet' },
      details: { serviceCompletedAt: context.service.completedAt },
    });
  }
  if (context.overdue || at < toEpoch(context.dueAt)) return undefined;
  return violation('RV-3DAY', {
    reason: { zh: `已逾期(应于 ${context.dueAt} 前回访),须先上报主管`, en: `overdue (due ${context.dueAt}); it must be escalated first` },
    details: { dueAt: context.dueAt },
  });
}

/** RV-OCCASION: a special visit or maintenance reminder is not made before its date. */
export function checkOccasionDue({ context, event }: Args): Violation | undefined {
  const date = context.occasionDate;
  if (context.occasion === 'after-service' || date === undefined) return undefined;
  return toEpoch(atOf(event, context)) >= toEpoch(date)
    ? undefined
    : violation('RV-OCCASION', {
        reason: { zh: `未到特色回访/保养提醒日期 ${date}`, en: `the ${context.occasion} visit is not due before ${date}` },
        details: { occasion: context.occasion, occasionDate: date },
      });
}

/**
 * Retry spacing (RV-MEMBER-100's retry policy): after an unanswered call, the next attempt waits
 * `retrySpacingHours`, moved out of quiet hours.
 */
export function checkRetryDue({ context, event }: Args): Violation | undefined {
  const next = context.nextAttemptAt;
  if (next === undefined || toEpoch(atOf(event, context)) >= toEpoch(next)) return undefined;
  return violation('RV-MEMBER-100', {
    reason: { zh: `重拨间隔未到,最早 ${next}`, en: `too soon to retry; next attempt from ${next}` },
    details: { nextAttemptAt: next, attempts: context.attempts },
  });
}

/** RV-RESCHEDULE (with RV-QUIET): the booked time is not in the customer's rest time. */
export function checkCallbackNotQuiet({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALLBACK.BOOK'>;
  const { quietHours } = context.policy.returnVisit;
  const { timeZone } = context.customer;
  if (!isQuietTime(quietHours, e.callbackAt, timeZone)) return undefined;
  const next = nextAllowedMoment(quietHours, e.callbackAt, timeZone);
  return violation('RV-RESCHEDULE', {
    reason: { zh: `约定时间在客户休息时间内(${timeZone}),可改为 ${next}`, en: `the booked time is rest time in ${timeZone}; ${next} would do` },
    details: { conflict: 'RV-QUIET', timeZone, callbackAt: toIso(e.callbackAt), nextAllowedAt: next },
  });
}

/** RV-RESCHEDULE (with RV-3DAY): the booked time is after now and before the visit's due time. */
export function checkCallbackBeforeDeadline({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALLBACK.BOOK'>;
  const callback = toEpoch(e.callbackAt);
  if (callback <= toEpoch(e.at)) {
    return violation('RV-RESCHEDULE', {
      reason: { zh: '约定时间须晚于当前时间', en: 'the booked time must be later than now' },
      details: { conflict: 'past', callbackAt: toIso(e.callbackAt) },
    });
  }
  if (context.overdue || callback < toEpoch(context.dueAt)) return undefined;
  return violation('RV-RESCHEDULE', {
    reason: { zh: `约定时间晚于三天回访期限 ${context.dueAt}`, en: `the booked time is after the 3-day deadline ${context.dueAt}` },
    details: { conflict: 'RV-3DAY', callbackAt: toIso(e.callbackAt), dueAt: context.dueAt },
  });
}

const EXPECTED: Record<ScriptStep, { event: string; zh: string; en: string }> = {
  opening: { event: 'IDENTITY.CONFIRM', zh: '须先确认客户身份', en: 'confirm the customer\'s identity first' },
  satisfaction: { event: 'SATISFACTION.ANSWER', zh: '须先询问客户是否满意', en: 'ask whether the customer is satisfied first' },
  suggestion: { event: 'SUGGESTION.RECORD', zh: '客户满意:应征询建议', en: 'the customer is satisfied: ask for suggestions' },
  aspect: { event: 'ASPECT.RECORD', zh: '客户不满意/一般:应询问哪方面不满意', en: 'the customer is dissatisfied or average: ask which aspect' },
  closing: { event: 'CALL.END', zh: '应致结束语后结束通话', en: 'say the closing words and end the call' },
};

/**
 * RV-SCRIPT: the call follows the script: opening and identity check → satisfaction question →
 * suggestions (satisfied) or aspects (dissatisfied, average) → closing. An answer out of order
 * is refused, and the refusal names the expected step.
 */
export function checkScriptOrder({ context, event }: Args): Violation | undefined {
  const step = context.scriptStep;
  if (step === undefined) return violation('RV-SCRIPT', { reason: { zh: '通话尚未接通', en: 'the call is not connected' } });
  const expected = EXPECTED[step];
  if (expected.event === event.type) return undefined;
  return violation('RV-SCRIPT', {
    reason: { zh: expected.zh, en: expected.en },
    details: { step, expected: expected.event, got: event.type },
  });
}

/** RV-RECORD: the visit completes only with a full visit record; missing fields are named. */
export function checkRecordComplete({ context }: Args): Violation | undefined {
  const missing = missingRecordFields(context.draft);
  return missing.length ? missingFields('RV-RECORD', missing) : undefined;
}
