/**
 * The do-not-call list (免打扰名单): customers who asked not to be called again. Plain JSON data
 * and pure functions, so a host keeps the list in its own database and passes it to visits and
 * cycles. An entry lasts `policy.returnVisit.doNotCallDays` (default 180): Chinese telesales rules
 * keep a refusing customer off the list for six months.
 */
import { z } from 'zod';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { defaultPolicy, type Policy } from '../../src/policy/index.js';
import { addCalendarDays, toEpoch, toIso, type Instant } from '../../src/time/index.js';

/** One customer who asked not to be called, from `since` until `until` (exclusive). */
export const DoNotCallEntrySchema = z.strictObject({
  customerId: TextSchema,
  since: IsoDateTimeSchema,
  until: IsoDateTimeSchema,
});

/** One do-not-call entry. */
export type DoNotCallEntry = z.output<typeof DoNotCallEntrySchema>;

/** The do-not-call list. */
export const DoNotCallListSchema = z.array(DoNotCallEntrySchema);

/** The do-not-call list: JSON-safe, one entry per request. */
export type DoNotCallList = readonly DoNotCallEntry[];

/**
 * The list with `customerId` added from `at` for `policy.returnVisit.doNotCallDays` calendar days
 * (counted in the department's zone). An older entry of the same customer is replaced.
 *
 * @example
 * addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00')
 * //=> [{ customerId: 'K-1', since: '2026-12-01T02:00:00.000Z', until: '2027-05-30T02:00:00.000Z' }]
 */
export function addToDoNotCall(list: DoNotCallList, customerId: string, at: Instant, policy: Policy = defaultPolicy): DoNotCallEntry[] {
  const since = toIso(at);
  const until = addCalendarDays(since, policy.returnVisit.doNotCallDays, policy.calendar.timeZone);
  return [...list.filter((e) => e.customerId !== customerId), { customerId, since, until }];
}

/**
 * Until when the customer is on the list at `at`, or `undefined` when they are not.
 *
 * @example
 * doNotCallUntil([{ customerId: 'K-1', since: '2026-12-01T02:00:00Z', until: '2027-05-30T02:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z')
 * //=> '2027-05-30T02:00:00Z'
 */
export function doNotCallUntil(list: DoNotCallList, customerId: string, at: Instant): string | undefined {
  const ms = toEpoch(at);
  let until: string | undefined;
  for (const e of list) {
    if (e.customerId !== customerId || toEpoch(e.since) > ms || toEpoch(e.until) <= ms) continue;
    if (until === undefined || toEpoch(e.until) > toEpoch(until)) until = e.until;
  }
  return until;
}

/**
 * Whether the customer is on the list at `at`.
 *
 * @example
 * isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-29T10:00:00+08:00') //=> true
 * isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-30T10:00:00+08:00') //=> false
 */
export function isOnDoNotCall(list: DoNotCallList, customerId: string, at: Instant): boolean {
  return doNotCallUntil(list, customerId, at) !== undefined;
}

/**
 * The customers on the list at `at`, as a set (for filtering many customers at once).
 *
 * @example
 * activeDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2026-12-02T10:00:00+08:00').has('K-1') //=> true
 */
export function activeDoNotCall(list: DoNotCallList, at: Instant): Set<string> {
  const ms = toEpoch(at);
  return new Set(list.filter((e) => toEpoch(e.since) <= ms && ms < toEpoch(e.until)).map((e) => e.customerId));
}

/**
 * The list without the entries that have expired by `at`.
 *
 * @example
 * pruneDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2027-06-01T00:00:00Z') //=> []
 */
export function pruneDoNotCall(list: DoNotCallList, at: Instant): DoNotCallEntry[] {
  const ms = toEpoch(at);
  return list.filter((e) => toEpoch(e.until) > ms);
}
