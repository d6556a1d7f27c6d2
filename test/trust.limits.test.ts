import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine, defaultPolicy, definePolicy, isValidationError, send } from 'kefu';
import { createCaseRuntime, initialStep, isEnvelopeTooLargeError, step, type CaseRuntime } from 'kefu/runtime';
import { createPostgresRuntime } from 'kefu/postgres';
import { form, T } from './support/complaint.js';
import { dropTarget, pgBackends } from './support/runtime-pg.js';
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

describe('sizes: an envelope over limits.envelopeBytes is refused before it is saved', () => {
  it('in memory', async () => {
    await envelopeLimitHolds(createCaseRuntime({ machines: [complaintMachine], clock: () => T('09:30') }) as CaseRuntime<unknown>);
  });
});

describe.each(pgBackends())('sizes on PostgreSQL ($name)', (backend) => {
  let runtime: Awaited<ReturnType<typeof createPostgresRuntime>>;
  let cleanup: () => Promise<void>;
  let target: { schema: string; bossSchema: string };
  beforeAll(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    target = opened.target;
    runtime = await createPostgresRuntime({ db: opened.db, schema: target.schema, bossSchema: target.bossSchema, machines: [complaintMachine], supervise: false });
  }, 300_000);
  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
    await dropTarget(backend, target);
  });

  it('an envelope over limits.envelopeBytes is refused before it is saved', async () => {
    await envelopeLimitHolds(runtime as unknown as CaseRuntime<unknown>);
  });
});
