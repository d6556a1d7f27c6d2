/**
 * The runtime's copy and validation boundaries: `step` skips the zod check of an envelope it
 * produced itself and that is unchanged since, so these tests pin down that nothing the caller
 * does to a returned envelope, snapshot or record can slip past validation or leak into a
 * later step or into the store.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { complaintMachine } from 'kefu';
import {
  createCaseRuntime,
  defineMachine,
  initialStep,
  InMemoryCaseStore,
  InMemoryScheduler,
  isFutureVersionError,
  isMalformedSnapshotError,
  isUnknownMachineError,
  isUnknownStateError,
  restore,
  step,
  type CaseEnvelope,
} from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { counterMachine, manualClock } from './support/runtime-machines.js';
import { people } from './support/principals.js';

const caseId = form.caseId;
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const open = () => initialStep(complaintMachine, { form }, { now: T('09:31'), caseId });
const register = (envelope: unknown) =>
  step(complaintMachine, envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') }, { now: T('09:40'), caseId });

/**
 * A step result with the parts a caller can compare (the live snapshot is not JSON; the text is
 * compared as the JSON it holds: a validated envelope's keys come in the schema's order).
 */
const comparable = (r: ReturnType<typeof register>) => json({ ...r, snapshot: undefined, text: JSON.parse(r.text) as unknown });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('step: a caller changing what a step returned', () => {
  it('a returned envelope changed into a corrupt one is validated again and raises the same typed errors', () => {
    const corrupt: [string, (e: CaseEnvelope) => void, (e: unknown) => boolean][] = [
      ['unknown state', (e) => ((e.snapshot as { value: unknown }).value = 'triage'), isUnknownStateError],
      ['bad updatedAt', (e) => ((e as { updatedAt: unknown }).updatedAt = 'soon'), isMalformedSnapshotError],
      ['bad timer', (e) => ((e.timers as unknown[]).push({ id: '', event: {}, due: 'never' })), isMalformedSnapshotError],
      ['other machine', (e) => ((e as { machine: string }).machine = 'return-visit'), isUnknownMachineError],
      ['future version', (e) => ((e as { version: number }).version = 3), isFutureVersionError],
      ['bad status', (e) => ((e.snapshot as { status: unknown }).status = 'sleeping'), isMalformedSnapshotError],
    ];
    for (const [name, change, check] of corrupt) {
      const envelope = open().envelope;
      change(envelope);
      const error = thrown(() => register(envelope));
      expect(check(error), name).toBe(true);
      // …exactly as the same data from outside (a JSON copy kefu never saw) does.
      const outside = thrown(() => register(json(envelope)));
      expect((error as Error).constructor, name).toBe((outside as Error).constructor);
      expect(JSON.stringify(error), name).toBe(JSON.stringify(outside));
    }
  });

  it('a returned envelope changed into another valid case steps like that case from outside', () => {
    const envelope = open().envelope;
    (envelope.snapshot.context as { form: { caseId: string } }).form.caseId = 'C-other';
    expect(comparable(register(envelope))).toEqual(comparable(register(json(envelope))));
    expect(register(envelope).envelope.snapshot.context).toMatchObject({ form: { caseId: 'C-other' } });
  });

  it('changing a returned envelope, snapshot or event later does not change a later step', () => {
    const first = open();
    const pristine = json(first.envelope);
    const expected = comparable(register(pristine));
    const second = register(first.envelope);
    expect(comparable(second)).toEqual(expected);
    const saved = JSON.stringify(second.envelope);
    // The caller scribbles over everything it was given.
    (first.envelope.snapshot.context as Record<string, unknown>).form = { caseId: 'scribbled' };
    (first.snapshot.context as unknown as Record<string, unknown>).form = { caseId: 'scribbled' };
    (second.snapshot.context as unknown as Record<string, unknown>).form = { caseId: 'scribbled' };
    if (second.timers.schedule[0]) (second.timers.schedule[0].event as { type: string }).type = 'scribbled';
    expect(JSON.stringify(second.envelope)).toBe(saved);
    // The next step from the returned envelope equals the one from a copy kefu never saw.
    const next = happyPath[1]!;
    const fromReturned = step(complaintMachine, second.envelope, next, { now: next.at, caseId });
    const fromCopy = step(complaintMachine, json(second.envelope), next, { now: next.at, caseId });
    expect(fromReturned.status).toBe('applied');
    expect(comparable(fromReturned)).toEqual(comparable(fromCopy));
  });

  it('a refused event leaves a returned envelope as it was and reports the same violations as from outside', () => {
    const opened = initialStep(complaintMachine, { form: { caseId: 'C-2' }, at: T('09:00') }, { now: T('09:00'), caseId: 'C-2' });
    const before = JSON.stringify(opened.envelope);
    const r = register(opened.envelope);
    expect(r.status).toBe('refused');
    expect(r.violations.map((v) => v.rule)).toEqual(['CP-REGISTER']);
    expect(JSON.stringify(opened.envelope)).toBe(before);
    expect(JSON.stringify(r.envelope)).toBe(before);
    expect(comparable(r)).toEqual(comparable(register(json(opened.envelope))));
  });

  it('an envelope a step built that the schema would reject is not trusted: the next step rejects it as before', () => {
    const at = '2026-12-01T01:00:00.000Z';
    // A JavaScript caller passing a number as event id writes it into appliedIds.
    const opened = initialStep(counterMachine, { at }, { now: at, eventId: 42 as never });
    const error = thrown(() => step(counterMachine, opened.envelope, { type: 'INC', at }, { now: at }));
    expect(isMalformedSnapshotError(error)).toBe(true);
    expect(JSON.stringify(error)).toBe(JSON.stringify(thrown(() => step(counterMachine, json(opened.envelope), { type: 'INC', at }, { now: at }))));
  });

  it('an envelope is trusted only by the definition that produced it: others still check context, version and migrations', () => {
    const at = '2026-12-01T01:00:00.000Z';
    const envelope = initialStep(counterMachine, { at }, { now: at }).envelope;
    const strict = defineMachine(counterMachine, { context: z.object({ count: z.string(), now: z.string() }) });
    const error = thrown(() => restore(strict, envelope));
    expect(isMalformedSnapshotError(error)).toBe(true);
    const v2 = defineMachine(counterMachine, { version: 2, migrations: { 1: (s) => ({ ...s, context: { ...s.context, count: 41 } }) } });
    expect(restore(v2, envelope).snapshot.context).toMatchObject({ count: 41 });
    const fromV2 = initialStep(v2, { at }, { now: at }).envelope;
    expect(isFutureVersionError(thrown(() => restore(counterMachine, fromV2)))).toBe(true);
  });
});

