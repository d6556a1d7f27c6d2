/**
 * The root entry as a host uses it for a process of its own: kefu ships no machine for replies to
 * marketplace reviews, so the host builds one with kefu's rule guards and gets the same
 * explanations, event validation and errors as kefu's machines; and it validates its own payloads
 * and policy file with kefu's schemas.
 */
import { assign, createActor, setup } from 'xstate';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import {
  ChannelSchema,
  checkReplyLanguage,
  ContactSchema,
  defaultPolicy,
  definePolicy,
  DepartmentSchema,
  explain,
  findDepartment,
  isKefuError,
  isRefusedError,
  IsoDateTimeSchema,
  issuesFromZod,
  isValidationError,
  machineSchemasFor,
  parseOrThrow,
  PhoneSchema,
  PolicySchema,
  registerMachineSchemas,
  ruleCheckOf,
  ruleGuard,
  send,
  sendOrThrow,
  TextSchema,
  validateEvent,
  ValidationError,
  type GuardArgs,
  type Refusal,
} from 'kefu';

/* A host's own process: reply to a review, then close it. */

const ReviewEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('REVIEW.REPLY'), text: TextSchema, at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('REVIEW.CLOSE'), at: IsoDateTimeSchema }),
]);
type ReviewEvent = z.output<typeof ReviewEventSchema>;
interface ReviewContext {
  readonly phrases: readonly string[];
  readonly replies: readonly string[];
}

/** CP-LANGUAGE: the reply holds none of the policy's forbidden phrases. */
const checkReplyPolite = ({ context, event }: GuardArgs<ReviewContext, ReviewEvent>) =>
  event.type === 'REVIEW.REPLY' ? checkReplyLanguage(event.text, context.phrases) : undefined;

const reviewMachine = setup({
  types: { context: {} as ReviewContext, events: {} as ReviewEvent, input: {} as { phrases?: readonly string[] } },
  guards: {
    isReplyPolite: ruleGuard('CP-LANGUAGE', checkReplyPolite),
    // a routing condition, not a rule
    hasReplied: ({ context }) => context.replies.length > 0,
  },
  actions: {
    recordReply: assign({ replies: ({ context, event }) => [...context.replies, event.type === 'REVIEW.REPLY' ? event.text : ''] }),
  },
}).createMachine({
  id: 'host-review-reply',
  context: ({ input }) => ({ phrases: input.phrases ?? defaultPolicy.language.forbiddenPhrases, replies: [] }),
  initial: 'open',
  states: {
    open: {
      on: {
        'REVIEW.REPLY': { guard: 'isReplyPolite', actions: 'recordReply' },
        'REVIEW.CLOSE': { guard: 'hasReplied', target: 'closed' },
      },
    },
    closed: { type: 'final' },
  },
});

const at = '2026-12-01T10:00:00+08:00';
const rude = { type: 'REVIEW.REPLY', text: '这个不行,我也不知道', at } as const;
const polite = { type: 'REVIEW.REPLY', text: '非常抱歉,我们马上为您处理', at } as const;
const close = { type: 'REVIEW.CLOSE', at } as const;
const start = () => createActor(reviewMachine, { input: {} }).start();

