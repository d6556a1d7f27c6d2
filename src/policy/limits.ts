import * as z from 'zod/mini';

/**
 * Bounds on what a case accepts from outside: sizes of events, inputs and stored envelopes,
 * and how far an event's time may stray from the case's clock and the host's. Every number
 * is our default (the documents give none); a host overrides them like any policy field.
 */
export const LimitsSchema = z.strictObject({
  /** Longest string (in characters) of any field of an event or input: a reply, a note, a name. @default 4000 */
  textChars: z.int().check(z.positive()),
  /** Most items of any list in an event or input (proposals, order lines, a cycle's customer archive). @default 10000 */
  listItems: z.int().check(z.positive()),
  /** Largest stored case envelope, in UTF-8 bytes; a step whose result would be larger is refused before it is saved. @default 1048576 (1 MiB) */
  envelopeBytes: z.int().check(z.positive()),
  /**
   * How far (minutes) an event's `at` may lie before the case's clock (the time of its last
   * event) or after the host's clock, for hosts whose servers' clocks disagree slightly.
   * @default 5
   */
  clockToleranceMinutes: z.number().check(z.nonnegative()),
  /** Earliest year of any date or instant in an event or input. @default 1900 */
  earliestYear: z.int().check(z.gte(0), z.lte(9999)),
  /** Latest year of any date or instant in an event or input. @default 2200 */
  latestYear: z.int().check(z.gte(0), z.lte(9999)),
  /**
   * How many of the latest replies a case keeps in its context (`replies`, with `replyCount`
   * counting them all). Every reply stays in the case's history (AUDIT-TRAIL), so a long
   * conversation does not make each later step copy, check and store it again. May be left
   * out of a host's `limits` (policies written before it existed). @default 10
   */
  recentReplies: z._default(z.int().check(z.positive(), z.lte(1000)), 10),
}).check(
  z.refine((l) => l.earliestYear <= l.latestYear, { message: 'earliestYear must not be after latestYear', path: ['latestYear'] }),
);

/** Bounds on events, inputs and envelopes (see {@link LimitsSchema}). */
export type Limits = z.output<typeof LimitsSchema>;

/** kefu's default {@link Limits}. */
export const defaultLimits: Limits = Object.freeze({
  textChars: 4000,
  listItems: 10_000,
  envelopeBytes: 1_048_576,
  clockToleranceMinutes: 5,
  earliestYear: 1900,
  latestYear: 2200,
  recentReplies: 10,
});

/**
 * The limits a case runs under: its policy's `limits` (kefu's machines keep the policy in
 * `context.policy`), else {@link defaultLimits}. Internal to kefu.
 */
export function limitsOf(context: unknown): Limits {
  const policy = (context as { policy?: { limits?: unknown } } | null | undefined)?.policy;
  const limits = policy && typeof policy === 'object' ? policy.limits : undefined;
  return limits && typeof limits === 'object' ? { ...defaultLimits, ...(limits as Partial<Limits>) } : defaultLimits;
}

/** A reply to the customer as a case's context keeps it. */
export interface RecentReply {
  readonly text: string;
  readonly at: string;
}

/**
 * The context fields after one more reply: `replies` keeps the latest `limits.recentReplies`
 * (the full record of every reply is the case's history, AUDIT-TRAIL), and `replyCount` counts
 * them all (a case stored before the count existed counts the replies it still holds). Internal
 * to kefu's machines.
 *
 * @example
 * withReply({ policy, replies: [], replyCount: 0 }, { text: '您好', at }) //=> { replies: [{ text: '您好', at }], replyCount: 1 }
 */
export function withReply(
  context: { readonly policy?: unknown; readonly replies: readonly RecentReply[]; readonly replyCount?: number },
  reply: RecentReply,
): { replies: RecentReply[]; replyCount: number } {
  const limit = limitsOf(context).recentReplies;
  // A stored policy is checked for its shape only: a nonsense number falls back to the default.
  const keep = Number.isInteger(limit) && limit > 0 ? limit : defaultLimits.recentReplies;
  const kept = context.replies.length >= keep ? context.replies.slice(context.replies.length - keep + 1) : context.replies;
  return { replies: [...kept, { text: reply.text, at: reply.at }], replyCount: (context.replyCount ?? context.replies.length) + 1 };
}
