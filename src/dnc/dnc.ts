/**
 * The department's do-not-call list (免打扰名单): customers who asked not to be called again.
 * One list for the whole department — return visits, return-visit cycles and telemarketing
 * campaigns all respect it. Plain JSON data and pure functions, so a host keeps the list in its
 * own database and passes it to every machine that calls customers.
 *
 * An entry written by kefu lasts `policy.returnVisit.doNotCallDays` (default 180): Chinese
 * telesales rules keep a refusing customer off the phone for six months. A host may also keep
 * entries without an end (a permanent opt-out) or without a start (listed from the start).
 */
import * as z from 'zod/mini';
import { IsoDateTimeSchema, TextSchema } from '../schemas/index.js';
import { defaultPolicy, type Policy } from '../policy/index.js';
import { addCalendarDays, toEpoch, toIso, type Instant } from '../time/index.js';

/**
 * One customer who asked not to be called: listed from `since` (inclusive; absent = from the
 * start) until `until` (exclusive; absent = with no end, e.g. a host's permanent opt-out).
 */
export const DoNotCallEntrySchema = z.strictObject({
  customerId: TextSchema,
  /** When the request starts (inclusive). Absent: listed from the start. */
  since: z.optional(IsoDateTimeSchema),
  /** When the request ends (exclusive). Absent: listed with no end. */
  until: z.optional(IsoDateTimeSchema),
});

/** One do-not-call entry: `customerId`, `since?`, `until?`. */
export type DoNotCallEntry = z.output<typeof DoNotCallEntrySchema>;

/** The do-not-call list: what return visits, cycles and campaigns take as input. */
export const DoNotCallListSchema = z.array(DoNotCallEntrySchema);

/** The do-not-call list: JSON-safe, one entry per request. */
export type DoNotCallList = readonly DoNotCallEntry[];

/** Whether `entry` applies at `ms` (epoch milliseconds). */
const appliesAt = (entry: DoNotCallEntry, ms: number): boolean =>
  (entry.since === undefined || toEpoch(entry.since) <= ms) && (entry.until === undefined || ms < toEpoch(entry.until));

/**
 * The list with `customerId` added from `at` for `policy.returnVisit.doNotCallDays` calendar days,
 * counted in the department's zone (`policy.calendar.timeZone`). The new entry always has both
 * `since` and `until`. Older entries of the same customer that end by then are replaced; one that
 * ends later or never (a permanent opt-out) is kept, so a new request never shortens an old one.
 *
 * @example
 * addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00')
 * //=> [{ customerId: 'K-1', since: '2026-12-01T02:00:00.000Z', until: '2027-05-30T02:00:00.000Z' }]
 */
export function addToDoNotCall(list: DoNotCallList, customerId: string, at: Instant, policy: Policy = defaultPolicy): DoNotCallEntry[] {
  const since = toIso(at);
  const until = addCalendarDays(since, policy.returnVisit.doNotCallDays, policy.calendar.timeZone);
  const untilMs = toEpoch(until);
  const outlasts = (e: DoNotCallEntry) => e.until === undefined || toEpoch(e.until) > untilMs;
  return [...list.filter((e) => e.customerId !== customerId || outlasts(e)), { customerId, since, until }];
}

/**
 * Until when the customer is on the list at `at`:
 * - the ISO end of the request (exclusive), as written in the entry;
 * - `null` when they are listed with no end (an entry without `until`);
 * - `undefined` when they are not listed at `at`.
 *
 * When several entries of the customer apply, the latest end wins, and `null` (no end) beats any
 * date.
 *
 * @example
 * doNotCallUntil([{ customerId: 'K-1', since: '2026-12-01T02:00:00Z', until: '2027-05-30T02:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z')
 * //=> '2027-05-30T02:00:00Z'
 * doNotCallUntil([{ customerId: 'K-1' }], 'K-1', '2027-01-01T00:00:00Z') //=> null
 * doNotCallUntil([{ customerId: 'K-1', until: '2026-06-01T00:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z') //=> undefined
 * doNotCallUntil([{ customerId: 'K-1', until: '2027-05-30T02:00:00Z' }, { customerId: 'K-1', since: '2026-01-01T00:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z')
 * //=> null
 */
export function doNotCallUntil(list: DoNotCallList, customerId: string, at: Instant): string | null | undefined {
  const ms = toEpoch(at);
  let latest: string | undefined;
  for (const e of list) {
    if (e.customerId !== customerId || !appliesAt(e, ms)) continue;
    if (e.until === undefined) return null; // no end beats any date
    if (latest === undefined || toEpoch(e.until) > toEpoch(latest)) latest = e.until;
  }
  return latest;
}

/**
 * Whether the customer is on the list at `at`.
 *
 * @example
 * isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-29T10:00:00+08:00') //=> true
 * isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-30T10:00:00+08:00') //=> false
 * isOnDoNotCall([{ customerId: 'K-1' }], 'K-1', '2030-01-01T00:00:00Z') //=> true
 */
export function isOnDoNotCall(list: DoNotCallList, customerId: string, at: Instant): boolean {
  return doNotCallUntil(list, customerId, at) !== undefined;
}

/**
 * The customers on the list at `at`, as a set (for filtering many customers at once).
 *
 * @example
 * activeDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2026-12-02T10:00:00+08:00').has('K-1') //=> true
 * activeDoNotCall([{ customerId: 'K1' }, { customerId: 'K2', until: '2026-01-01T00:00:00Z' }], '2026-12-01T09:00:00+08:00')
 * //=> Set { 'K1' }
 */
export function activeDoNotCall(list: DoNotCallList, at: Instant): Set<string> {
  const ms = toEpoch(at);
  return new Set(list.filter((e) => appliesAt(e, ms)).map((e) => e.customerId));
}

/**
 * The list without the entries that have ended by `at` (entries without `until` are kept, and
 * so are those that start later).
 *
 * @example
 * pruneDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2027-06-01T00:00:00Z') //=> []
 * pruneDoNotCall([{ customerId: 'K-2' }], '2027-06-01T00:00:00Z') //=> [{ customerId: 'K-2' }]
 */
export function pruneDoNotCall(list: DoNotCallList, at: Instant): DoNotCallEntry[] {
  const ms = toEpoch(at);
  return list.filter((e) => e.until === undefined || toEpoch(e.until) > ms);
}
