/**
 * Warnings before a deadline and escalation levels after it: policy thresholds turned into
 * instants, in the clock's own time (working time for a business clock), so a machine can
 * schedule each one as a delayed transition like any other timer.
 */
import * as z from 'zod/mini';
import { addWorkingMs, type BusinessCalendar, resolveCalendar, type ResolvedCalendar, subtractWorkingMs, workingMsBetween } from './calendar.js';
import { toEpoch } from './instant.js';
import { HOUR_MS, iso } from './internal.js';
import type { SlaMode } from './sla.js';

/**
 * Who is told when a threshold is reached, in escalation order: the agent on the case, the
 * supervisor (客服主管), the head of the responsible department (部门主管).
 *
 * @example
 * EscalationLevelSchema.options
 * //=> ['agent', 'supervisor', 'head']
 */
export const EscalationLevelSchema = z.enum(['agent', 'supervisor', 'head']);
/** `'agent' | 'supervisor' | 'head'`; see {@link EscalationLevelSchema}. */
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

/**
 * One threshold of a deadline, exactly one of:
 * - `share`: when this share of the allowed time has passed (`0.75`: with a quarter left);
 * - `hoursBeforeDue`: this many hours before the due time;
 * - `hoursAfterDue`: this many hours after it (a further escalation level after the breach);
 *
 * hours in the clock's own time (working hours on a business clock), and `notify`: who is told.
 *
 * @example
 * DeadlineThresholdSchema.safeParse({ share: 0.75, notify: 'agent' }).success
 * //=> true
 * DeadlineThresholdSchema.safeParse({ share: 0.75, hoursBeforeDue: 1, notify: 'agent' }).success
 * //=> false
 */
export const DeadlineThresholdSchema = z.strictObject({
  share: z.optional(z.number().check(z.gt(0, 'share must be above 0'), z.lt(1, 'share must be below 1'))),
  hoursBeforeDue: z.optional(z.number().check(z.positive('hoursBeforeDue must be a positive number'))),
  hoursAfterDue: z.optional(z.number().check(z.nonnegative('hoursAfterDue must be 0 or more'))),
  notify: EscalationLevelSchema,
}).check(
  z.refine((t) => [t.share, t.hoursBeforeDue, t.hoursAfterDue].filter((v) => v !== undefined).length === 1, 'set exactly one of share, hoursBeforeDue, hoursAfterDue'),
);
/** One threshold of a deadline; see {@link DeadlineThresholdSchema}. */
export type DeadlineThreshold = z.infer<typeof DeadlineThresholdSchema>;

/** The span a threshold is measured on: an `SlaClock`, or a step's start and due time. */
export interface DeadlineSpan {
  /** When the allowed time started. */
  startedAt: string;
  /** The due time (for a clock: with pauses added back). */
  dueAt: string;
  /** Elapsed or working time. */
  mode: SlaMode;
  /** Finished pauses, excluded from the allowed time (an `SlaClock`'s `pauses`). */
  pauses?: ReadonlyArray<{ from: string; to: string }>;
}

/** Options of {@link thresholdTimes}. */
export interface ThresholdTimesOptions {
  /** The business calendar; required in business mode. */
  calendar?: BusinessCalendar;
}

/** A threshold resolved to an instant. */
export interface ThresholdTime {
  /** Index of the threshold in the list it came from. */
  index: number;
  /** When it is reached, ISO-8601 in UTC. */
  at: string;
  /** Who is told. */
  notify: EscalationLevel;
  /** `'warning'` before the due time, `'escalation'` at or after it. */
  kind: 'warning' | 'escalation';
}

/**
 * The instants at which the thresholds of a deadline are reached, earliest first (ties keep
 * the list's order). A share is of the allowed time without pauses; hours are the clock's own
 * (working hours for a business span), so "2 hours before due" at Monday 10:00 is Friday 17:00.
 * A warning that would fall before the start is dropped.
 *
 * @param span - The clock or step: start, due time, mode, pauses.
 * @param thresholds - The policy's thresholds.
 * @param options - The calendar, required for a business span.
 *
 * @example
 * thresholdTimes(
 *   { startedAt: '2026-03-02T09:00:00+08:00', dueAt: '2026-03-02T17:00:00+08:00', mode: 'business' },
 *   [{ share: 0.5, notify: 'agent' }, { hoursBeforeDue: 1, notify: 'supervisor' }, { hoursAfterDue: 1, notify: 'head' }],
 *   { calendar: defaultCalendar },
 * ).map((t) => [t.at, t.notify, t.kind])
 * //=> [['2026-03-02T06:00:00.000Z', 'agent', 'warning'], ['2026-03-02T08:00:00.000Z', 'supervisor', 'warning'], ['2026-03-02T10:00:00.000Z', 'head', 'escalation']]
 */
export function thresholdTimes(
  span: DeadlineSpan,
  thresholds: readonly DeadlineThreshold[],
  options: ThresholdTimesOptions = {},
): ThresholdTime[] {
  const start = toEpoch(span.startedAt, 'span.startedAt');
  const due = toEpoch(span.dueAt, 'span.dueAt');
  let resolved: ResolvedCalendar | undefined;
  if (span.mode === 'business') {
    if (options.calendar === undefined) {
      throw new TypeError('thresholdTimes: a business span needs a business calendar in argument "options.calendar"');
    }
    resolved = resolveCalendar(options.calendar, 'options.calendar');
  }
  const measure = (from: number, to: number) =>
    to <= from ? 0 : resolved ? workingMsBetween(resolved, from, to) : to - from;
  const before = (ms: number) => (resolved ? subtractWorkingMs(resolved, due, ms) : due - ms);
  const after = (ms: number) => (resolved ? addWorkingMs(resolved, due, ms) : due + ms);
  const paused = (span.pauses ?? []).reduce((sum, p) => sum + measure(toEpoch(p.from), toEpoch(p.to)), 0);
  const allowed = Math.max(0, measure(start, due) - paused);

  const times: ThresholdTime[] = [];
  thresholds.forEach((threshold, index) => {
    const parsed = DeadlineThresholdSchema.parse(threshold);
    let at: number;
    if (parsed.share !== undefined) at = before(Math.round((1 - parsed.share) * allowed));
    else if (parsed.hoursBeforeDue !== undefined) at = before(Math.round(parsed.hoursBeforeDue * HOUR_MS));
    else at = after(Math.round((parsed.hoursAfterDue ?? 0) * HOUR_MS));
    if (at < start) return;
    times.push({ index, at: iso(at), notify: parsed.notify, kind: at < due ? 'warning' : 'escalation' });
  });
  return times.sort((a, b) => toEpoch(a.at) - toEpoch(b.at));
}
