import { describe, expect, it, vi } from 'vitest';
import { complaintMachine } from 'kefu';
import {
  ConflictError,
  createCaseRuntime,
  InMemoryCaseStore,
  InMemoryScheduler,
  isCaseExistsError,
  isCaseNotFoundError,
  isConflictError,
  isUnknownMachineError,
  type CaseEnvelope,
  type CaseStore,
  type SaveOptions,
} from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { counterMachine, deployV1, deployV2, manualClock, plus, ticketMachine } from './support/runtime-machines.js';
import { runConcurrency, runDeploy } from './support/runtime-reliability.js';
import { people } from './support/principals.js';

const at = '2026-12-01T01:00:00.000Z';
const sendId = 'xstate.after.deadline.test-ticket.open';

function memoryRuntime(clock = manualClock(at), store = new InMemoryCaseStore()) {
  const scheduler = new InMemoryScheduler({ now: clock.now, autoDeliver: false });
  const runtime = createCaseRuntime({ machines: [complaintMachine, ticketMachine, counterMachine], store, scheduler, clock: clock.now });
  return { runtime, scheduler, store, clock };
}

describe('runtime facade (in memory)', () => {
  it('opens a case, sends events, reads it', async () => {
    const { runtime } = memoryRuntime(manualClock(T('09:31')));
    const opened = await runtime.open(form.caseId, 'complaint', { form });
    expect(opened.record.version).toBe(1);
    const r = await runtime.send(form.caseId, { type: 'COMPLAINT.REGISTER', by: people.agent });
    expect(r).toMatchObject({ status: 'applied', attempts: 1 });
    expect(r.record.version).toBe(2);
    const view = await runtime.read(form.caseId);
    expect(view).toMatchObject({ caseId: form.caseId, version: 2, machine: 'complaint', value: 'assess', status: 'active' });
    expect(view!.timers.map((t) => t.id)).toEqual(['xstate.after.assessDeadline.complaint.assess']);
    expect(await runtime.read('nope')).toBeUndefined();
  });

  it('CP-REGISTER: a refused event is not saved and says which rule', async () => {
    const { runtime } = memoryRuntime(manualClock(T('09:00')));
    await runtime.open('C-2', complaintMachine, { form: { caseId: 'C-2' }, at: T('09:00') });
    const r = await runtime.send('C-2', { type: 'COMPLAINT.REGISTER', by: people.agent });
    expect(r.status).toBe('refused');
    expect(r.violations.map((v) => v.rule)).toEqual(['CP-REGISTER']);
    expect(r.record.version).toBe(1);
  });

  it('hands timers to the scheduler and fires them through step when due', async () => {
    const { runtime, scheduler, clock } = memoryRuntime();
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) });
    expect(scheduler.pending()).toEqual([{ id: `T-1#${sendId}`, caseId: 'T-1', sendId, due: plus(at, 60_000) }]);
    await runtime.start();
    expect(await scheduler.deliverDue()).toBe(0);
    clock.advance(60_000);
    expect(await runtime.listOverdue()).toEqual([{ caseId: 'T-1', machine: 'test-ticket', overdue: [{ sendId, eventType: sendId, due: plus(at, 60_000) }] }]);
    expect(await scheduler.deliverDue()).toBe(1);
    expect((await runtime.read('T-1'))!.context).toMatchObject({ escalations: [{ dueAt: plus(at, 60_000) }] });
    expect(await runtime.listOverdue()).toEqual([]);
    await runtime.stop();
  });

  it('a due time that passed while no process ran fires once when a new runtime starts', async () => {
    const first = memoryRuntime();
    await first.runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) });
    await first.runtime.open('T-2', 'test-ticket', { ticketId: 'T-2', at, dueAt: plus(at, 90 * 60_000) });
    // the process stops; the records survive (e.g. written to the host's database)
    const records = first.store.records();
    const clock = manualClock(plus(at, 3600_000));
    const second = memoryRuntime(clock, new InMemoryCaseStore(records));
    await second.runtime.start(); // re-arms pending timers from the store
    expect(await second.scheduler.deliverDue()).toBe(1);
    expect(await second.scheduler.deliverDue()).toBe(0);
    const t1 = await second.runtime.read('T-1');
    expect((t1!.context as { escalations: unknown[] }).escalations).toHaveLength(1);
    expect((await second.runtime.read('T-2'))!.timers).toHaveLength(1); // not due yet
  });

  it('fires with a real setTimeout when not driven by hand', async () => {
    const runtime = createCaseRuntime({ machines: [ticketMachine] });
    const now = new Date().toISOString();
    await runtime.open('T-9', 'test-ticket', { ticketId: 'T-9', at: now, dueAt: plus(now, 30) });
    await runtime.start();
    await vi.waitFor(async () => expect((await runtime.read('T-9'))!.context).toMatchObject({ escalations: [expect.anything()] }), { timeout: 60_000 });
    await runtime.stop();
  });

  it('open: an id that exists → CaseExistsError, unless it is the same request (same event id)', async () => {
    const { runtime } = memoryRuntime();
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 1000) }, { eventId: 'open-T-1' });
    const again = await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 1000) }, { eventId: 'open-T-1' });
    expect(again.status).toBe('duplicate');
    await expect(runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 1000) })).rejects.toSatisfy(isCaseExistsError);
  });

  it('errors: unknown case, unknown machine', async () => {
    const { runtime, store } = memoryRuntime();
    await expect(runtime.send('missing', { type: 'CLOSE' })).rejects.toSatisfy(isCaseNotFoundError);
    await expect(runtime.open('X', 'return-visit', {})).rejects.toSatisfy(isUnknownMachineError);
    const foreign = { machine: 'return-visit', version: 1, snapshot: { status: 'active', value: 'x', context: {} }, updatedAt: at, timers: [], appliedIds: [] } as CaseEnvelope;
    await store.create('R-1', foreign);
    await expect(runtime.send('R-1', { type: 'GO' })).rejects.toSatisfy(isUnknownMachineError);
  });

  it('idempotency: the same event id sent twice is applied once', async () => {
    const { runtime } = memoryRuntime();
    await runtime.open('K-1', 'test-counter', { at });
    const a = await runtime.send('K-1', { type: 'INC' }, { eventId: 'x' });
    const b = await runtime.send('K-1', { type: 'INC' }, { eventId: 'x' });
    expect([a.status, b.status]).toEqual(['applied', 'duplicate']);
    expect((await runtime.read('K-1'))!.context).toMatchObject({ count: 1 });
  });

  it('retries on a version conflict, then succeeds', async () => {
    const inner = new InMemoryCaseStore();
    let sneak = true;
    const store: CaseStore<undefined> = {
      create: (...args) => inner.create(...args),
      load: (id) => inner.load(id),
      listDue: (o) => inner.listDue(o),
      appendHistory: (...args) => inner.appendHistory(...args),
      readHistory: (...args) => inner.readHistory(...args),
      findHistoryEvent: (...args) => inner.findHistoryEvent(...args),
      async save(id: string, envelope: CaseEnvelope, o: SaveOptions<undefined>) {
        if (sneak) {
          // another server saves the case between our load and our save
          sneak = false;
          const other = await inner.load(id);
          await inner.save(id, other!.envelope, { expectedVersion: other!.version });
        }
        return inner.save(id, envelope, o);
      },
    };
    const runtime = createCaseRuntime({ machines: [counterMachine], store, retryDelayMs: () => 0 });
    await runtime.open('K-1', 'test-counter', { at });
    const r = await runtime.send('K-1', { type: 'INC' });
    expect(r.attempts).toBe(2);
    expect(r.record.version).toBe(3);
    expect((await runtime.read('K-1'))!.context).toMatchObject({ count: 1 });
  });

  it('gives up after a bounded number of attempts with ConflictError', async () => {
    const inner = new InMemoryCaseStore();
    const store: CaseStore<undefined> = {
      create: (...args) => inner.create(...args),
      load: (id) => inner.load(id),
      listDue: (o) => inner.listDue(o),
      appendHistory: (...args) => inner.appendHistory(...args),
      readHistory: (...args) => inner.readHistory(...args),
      findHistoryEvent: (...args) => inner.findHistoryEvent(...args),
      async save(id: string, _e: CaseEnvelope, o: SaveOptions<undefined>) {
        throw new ConflictError(id, o.expectedVersion, { actualVersion: o.expectedVersion + 1 });
      },
    };
    const runtime = createCaseRuntime({ machines: [counterMachine], store, maxAttempts: 3, retryDelayMs: () => 0 });
    await runtime.open('K-1', 'test-counter', { at });
    const error = await runtime.send('K-1', { type: 'INC' }).catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'KEFU_CONFLICT', caseId: 'K-1', attempts: 3 });
  });

  it('onCommitted receives the side effects and emitted events after the save', async () => {
    const seen: { kind: string; effects: unknown[]; emitted: unknown[] }[] = [];
    const clock = manualClock(at);
    const scheduler = new InMemoryScheduler({ now: clock.now, autoDeliver: false });
    const runtime = createCaseRuntime({
      machines: [ticketMachine],
      scheduler,
      clock: clock.now,
      onCommitted: (c) => void seen.push({ kind: c.kind, effects: [...c.effects], emitted: [...c.emitted] }),
    });
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 1000) });
    await runtime.start();
    clock.advance(1000);
    await scheduler.deliverDue();
    expect(seen.map((s) => s.kind)).toEqual(['open', 'timer']);
    expect(seen[1]).toMatchObject({
      effects: [{ type: 'notifySupervisor', params: { ticketId: 'T-1' } }],
      emitted: [{ type: 'ticket.escalated', ticketId: 'T-1' }],
    });
  });

  it('an event parses the stored envelope text once (to restore it) and writes the step\'s text as it is; the records it gives back are parsed when read', async () => {
    const runtime = createCaseRuntime({ machines: [complaintMachine] });
    await runtime.open('C-J', 'complaint', { form: { ...form, caseId: 'C-J' } }, { now: T('09:35') });
    const parse = vi.spyOn(JSON, 'parse');
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      // envelopes are the only JSON this long here; before: 4 parses and 3 stringifies per event
      const long = (calls: unknown[][], pick: (c: unknown[]) => unknown) => calls.filter((c) => String(pick(c) ?? '').length > 2000).length;
      const r = await runtime.send('C-J', happyPath[0]!, { now: T('09:40') });
      expect(r.status).toBe('applied');
      expect(long(parse.mock.calls, (c) => c[0])).toBe(1);
      expect(long(stringify.mock.results.map((x) => [x.value]), (c) => c[0])).toBe(1);
      // the record and the envelope handed out are fresh copies, made when read
      const record = r.record.envelope;
      expect(long(parse.mock.calls, (c) => c[0])).toBe(2);
      expect(record).toEqual(r.envelope);
      expect(record).not.toBe(r.envelope);
      (record.snapshot.context as { form: { complainant: string } }).form.complainant = 'changed by the host';
      expect(((await runtime.read('C-J'))!.context as { form: { complainant: string } }).form.complainant).toBe(form.complainant);
    } finally {
      parse.mockRestore();
      stringify.mockRestore();
    }
  });
});