describe('runtime (in memory): a caller changing what it was given', () => {
  it('cannot reach the stored case through a result, a record or a read', async () => {
    const clock = manualClock(T('09:31'));
    const store = new InMemoryCaseStore();
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }), clock: clock.now });
    const opened = await runtime.open(caseId, 'complaint', { form });
    const r = await runtime.send(caseId, { type: 'COMPLAINT.REGISTER', by: people.agent });
    const stored = JSON.stringify((await store.load(caseId))!.envelope);
    for (const envelope of [opened.envelope, opened.record.envelope, r.envelope, r.record.envelope, (await runtime.read(caseId))!.envelope]) {
      (envelope.snapshot as { value: unknown }).value = 'triage';
      (envelope.timers as unknown[]).length = 0;
    }
    ((await store.load(caseId))!.envelope.snapshot as { value: unknown }).value = 'triage';
    expect(JSON.stringify((await store.load(caseId))!.envelope)).toBe(stored);
    expect((await runtime.read(caseId))!.value).toBe('assess');
    const next = happyPath[1]!;
    expect((await runtime.send(caseId, next, { now: next.at })).status).toBe('applied');
  });

  it('an envelope changed by the caller and saved to the store is validated when loaded', async () => {
    const clock = manualClock(T('09:31'));
    const store = new InMemoryCaseStore();
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }), clock: clock.now });
    await runtime.open(caseId, 'complaint', { form });
    const r = await runtime.send(caseId, { type: 'COMPLAINT.REGISTER', by: people.agent });
    // The result's envelope is one kefu produced; changed, it is no longer trusted.
    (r.envelope.snapshot as { value: unknown }).value = 'triage';
    await store.save(caseId, r.envelope, { expectedVersion: r.record.version });
    const error = await runtime.send(caseId, happyPath[1]!).catch((e: unknown) => e);
    expect(isUnknownStateError(error)).toBe(true);
  });
});

