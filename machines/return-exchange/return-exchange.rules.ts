/**
 * The RETURN-POLICY checks of the return/exchange machine (根据企业的退换货政策,协助客户处理退换货
 * 事宜,并跟踪退换货的进展), and CP-LANGUAGE for replies. Each is a pure function of the context and
 * the event; the machine's guards are built from them with `ruleGuard`, and `explain` runs the
 * same functions to say why an event was refused.
 */
import type { Policy } from '../../src/policy/index.js';
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { addCalendarDays, localDate, type Instant } from '../../src/time/index.js';
import { ReturnRequestSchema } from './return-exchange.schemas.js';
import type { ReturnExchangeContext, ReturnExchangeEvent, ReturnWindow } from './return-exchange.types.js';

type Args = { context: ReturnExchangeContext; event: ReturnExchangeEvent };
type Of<T extends ReturnExchangeEvent['type']> = Extract<ReturnExchangeEvent, { type: T }>;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The fields of a request that are missing or malformed, as dotted paths.
 *
 * @example
 * missingRequestFields({ requestId: 'R-1', requestedAt: '2026-12-05T10:00:00+08:00', items: [{ sku: 'A' }] })
 * //=> ['orderId', 'kind', 'deliveredAt', 'reason', 'items.0.quantity', 'items.0.category']
 */
export function missingRequestFields(request: unknown): string[] {
  const result = ReturnRequestSchema.safeParse(request);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(request)'))];
}

/**
 * Where a request stands against the return window (RETURN-POLICY). Days are local dates in
 * the policy calendar's time zone: the day of delivery is day 0, the next day is day 1, and a
 * request is within the window up to and including day `policy.returns.windowDays`.
 *
 * @example
 * returnWindowOf(defaultPolicy, '2026-12-01T20:00:00+08:00', '2026-12-09T00:00:00+08:00')
 * //=> { deliveredOn: '2026-12-01', requestedOn: '2026-12-09', day: 8, lastAllowedDay: '2026-12-08', within: false }
 */
export function returnWindowOf(policy: Policy, deliveredAt: Instant, requestedAt: Instant): ReturnWindow {
  const zone = policy.calendar.timeZone;
  const deliveredOn = localDate(deliveredAt, zone);
  const requestedOn = localDate(requestedAt, zone);
  const day = daysBetween(deliveredOn, requestedOn);
  const lastAllowedDay = localDate(addCalendarDays(deliveredAt, policy.returns.windowDays, zone), zone);
  return { deliveredOn, requestedOn, day, lastAllowedDay, within: day >= 0 && day <= policy.returns.windowDays };
}

/**
 * RETURN-POLICY: a complete request, made after delivery and no later than `returns.windowDays`
 * days after it (the refusal gives the last allowed day), for items of no excluded category.
 */
export function checkWithinPolicy({ context }: Args): Violation | undefined {
  const { request, policy } = context;
  const missing = missingRequestFields(request);
  if (missing.length) return missingFields('RETURN-POLICY', missing);
  const window = returnWindowOf(policy, request.deliveredAt!, request.requestedAt);
  if (window.day < 0) {
    return violation('RETURN-POLICY', {
      reason: { zh: `申请日 ${window.requestedOn} 早于签收日 ${window.deliveredOn}`, en: `requested on ${window.requestedOn}, before delivery on ${window.deliveredOn}` },
      details: { deliveredOn: window.deliveredOn, requestedOn: window.requestedOn },
    });
  }
  if (!window.within) {
    const days = policy.returns.windowDays;
    return violation('RETURN-POLICY', {
      reason: {
        zh: `已超过签收后 ${days} 天的退换货期限(申请日 ${window.requestedOn} 为第 ${window.day} 天,最后一天为 ${window.lastAllowedDay})`,
        en: `past the ${days}-day window after delivery (requested on ${window.requestedOn}, day ${window.day}; the last allowed day was ${window.lastAllowedDay})`,
      },
      details: { lastAllowedDay: window.lastAllowedDay, deliveredOn: window.deliveredOn, requestedOn: window.requestedOn, day: window.day, windowDays: days },
    });
  }
  const excludedCategories = policy.returns.excludedCategories;
  const excluded = (request.items ?? []).filter((i) => i.category !== undefined && excludedCategories.includes(i.category)).map((i) => ({ sku: i.sku!, category: i.category! }));
  if (excluded.length) {
    return violation('RETURN-POLICY', {
      reason: {
        zh: `商品 ${excluded.map((i) => `${i.sku}(${i.category})`).join('、')} 不在退换货范围内`,
        en: `${excluded.map((i) => `${i.sku} (${i.category})`).join(', ')} ${excluded.length === 1 ? 'is' : 'are'} excluded from returns and exchanges`,
      },
      details: { excluded },
    });
  }
  return undefined;
}

