import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine, defaultPolicy, definePolicy, isValidationError, send } from 'kefu';
import { createCaseRuntime, initialStep, isEnvelopeTooLargeError, step, type CaseRuntime } from 'kefu/runtime';
import { form, T } from './support/complaint.js';
import { pgBackends, postgresRuntimeForSuite } from './support/runtime-pg.js';
import { people } from './support/principals.js';

const reply = (n: number, at = T('09:45')) => ({ type: 'REPLY.SEND' as const, by: people.agent, text: '您'.repeat(n), at });

describe('sizes: text and lists in events', () => {
  it('a reply of 4,000 characters is accepted; 4,001 is invalid-event naming the field', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    const before = actor.getSnapshot();
    expect(send(actor, reply(4001))).toMatchObject({
      accepted: false,
      reason: 'invalid-event',
      issues: [{ path: 'text', message: 'at most 4000 characters (got 4001)' }],
    });
    expect(actor.getSnapshot()).toBe(before);
    expect(send(actor, reply(4000))).toMatchObject({ accepted: true });
    expect(defaultPolicy.limits).toMatchObject({ textChars: 4000, listItems: 10_000, envelopeBytes: 1_048_576 });
  });

  it('a 10 MB reply is refused before it reaches the machine', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    const outcome = send(actor, reply(10_000_000));
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'text' }] });
    expect(actor.getSnapshot().context.replies ?? []).toEqual([]);
  });

  it('lists are bounded by limits.listItems, named by path', () => {
    const policy = definePolicy({ limits: { listItems: 2 } });
    const opened = initialStep(complaintMachine, { form, policy }, { now: T('09:30') });
    const measures = ['a', 'b', 'c'];
    // Validation runs before any rule: the list is refused whatever the state.
    const r = step(complaintMachine, opened.envelope, { type: 'REVIEW.FILE', by: people.supervisor, category: 'x', analysis: 'y', measures, supervisor: '主管', at: T('09:40') }, { now: T('09:40') });
    expect(r).toMatchObject({ status: 'refused', refusal: { reason: 'invalid-event', issues: [{ path: 'measures', message: 'at most 2 items (got 3)' }] } });
  });

  it('an input over the limits is a ValidationError naming the field', () => {
    const errors: unknown[] = [];
    const actor = createActor(complaintMachine, { input: { form: { ...form, content: '异'.repeat(4001) } } });
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(isValidationError(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ issues: [{ path: 'form.content', message: 'at most 4000 characters (got 4001)' }] });
    expect(() => initialStep(complaintMachine, { form: { ...form, receivedAt: '2999-12-01T09:30:00+08:00' } }, { now: T('09:30') })).toThrow(/form.receivedAt: year 2999 is outside 1900–2200/);
  });
});

/** A policy whose envelope limit leaves room for one 4,000-character reply, not two. */
function tightPolicy() {
  const size = Buffer.byteLength(JSON.stringify(initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope));
  return definePolicy({ limits: { envelopeBytes: size + 16_000 } });
}

async function envelopeLimitHolds(runtime: CaseRuntime<unknown>) {
  const policy = tightPolicy();
  await runtime.open('BIG-1', 'complaint', { form, policy }, { now: T('09:30') });
  const first = await runtime.send('BIG-1', reply(4000, T('09:40')), { now: T('09:40') });
  expect(first.status).toBe('applied');
  const error = await runtime.send('BIG-1', reply(4000, T('09:41')), { now: T('09:41') }).catch((e: unknown) => e);
  expect(isEnvelopeTooLargeError(error)).toBe(true);
  expect(error).toMatchObject({ code: 'KEFU_ENVELOPE_TOO_LARGE', eventType: 'REPLY.SEND', limit: policy.limits.envelopeBytes });
  // Nothing was saved: the case is as the first reply left it.
  const view = await runtime.read('BIG-1');
  expect(view!.version).toBe(first.record.version);
  expect((view!.context as { replies: unknown[] }).replies).toHaveLength(1);
}

/**
 * Long histories stay out of the hot path: the context keeps the latest `limits.recentReplies`
 * replies and counts them all; every reply stays in the case's history (AUDIT-TRAIL).
 */