describe('step: the envelope as JSON text (StepResult.text, issue 11)', () => {
  const opts = (e: { at?: string }) => ({ now: e.at!, caseId });

  it('a text given back as is steps the whole case exactly as the envelope object and a JSON copy kefu never saw', () => {
    let byObject = open();
    let byText = open();
    expect(byText.text).toBe(JSON.stringify(byText.envelope));
    for (const event of happyPath) {
      const outside = step(complaintMachine, json(byObject.envelope), event, opts(event));
      byObject = step(complaintMachine, byObject.envelope, event, opts(event));
      byText = step(complaintMachine, byText.text, event, opts(event));
      expect(byText.status, event.type).toBe('applied');
      expect(comparable(byText), event.type).toEqual(comparable(byObject));
      expect(comparable(byText), event.type).toEqual(comparable(outside));
      expect(byText.text, event.type).toBe(JSON.stringify(byText.envelope));
    }
    expect(byText.envelope.snapshot.value).toBe('closed');
  });

  it('a trusted envelope or text is revived as the very snapshot an envelope from outside is', () => {
    type Live = ReturnType<typeof restore>['snapshot'];
    const view = (s: Live) => ({
      value: s.value,
      status: s.status,
      context: s.context,
      children: s.children,
      historyValue: s.historyValue,
      output: s.output,
      error: s.error,
      nodes: (s as unknown as { _nodes: { id: string }[] })._nodes.map((n) => n.id),
      tags: [...s.tags],
    });
    let r = open();
    for (const event of happyPath) {
      const outside = view(restore(complaintMachine, json(r.envelope)).snapshot);
      expect(view(restore(complaintMachine, r.text).snapshot), event.type).toEqual(outside);
      expect(view(restore(complaintMachine, r.envelope).snapshot), event.type).toEqual(outside);
      r = step(complaintMachine, r.text, event, opts(event));
    }
  });

  it('a text changed in any way is validated in full: the same typed errors as the same data from outside', () => {
    const corrupt: [string, (text: string) => string, (e: unknown) => boolean][] = [
      ['unknown state', (t) => t.replace('"value":"register"', '"value":"triage"'), isUnknownStateError],
      ['bad updatedAt', (t) => t.replace(/"updatedAt":"[^"]*"/, '"updatedAt":"soon"'), isMalformedSnapshotError],
      ['other machine', (t) => t.replace('"machine":"complaint"', '"machine":"return-visit"'), isUnknownMachineError],
    ];
    const { text } = open();
    expect(register(text).status).toBe('applied');
    for (const [name, change, check] of corrupt) {
      const changed = change(text);
      expect(changed, name).not.toBe(text);
      const error = thrown(() => register(changed));
      expect(check(error), name).toBe(true);
      expect(JSON.stringify(error), name).toBe(JSON.stringify(thrown(() => register(JSON.parse(changed)))));
    }
    expect(isMalformedSnapshotError(thrown(() => register(text.slice(0, -1))))).toBe(true);
    // A valid case written by someone else is stepped as that case, after full validation.
    const other = text.replace('"caseId":"C-2026-0001"', '"caseId":"C-other"');
    expect(register(other).envelope.snapshot.context).toMatchObject({ form: { caseId: 'C-other' } });
  });

  it('a text is trusted only by the definition that produced it', () => {
    const at = '2026-12-01T01:00:00.000Z';
    const { text } = initialStep(counterMachine, { at }, { now: at });
    const strict = defineMachine(counterMachine, { context: z.object({ count: z.string(), now: z.string() }) });
    expect(isMalformedSnapshotError(thrown(() => restore(strict, text)))).toBe(true);
    expect(restore(counterMachine, text).snapshot.context).toMatchObject({ count: 0 });
    // …and only when the schema would accept it (a number as event id): then it is rejected as from outside.
    const odd = initialStep(counterMachine, { at }, { now: at, eventId: 42 as never }).text;
    const error = thrown(() => step(counterMachine, odd, { type: 'INC', at }, { now: at }));
    expect(isMalformedSnapshotError(error)).toBe(true);
    expect(JSON.stringify(error)).toBe(JSON.stringify(thrown(() => step(counterMachine, JSON.parse(odd) as unknown, { type: 'INC', at }, { now: at }))));
  });

  it('what a step on a text returns shares nothing: the envelope, the live snapshot and the text stay apart', () => {
    const first = open();
    const second = register(first.text);
    const saved = second.text;
    (second.snapshot.context as unknown as Record<string, unknown>).form = { caseId: 'scribbled' };
    (second.envelope.snapshot.context as Record<string, unknown>).step = 'scribbled';
    expect(second.text).toBe(saved);
    expect(JSON.stringify(second.envelope)).not.toBe(saved);
    // The changed envelope object is no longer trusted; the text still is, and steps as before.
    const next = happyPath[1]!;
    expect(comparable(step(complaintMachine, saved, next, opts(next)))).toEqual(comparable(step(complaintMachine, JSON.parse(saved) as unknown, next, opts(next))));
  });

  it('a refused event on a text returns that text and an envelope equal to it, with the same violations as from outside', () => {
    const opened = initialStep(complaintMachine, { form: { caseId: 'C-2' }, at: T('09:00') }, { now: T('09:00'), caseId: 'C-2' });
    const r = register(opened.text);
    expect(r.status).toBe('refused');
    expect(r.violations.map((v) => v.rule)).toEqual(['CP-REGISTER']);
    expect(r.text).toBe(opened.text);
    expect(JSON.stringify(r.envelope)).toBe(opened.text);
    expect(comparable(r)).toEqual(comparable(register(json(opened.envelope))));
  });
});