/**
 * RETURN-POLICY: a request is declined only when it is complete and the policy refuses it;
 * a request within the policy is not declined.
 */
export function checkOutsidePolicy(args: Args): Violation | undefined {
  const missing = missingRequestFields(args.context.request);
  if (missing.length) return missingFields('RETURN-POLICY', missing);
  return checkWithinPolicy(args)
    ? undefined
    : violation('RETURN-POLICY', {
        reason: { zh: '申请符合退换货政策,不能拒绝', en: 'the request is within the policy and cannot be declined' },
      });
}

/** RETURN-POLICY: refunds and replacements follow an inspection the item passed. */
export function checkInspectionPassed({ context }: Args): Violation | undefined {
  if (!context.inspection) return missingFields('RETURN-POLICY', ['inspection']);
  return context.inspection.passed
    ? undefined
    : violation('RETURN-POLICY', {
        reason: { zh: '退回商品检验未通过', en: 'the item returned failed inspection' },
        details: { inspection: 'failed' },
      });
}

/** RETURN-POLICY: after an inspection the item failed, the request may be declined. */
export function checkInspectionFailed({ context }: Args): Violation | undefined {
  if (!context.inspection) return missingFields('RETURN-POLICY', ['inspection']);
  return context.inspection.passed
    ? violation('RETURN-POLICY', {
        reason: { zh: '退回商品检验合格,不能拒绝', en: 'the item passed inspection; the request cannot be declined' },
        details: { inspection: 'passed' },
      })
    : undefined;
}

/** RETURN-POLICY: a return ends in a refund (an exchange in a replacement), after a passed inspection. */
export function checkRefund(args: Args): Violation | undefined {
  if (args.context.request.kind !== 'return') {
    return violation('RETURN-POLICY', {
      reason: { zh: '换货申请应发出换货商品,而非退款', en: 'an exchange is completed by shipping a replacement, not by a refund' },
      details: { kind: args.context.request.kind },
    });
  }
  return checkInspectionPassed(args);
}

/** RETURN-POLICY: an exchange ships a replacement, after a passed inspection, with carrier and tracking number. */
export function checkReplacement(args: Args): Violation | undefined {
  if (args.context.request.kind !== 'exchange') {
    return violation('RETURN-POLICY', {
      reason: { zh: '退货申请应退款,而非发出换货商品', en: 'a return is completed by a refund, not by a replacement' },
      details: { kind: args.context.request.kind },
    });
  }
  const failed = checkInspectionPassed(args);
  if (failed) return failed;
  const e = args.event as Of<'REPLACEMENT.SHIP'>;
  const missing: string[] = [];
  if (!e.carrier) missing.push('carrier');
  if (!e.trackingNumber) missing.push('trackingNumber');
  return missing.length ? missingFields('RETURN-POLICY', missing) : undefined;
}

/** CP-LANGUAGE: a reply or a decline sent to the customer holds no forbidden phrase. */
export function checkPoliteText({ context, event }: Args): Violation | undefined {
  const text = event.type === 'REPLY.SEND' ? event.text : event.type === 'REQUEST.DECLINE' ? event.reply : undefined;
  return text === undefined ? undefined : checkReplyLanguage(text, context.policy.language);
}