describe('a host builds its own rule-guarded machine', () => {
  it('ruleGuard: the guard carries its rule and check, and ruleCheckOf reads them back (not from a plain guard)', () => {
    const guards = reviewMachine.implementations.guards as Record<string, unknown>;
    expect(ruleCheckOf(guards.isReplyPolite)).toEqual({ rule: 'CP-LANGUAGE', check: checkReplyPolite, checks: 'case' });
    // a check of the event's own data says so, and out-of-order refusals never name it as a step's gate
    expect(ruleCheckOf(ruleGuard('CP-LANGUAGE', checkReplyPolite, { checks: 'event' }))).toEqual({ rule: 'CP-LANGUAGE', check: checkReplyPolite, checks: 'event' });
    expect(ruleCheckOf(guards.hasReplied)).toBeUndefined();
    expect(ruleCheckOf('isReplyPolite')).toBeUndefined();
    // the guard is an ordinary XState guard: true exactly when the check finds nothing
    const ctx = { phrases: defaultPolicy.language.forbiddenPhrases, replies: [] };
    expect((guards.isReplyPolite as (a: unknown) => boolean)({ context: ctx, event: rude })).toBe(false);
    expect((guards.isReplyPolite as (a: unknown) => boolean)({ context: ctx, event: polite })).toBe(true);
  });

  it('explain says which rule refuses and why, tells a routing condition and an unexpected event apart, and sends nothing', () => {
    const actor = start();
    const before = actor.getSnapshot();
    expect(explain(before, rude)).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不行', index: 2 }, { phrase: '不知道', index: 7 }] } }],
      message: { en: expect.stringContaining('[CP-LANGUAGE]') },
    });
    expect(explain(before, polite)).toEqual({ accepted: true, eventType: 'REVIEW.REPLY' });
    expect(explain(before, close)).toMatchObject({ accepted: false, reason: 'no-matching-guard', violations: [] });
    expect(explain(before, { type: 'REVIEW.ESCALATE', at } as never)).toMatchObject({ accepted: false, reason: 'unexpected-event' });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('send applies what the rules allow and leaves the case exactly as it was otherwise', () => {
    const actor = start();
    const before = actor.getSnapshot();
    expect(send(actor, rude)).toMatchObject({ accepted: false, reason: 'rule' });
    expect(actor.getSnapshot()).toBe(before);
    expect(send(actor, polite)).toEqual({ accepted: true, eventType: 'REVIEW.REPLY' });
    expect(send(actor, close)).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().status).toBe('done');
    expect(explain(actor.getSnapshot(), polite)).toMatchObject({ accepted: false, reason: 'not-active' });
  });

  it('sendOrThrow throws a RefusedError (a KefuError) with the rule ids; isRefusedError tells it from other errors', () => {
    const actor = start();
    const error = (() => {
      try {
        sendOrThrow(actor, rude);
      } catch (e) {
        return e;
      }
    })();
    expect(isRefusedError(error)).toBe(true);
    expect(isKefuError(error)).toBe(true);
    if (!isRefusedError(error)) throw new Error('unreachable');
    expect(error.code).toBe('KEFU_REFUSED');
    expect(error.ruleIds).toEqual(['CP-LANGUAGE']);
    expect(error.refusal.reason).toBe('rule');
    expect(isRefusedError(new Error('x'))).toBe(false);
    expect(isRefusedError(new ValidationError('x', []))).toBe(false);
    expect(sendOrThrow(actor, polite)).toEqual({ accepted: true, eventType: 'REVIEW.REPLY' });
  });

  it('validateEvent: without schemas only the shape is checked; once the host registers its schemas, malformed events are refused by field', () => {
    const snapshot = start().getSnapshot();
    const sloppy = { type: 'REVIEW.REPLY', text: '   ', at: 'soon' };
    expect(machineSchemasFor(reviewMachine.id)).toBeUndefined();
    expect(validateEvent(snapshot, sloppy)).toBe(sloppy);
    expect(validateEvent(snapshot, 42)).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'type' }] });

    registerMachineSchemas({ id: reviewMachine.id, events: ReviewEventSchema });
    expect(machineSchemasFor(reviewMachine.id)?.events).toBe(ReviewEventSchema);
    const refused = validateEvent(snapshot, sloppy) as Refusal;
    expect(refused).toMatchObject({ accepted: false, reason: 'invalid-event', eventType: 'REVIEW.REPLY' });
    expect(refused.issues.map((i) => i.path)).toEqual(['text', 'at']);
    expect(refused.issues).toEqual(issuesFromZod(ReviewEventSchema.safeParse(sloppy).error!.issues));
    // a valid event comes back parsed (TextSchema trims)
    expect(validateEvent(snapshot, { ...polite, text: ` ${polite.text} ` })).toEqual(polite);
    // and send refuses the malformed event before any guard runs
    const actor = start();
    expect(send(actor, sloppy as never)).toMatchObject({ accepted: false, reason: 'invalid-event' });
  });
});