async function longHistoryHolds(runtime: CaseRuntime<unknown>) {
  const policy = definePolicy({ limits: { recentReplies: 3 } });
  await runtime.open('LONG-1', 'complaint', { form, policy }, { now: T('09:30'), by: people.agent });
  await runtime.send('LONG-1', { type: 'COMPLAINT.REGISTER', at: T('09:40') }, { now: T('09:40'), by: people.agent });
  for (let i = 1; i <= 7; i++) {
    const at = T(`09:5${i}`);
    const r = await runtime.send('LONG-1', { type: 'REPLY.SEND', text: `第${i}次答复`, at }, { now: at, by: people.agent });
    expect(r.status).toBe('applied');
  }
  // A refused reply (CP-LANGUAGE) is neither kept nor counted.
  const refused = await runtime.send('LONG-1', { type: 'REPLY.SEND', text: '这个不行', at: T('09:58') }, { now: T('09:58'), by: people.agent });
  expect(refused.status).toBe('refused');
  const view = await runtime.read('LONG-1');
  const context = view!.context as { replies: { text: string }[]; replyCount: number };
  expect(context.replies.map((r) => r.text)).toEqual(['第5次答复', '第6次答复', '第7次答复']);
  expect(context.replyCount).toBe(7);
  const page = await runtime.history('LONG-1');
  const sent = page.entries.filter((e) => e.eventType === 'REPLY.SEND' && e.outcome === 'applied').map((e) => e.event.text);
  expect(sent).toEqual(['第1次答复', '第2次答复', '第3次答复', '第4次答复', '第5次答复', '第6次答复', '第7次答复']);
}

describe('long histories: the context keeps the latest replies, the history every one', () => {
  it('by default 10 replies are kept and all are counted (step)', () => {
    expect(defaultPolicy.limits.recentReplies).toBe(10);
    let envelope = step(complaintMachine, initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') }, { now: T('09:40') }).envelope;
    for (let i = 0; i < 25; i++) envelope = step(complaintMachine, envelope, { ...reply(10, T('09:41')), text: `答复${i}` }, { now: T('09:41') }).envelope;
    const context = envelope.snapshot.context as { replies: { text: string }[]; replyCount: number };
    expect(context.replies.map((r) => r.text)).toEqual(Array.from({ length: 10 }, (_, i) => `答复${i + 15}`));
    expect(context.replyCount).toBe(25);
  });

  it('a case stored before replyCount existed restores and counts the replies it holds', () => {
    const opened = step(complaintMachine, initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') }, { now: T('09:40') }).envelope;
    const { replyCount: _, ...older } = opened.snapshot.context as Record<string, unknown>;
    const stored = JSON.parse(JSON.stringify({ ...opened, snapshot: { ...opened.snapshot, context: { ...older, replies: [{ text: '早先的答复', at: T('09:40') }] } } }));
    const r = step(complaintMachine, stored, reply(5, T('09:41')), { now: T('09:41') });
    expect(r.status).toBe('applied');
    expect(r.snapshot.context).toMatchObject({ replyCount: 2, replies: [{ text: '早先的答复' }, { text: '您您您您您' }] });
  });

  it('limits.recentReplies must be a positive integer', () => {
    expect(() => definePolicy({ limits: { recentReplies: 0 } })).toThrow(/limits.recentReplies/);
    expect(() => definePolicy({ limits: { recentReplies: 1.5 } })).toThrow(/limits.recentReplies/);
  });

  it('in memory: the runtime history keeps every reply', async () => {
    await longHistoryHolds(createCaseRuntime({ machines: [complaintMachine], clock: () => T('09:30') }) as CaseRuntime<unknown>);
  });
});

describe('sizes: an envelope over limits.envelopeBytes is refused before it is saved', () => {
  it('in memory', async () => {
    await envelopeLimitHolds(createCaseRuntime({ machines: [complaintMachine], clock: () => T('09:30') }) as CaseRuntime<unknown>);
  });
});

describe.each(pgBackends())('sizes on PostgreSQL ($name)', (backend) => {
  const pg = postgresRuntimeForSuite(backend, { machines: [complaintMachine] });

  it('an envelope over limits.envelopeBytes is refused before it is saved', async () => {
    await envelopeLimitHolds(pg() as unknown as CaseRuntime<unknown>);
  });

  it('long histories: the context keeps the latest replies, the history every one', async () => {
    await longHistoryHolds(pg() as unknown as CaseRuntime<unknown>);
  });
});
