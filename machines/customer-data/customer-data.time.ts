/**
 * Due times of the customer-file process (DATA-DAILY, DATA-WEEK), counted in local days of the
 * department's zone. Pure; the machine stores their results in context (deadlines are data).
 */
import { defaultPolicy, type Policy } from '../../src/policy/index.js';
import { localDate, toEpoch, toIso, workingPeriodsOn, type BusinessCalendar, type Instant } from '../../src/time/index.js';
// Local-midnight arithmetic lives in the time module's internals (DST-safe, host-zone free);
// `kefu/time` has no public "start of local day" yet.
import { localToEpoch, shiftDate } from '../../src/time/internal.js';
import type { ContactDuty } from './customer-data.types.js';

/**
 * The end of a local date (midnight starting the next date) in a zone, as ISO-8601 UTC.
 *
 * @example
 * endOfLocalDay('2026-12-01', 'Asia/Shanghai')
 * //=> '2026-12-01T16:00:00.000Z'
 */
export function endOfLocalDay(date: string, timeZone: string): string {
  return toIso(localToEpoch(shiftDate(date, 1), '00:00', timeZone));
}

/**
 * When a customer assigned at `assignedAt` must have been contacted (DATA-WEEK 一周内沟通): the
 * end of the `policy.data.newCustomerContactDays`-th local day after the assignment day. Assigned
 * on Tuesday 1 December, the agent has until the end of Tuesday 8 December (day 7); on day 8 the
 * customer is overdue.
 *
 * @example
 * contactDueAt('2026-12-01T10:00:00+08:00')
 * //=> '2026-12-08T16:00:00.000Z' (2026-12-09 00:00 in Shanghai)
 */
export function contactDueAt(assignedAt: Instant, policy: Policy = defaultPolicy): string {
  const zone = policy.calendar.timeZone;
  return endOfLocalDay(shiftDate(localDate(assignedAt, zone), policy.data.newCustomerContactDays), zone);
}

const isWorkingDay = (calendar: BusinessCalendar, date: string) => workingPeriodsOn(calendar, date).length > 0;

/**
 * The working days strictly between two local dates (DATA-DAILY: a day without an update).
 *
 * @example
 * workingDaysBetween(defaultCalendar, '2026-12-03', '2026-12-08')
 * //=> ['2026-12-04', '2026-12-07'] (the weekend is not a working day)
 */
export function workingDaysBetween(calendar: BusinessCalendar, after: string, before: string): string[] {
  const out: string[] = [];
  for (let d = shiftDate(after, 1); d < before; d = shiftDate(d, 1)) if (isWorkingDay(calendar, d)) out.push(d);
  return out;
}

/**
 * The first working day after a local date, or `undefined` when the calendar has none within
 * 400 days.
 *
 * @example
 * nextWorkingDay(defaultCalendar, '2026-12-04') //=> '2026-12-07' (Friday → Monday)
 */
export function nextWorkingDay(calendar: BusinessCalendar, after: string): string | undefined {
  let d = after;
  for (let i = 0; i < 400; i++) {
    d = shiftDate(d, 1);
    if (isWorkingDay(calendar, d)) return d;
  }
  return undefined;
}

/**
 * The customers not contacted whose due time has passed at `at` (DATA-WEEK), by customer id.
 * Hosts with a durable scheduler call it (or send `DEADLINES.CHECK`) after a restart.
 *
 * @example
 * overdueContacts({ K1: { customerId: 'K1', agentId: 'A1', assignedAt, dueAt: '2026-12-08T16:00:00.000Z' } }, '2026-12-09T08:00:00+08:00')
 * //=> ['K1']
 */
export function overdueContacts(contacts: Readonly<Record<string, ContactDuty>>, at: Instant): string[] {
  const ms = toEpoch(at);
  return Object.values(contacts)
    .filter((c) => c.contactedAt === undefined && toEpoch(c.dueAt) <= ms)
    .map((c) => c.customerId)
    .sort();
}