describe('a host validates its own payloads with kefu’s schemas and errors', () => {
  // A web intake form, built from the schemas kefu's machines use.
  const IntakeSchema = z.strictObject({ contact: ContactSchema, channel: ChannelSchema, note: TextSchema, receivedAt: IsoDateTimeSchema });

  it('parseOrThrow returns the parsed value (trimmed), or throws a ValidationError naming every field', () => {
    expect(
      parseOrThrow(IntakeSchema, { contact: { phone: ' +86 138 0013 8000 ' }, channel: 'web', note: ' 想预约保养 ', receivedAt: at }, 'intake'),
    ).toEqual({ contact: { phone: '+86 138 0013 8000' }, channel: 'web', note: '想预约保养', receivedAt: at });

    const error = (() => {
      try {
        parseOrThrow(IntakeSchema, { contact: {}, channel: 'fax', note: ' ', receivedAt: at, extra: 1 }, 'intake');
      } catch (e) {
        return e;
      }
    })();
    expect(isValidationError(error)).toBe(true);
    if (!isValidationError(error)) throw new Error('unreachable');
    expect(error).toMatchObject({ code: 'KEFU_VALIDATION', subject: 'intake' });
    expect(error.cause).toBeInstanceOf(z.core.$ZodError);
    expect(error.issues).toEqual(issuesFromZod((error.cause as z.core.$ZodError).issues));
    expect(error.fields.sort()).toEqual(['channel', 'contact', 'extra', 'note']);
    expect(error.issues).toContainEqual({ path: 'contact', message: 'a phone number or an email address is needed' });
    expect(error.issues).toContainEqual({ path: 'extra', message: 'unknown field' });
    expect(error.message).toMatch(/^invalid intake: /);
  });

  it('issuesFromZod turns zod issues into dotted field paths, under a prefix when given', () => {
    const issues = IntakeSchema.safeParse({ contact: { email: 'nope' }, channel: 'web', note: 'x', receivedAt: at, a: 1, b: 2 }).error!.issues;
    expect(issuesFromZod(issues, 'body')).toEqual([
      { path: 'body.contact.email', message: 'expected an email address' },
      { path: 'body.a', message: 'unknown field' },
      { path: 'body.b', message: 'unknown field' },
    ]);
  });

  it('PhoneSchema, ContactSchema, ChannelSchema and TextSchema: what a contact may look like', () => {
    expect(PhoneSchema.parse(' +86 (21) 5555-0000 ')).toBe('+86 (21) 5555-0000');
    expect(issuesFromZod(PhoneSchema.safeParse('call me').error!.issues).map((i) => i.message)).toEqual(['expected a phone number', 'expected 5–20 digits']);
    expect(issuesFromZod(PhoneSchema.safeParse('12-34').error!.issues)).toEqual([{ path: '', message: 'expected 5–20 digits' }]);
    expect(ContactSchema.parse({ email: 'wang@example.com' })).toEqual({ email: 'wang@example.com' });
    expect(ContactSchema.safeParse({}).success).toBe(false);
    expect(ChannelSchema.options).toEqual(['phone', 'email', 'chat', 'visit', 'letter', 'web']);
    expect(TextSchema.safeParse('  ').error?.issues[0]?.message).toBe('must not be empty');
  });

  it('PolicySchema and DepartmentSchema: a policy kept as JSON validates on load, and a department is added by the schema’s rules', () => {
    const stored = JSON.parse(JSON.stringify(defaultPolicy)) as unknown;
    expect(PolicySchema.parse(stored)).toEqual(defaultPolicy);

    const warranty = DepartmentSchema.parse({ id: 'warranty', zh: '质保部', en: 'Warranty' });
    expect(warranty.handles).toBe('other');
    const policy = definePolicy({ departments: [...defaultPolicy.departments, warranty] });
    expect(findDepartment(policy, 'warranty')?.zh).toBe('质保部');

    const bad = PolicySchema.safeParse({ ...(stored as object), departments: [{ id: 'x', zh: '', en: 'X', phone: '1' }] });
    expect(issuesFromZod(bad.error!.issues).map((i) => i.path)).toEqual(['departments.0.zh', 'departments.0.phone']);
    expect(() => definePolicy({ departments: [] })).toThrow(/departments: at least one department is needed/);
  });
});