describe('runtime facade: timer edge cases', () => {
  it('a timer delivered early is not applied and is put back for its due time', async () => {
    const { runtime, scheduler } = memoryRuntime();
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) });
    const early = await runtime.fireTimer({ caseId: 'T-1', sendId, due: plus(at, 60_000) }, { now: plus(at, 10_000) });
    expect(early!.status).toBe('not-due');
    expect(scheduler.pending()).toEqual([{ id: `T-1#${sendId}`, caseId: 'T-1', sendId, due: plus(at, 60_000) }]);
    expect((await runtime.read('T-1'))!.context).toMatchObject({ escalations: [] });
  });

  it('deploy: a version-1 timer delivered after the upgrade is renamed and still fires once', async () => {
    const clock = manualClock(at);
    const store = new InMemoryCaseStore();
    const v1 = createCaseRuntime({ machines: [deployV1], store, clock: clock.now, scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }) });
    await v1.open('D-1', deployV1, { at, dueAt: plus(at, 60_000) });
    const scheduler = new InMemoryScheduler({ now: clock.now, autoDeliver: false });
    const v2 = createCaseRuntime({ machines: [deployV2], store, clock: clock.now, scheduler });
    await v2.start(); // re-arms the stored (version-1) timer
    expect(scheduler.pending().map((t) => t.sendId)).toEqual(['xstate.after.reminder.test-deploy.waiting']);
    clock.advance(60_000);
    await scheduler.deliverDue(); // the old timer is stale under v2: the case is migrated and its timer renamed
    expect(scheduler.pending().map((t) => t.sendId)).toEqual(['xstate.after.reminder.test-deploy.queued']);
    await scheduler.deliverDue(); // the renamed timer fires
    const view = await v2.read('D-1');
    expect(view).toMatchObject({ value: 'queued', context: { reminders: 1, priority: 'normal' } });
    expect(view!.envelope.version).toBe(2);
    expect(scheduler.pending()).toEqual([]);
  });
});

describe('reliability (in memory)', () => {
  it('concurrency: 8 workers send 10,000 events to 100 cases at random; every case counts exactly what was sent to it', async () => {
    const store = new InMemoryCaseStore();
    const runtimes = Array.from({ length: 8 }, () => createCaseRuntime({ machines: [counterMachine], store, maxAttempts: 50 }));
    const report = await runConcurrency(runtimes, { events: 10_000, cases: 100 });
    expect(report.applied).toEqual(report.sent);
    expect(Object.values(report.applied).reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('deploy: a case saved under version 1 is migrated and continues under version 2', async () => {
    const store = new InMemoryCaseStore();
    const v1 = createCaseRuntime({ machines: [deployV1], store });
    await runDeploy(v1, async () => createCaseRuntime({ machines: [deployV2], store }), { caseId: 'D-1', now: Date.parse(at) });
  });
});
