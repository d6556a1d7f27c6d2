/**
 * AUDIT-TRAIL: every applied event and every refused attempt is recorded in the case's history,
 * in the same write as the case; event ids are unique per case forever. The same tests run on
 * the embedded in-memory store, on PGlite, and on the server at KEFU_PG_URL when it is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintMachine, isValidationError } from 'kefu';
import {
  createCaseRuntime,
  initialStep,
  isCaseNotFoundError,
  isConflictError,
  isIdempotencyKeyReusedError,
  IdempotencyKeyReusedError,
  SYSTEM_TIMER_PRINCIPAL,
  type CaseRuntime,
  type CaseStore,
  type HistoryEntry,
  type NewHistoryEntry,
} from 'kefu/runtime';
import { createPostgresRuntime, type PostgresRuntime } from 'kefu/postgres';
import { form, T } from './support/complaint.js';
import { counterMachine, plus, ticketMachine } from './support/runtime-machines.js';
import { dropTarget, pgBackends, type PgBackend, type PgTarget } from './support/runtime-pg.js';

const agent = { id: 'agent-07', role: 'agent' } as const;
const supervisor = { id: 'sup-01', role: 'supervisor' } as const;
const machines = [complaintMachine, ticketMachine, counterMachine];
const at = '2026-12-01T01:00:00.000Z';

interface Backend {
  readonly name: string;
  open(): Promise<{ runtime: CaseRuntime<unknown>; close: () => Promise<void> }>;
}

const memory: Backend = {
  name: 'memory',
  async open() {
    const runtime = createCaseRuntime({ machines, retryDelayMs: () => 0 }) as CaseRuntime<unknown>;
    return { runtime, close: () => runtime.stop() };
  },
};

const postgres = (backend: PgBackend): Backend => ({
  name: backend.name,
  async open() {
    const opened = await backend.open();
    const target: PgTarget = opened.target;
    const runtime: PostgresRuntime = await createPostgresRuntime({
      db: opened.db,
      schema: target.schema,
      bossSchema: target.bossSchema,
      machines,
      retryDelayMs: () => 0,
    });
    return {
      runtime: runtime as unknown as CaseRuntime<unknown>,
      close: async () => {
        await runtime.close();
        await opened.cleanup();
        await dropTarget(backend, target);
      },
    };
  },
});

const all = async (runtime: CaseRuntime<unknown>, caseId: string): Promise<HistoryEntry[]> => {
  const out: HistoryEntry[] = [];
  for (let after: number | undefined = 0; after !== undefined; ) {
    const page = await runtime.history(caseId, { after, limit: 1000 });
    out.push(...page.entries);
    after = page.next;
  }
  return out;
};

describe.each([memory, ...pgBackends().map(postgres)])('AUDIT-TRAIL: the case history ($name)', (backend) => {
  let runtime: CaseRuntime<unknown>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ runtime, close } = await backend.open());
  }, 300_000);
  afterAll(async () => {
    await close?.();
  });

  it('AUDIT-TRAIL: applied events and refused attempts are recorded with principal, outcome, rule IDs and states', async () => {
    const { content: _, ...draft } = form;
    await runtime.open('A-1', 'complaint', { form: draft }, { now: T('09:31'), by: agent, eventId: 'open-1' });
    const refused = await runtime.send('A-1', { type: 'COMPLAINT.REGISTER' }, { now: T('09:35'), by: agent, eventId: 'r-1' });
    expect(refused.status).toBe('refused');
    expect(refused.record.version).toBe(1); // the refusal did not change the case row
    await runtime.send('A-1', { type: 'FORM.UPDATE', fields: { content: '保养后发动机异响' } }, { now: T('09:38'), by: agent, eventId: 'u-1' });
    const applied = await runtime.send('A-1', { type: 'COMPLAINT.REGISTER' }, { now: T('09:40'), by: agent, eventId: 'r-2' });
    expect(applied.status).toBe('applied');

    const history = await all(runtime, 'A-1');
    expect(history.map((e) => [e.seq, e.eventType, e.outcome, e.version])).toEqual([
      [1, 'kefu.open', 'applied', 1],
      [2, 'COMPLAINT.REGISTER', 'refused', 1],
      [3, 'FORM.UPDATE', 'applied', 2],
      [4, 'COMPLAINT.REGISTER', 'applied', 3],
    ]);
    const [opened, refusal, , registered] = history;
    expect(opened).toMatchObject({ caseId: 'A-1', eventId: 'open-1', by: agent, stateBefore: null, stateAfter: 'register', refusal: null });
    expect(refusal).toMatchObject({
      eventId: 'r-1',
      by: agent,
      at: new Date(T('09:35')).toISOString(),
      stateBefore: 'register',
      stateAfter: 'register',
      refusal: { reason: 'rule', rules: ['CP-REGISTER'] },
    });
    expect(refusal!.refusal!.message.zh).toContain('content');
    expect(registered).toMatchObject({ eventId: 'r-2', by: agent, stateBefore: 'register', stateAfter: 'assess', refusal: null });
    // the result of each call carries the entry it wrote
    expect(refused.entry).toEqual(refusal);
    expect(applied.entry).toEqual(registered);
  });

  it('AUDIT-TRAIL: a malformed event is recorded as refused (invalid-event) and the case stays as it was', async () => {
    await runtime.open('A-2', 'test-counter', { at }, { now: at, by: agent });
    const r = await runtime.send('A-2', { type: 'INC', by: 'lots' }, { now: plus(at, 1000), by: agent, eventId: 'bad-1' });
    expect(r.status).toBe('refused');
    const [, entry] = await all(runtime, 'A-2');
    expect(entry).toMatchObject({ eventType: 'INC', outcome: 'refused', refusal: { reason: 'invalid-event', rules: [] }, event: { type: 'INC', by: 'lots' } });
    expect((await runtime.read('A-2'))!.context).toMatchObject({ count: 0 });
  });

  it('AUDIT-TRAIL: a timer firing is recorded with the principal system', async () => {
    await runtime.open('A-3', 'test-ticket', { ticketId: 'A-3', at, dueAt: plus(at, 60_000) }, { now: at, by: agent });
    expect(await runtime.fireOverdue({ now: plus(at, 61_000) })).toBe(1);
    const [, fired] = await all(runtime, 'A-3');
    expect(fired).toMatchObject({
      eventId: null,
      eventType: 'xstate.after.deadline.test-ticket.open',
      by: SYSTEM_TIMER_PRINCIPAL,
      at: plus(at, 61_000),
      outcome: 'applied',
      stateBefore: 'open',
      stateAfter: 'open',
    });
    expect(SYSTEM_TIMER_PRINCIPAL).toEqual({ id: 'timer', role: 'system' });
  });

  it('AUDIT-TRAIL: history is read in keyset pages, oldest first; bad paging names the field', async () => {
    await runtime.open('A-4', 'test-counter', { at }, { now: at, by: agent });
    for (let i = 0; i < 7; i++) await runtime.send('A-4', { type: 'INC' }, { now: plus(at, i + 1), by: agent, eventId: `inc-${i}` });
    const first = await runtime.history('A-4', { limit: 3 });
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.next).toBe(3);
    const second = await runtime.history('A-4', { limit: 3, after: first.next });
    expect(second.entries.map((e) => e.eventId)).toEqual(['inc-2', 'inc-3', 'inc-4']);
    const last = await runtime.history('A-4', { limit: 3, after: second.next });
    expect(last.entries.map((e) => e.seq)).toEqual([7, 8]);
    expect(last.next).toBeUndefined();
    expect((await runtime.history('A-4')).entries).toHaveLength(8);

    const bad = await runtime.history('A-4', { limit: 0, after: -1 }).catch((e: unknown) => e);
    expect(isValidationError(bad) && bad.fields).toEqual(['limit', 'after']);
    await expect(runtime.history('nope')).rejects.toSatisfy(isCaseNotFoundError);
  });

  it('AUDIT-TRAIL: an event id is unique per case forever — a retry long after the last 100 ids is still a duplicate', async () => {
    await runtime.open('A-5', 'test-counter', { at }, { now: at, by: agent });
    for (let i = 0; i < 105; i++) await runtime.send('A-5', { type: 'INC' }, { now: plus(at, i + 1), by: agent, eventId: `e${i}` });
    const retry = await runtime.send('A-5', { type: 'INC' }, { now: plus(at, 500), by: agent, eventId: 'e0' });
    expect(retry).toMatchObject({ status: 'duplicate', accepted: true, changed: false });
    expect(retry.entry).toMatchObject({ seq: 2, eventId: 'e0', outcome: 'applied' });
    expect((await runtime.read('A-5'))!.context).toMatchObject({ count: 105 });
    // The history holds the ids: the envelope's window of applied ids (bare `step`) stays empty.
    expect((await runtime.read('A-5'))!.envelope.appliedIds).toEqual([]);
    expect(await all(runtime, 'A-5')).toHaveLength(106);
    // the same id on another case is another event
    await runtime.open('A-5b', 'test-counter', { at }, { now: at, by: agent });
    expect((await runtime.send('A-5b', { type: 'INC' }, { by: agent, eventId: 'e0' })).status).toBe('applied');
  });

  it('AUDIT-TRAIL: a reused event id with a different event or principal is IdempotencyKeyReusedError, and nothing is written', async () => {
    await runtime.open('A-6', 'test-counter', { at }, { now: at, by: agent });
    await runtime.send('A-6', { type: 'INC' }, { now: plus(at, 1), by: agent, eventId: 'k-1' });
    const other = await runtime.send('A-6', { type: 'INC', by: 5 }, { now: plus(at, 2), by: agent, eventId: 'k-1' }).catch((e: unknown) => e);
    expect(isIdempotencyKeyReusedError(other)).toBe(true);
    expect(other).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(other).toMatchObject({ code: 'KEFU_IDEMPOTENCY_KEY_REUSED', caseId: 'A-6', eventId: 'k-1', seq: 2, recordedType: 'INC', eventType: 'INC' });
    const someoneElse = await runtime.send('A-6', { type: 'INC' }, { now: plus(at, 3), by: supervisor, eventId: 'k-1' }).catch((e: unknown) => e);
    expect(isIdempotencyKeyReusedError(someoneElse)).toBe(true);
    // the same event from the same principal, even at another time, is the retry it looks like
    expect((await runtime.send('A-6', { type: 'INC' }, { now: plus(at, 4), by: agent, eventId: 'k-1' })).status).toBe('duplicate');
    expect((await runtime.read('A-6'))!.context).toMatchObject({ count: 1 });
    expect(await all(runtime, 'A-6')).toHaveLength(2);
  });

  it('AUDIT-TRAIL: a retry of a refused attempt returns the earlier refusal as duplicate', async () => {
    await runtime.open('A-7', 'test-ticket', { ticketId: 'A-7', at, dueAt: plus(at, 3600_000) }, { now: at, by: agent });
    await runtime.send('A-7', { type: 'CLOSE' }, { now: plus(at, 1), by: agent });
    const first = await runtime.send('A-7', { type: 'CLOSE' }, { now: plus(at, 2), by: agent, eventId: 'c-2' });
    expect(first.status).toBe('refused');
    const again = await runtime.send('A-7', { type: 'CLOSE' }, { now: plus(at, 3), by: agent, eventId: 'c-2' });
    expect(again).toMatchObject({ status: 'duplicate', accepted: false, refusal: { reason: first.refusal!.reason } });
    expect(again.entry!.seq).toBe(first.entry!.seq);
    expect(await all(runtime, 'A-7')).toHaveLength(3);
  });

  it('AUDIT-TRAIL: opening twice with the same event id is a duplicate; with other input it is IdempotencyKeyReusedError', async () => {
    const input = { ticketId: 'A-8', at, dueAt: plus(at, 3600_000) };
    await runtime.open('A-8', 'test-ticket', input, { now: at, by: agent, eventId: 'open-A-8' });
    const again = await runtime.open('A-8', 'test-ticket', input, { now: plus(at, 5), by: agent, eventId: 'open-A-8' });
    expect(again).toMatchObject({ status: 'duplicate', entry: { seq: 1, eventType: 'kefu.open' } });
    const other = await runtime.open('A-8', 'test-ticket', { ...input, dueAt: plus(at, 1) }, { now: at, by: agent, eventId: 'open-A-8' }).catch((e: unknown) => e);
    expect(isIdempotencyKeyReusedError(other)).toBe(true);
    expect(await all(runtime, 'A-8')).toHaveLength(1);
  });

  it('AUDIT-TRAIL: concurrent sends with one event id apply once and record once', async () => {
    await runtime.open('A-9', 'test-counter', { at }, { now: at, by: agent });
    const results = await Promise.all([1, 2, 3, 4].map(() => runtime.send('A-9', { type: 'INC' }, { now: plus(at, 1), by: agent, eventId: 'same' })));
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate']);
    expect((await runtime.read('A-9'))!.context).toMatchObject({ count: 1 });
    expect(await all(runtime, 'A-9')).toHaveLength(2);
  });

  describe('the history is written atomically with the case', () => {
    const entry = (eventId: string | null, over: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
      eventId,
      eventType: 'INC',
      event: { type: 'INC' },
      by: agent,
      at,
      outcome: 'applied',
      refusal: null,
      stateBefore: 'counting',
      stateAfter: 'counting',
      ...over,
    });

    async function seeded(caseId: string): Promise<{ store: CaseStore<unknown>; envelope: ReturnType<typeof initialStep>['envelope'] }> {
      const { store } = runtime;
      const first = initialStep(counterMachine, { at }, { now: at, caseId });
      await store.create(caseId, first.envelope, { history: entry('open', { eventType: 'kefu.open', stateBefore: null }) });
      await store.save(caseId, first.envelope, { expectedVersion: 1, history: entry('x-1') });
      return { store, envelope: first.envelope };
    }

    it('AUDIT-TRAIL: a history insert that fails (event id taken) rolls the case write back: ConflictError, neither changes', async () => {
      const { store, envelope } = await seeded('A-10');
      const changed = { ...envelope, updatedAt: plus(at, 9) };
      const error = await store.save('A-10', changed, { expectedVersion: 2, history: entry('x-1') }).catch((e: unknown) => e);
      expect(isConflictError(error)).toBe(true);
      expect(error).toMatchObject({ eventId: 'x-1' });
      const record = await store.load('A-10');
      expect(record!.version).toBe(2);
      expect(record!.envelope.updatedAt).toBe(envelope.updatedAt);
      expect((await store.readHistory('A-10')).entries.map((e) => e.eventId)).toEqual(['open', 'x-1']);
    });

    it('AUDIT-TRAIL: a write that fails after the history entry (the timers) leaves neither the case nor the entry', async () => {
      const { store, envelope } = await seeded('A-11');
      const failing = store.save('A-11', { ...envelope, updatedAt: plus(at, 9) }, {
        expectedVersion: 2,
        history: entry('x-2'),
        inTransaction: async () => {
          throw new Error('the scheduler failed');
        },
      });
      await expect(failing).rejects.toThrow('the scheduler failed');
      expect((await store.load('A-11'))!.version).toBe(2);
      expect(await store.findHistoryEvent('A-11', 'x-2')).toBeUndefined();
      expect((await store.readHistory('A-11')).entries).toHaveLength(2);
    });

    it('AUDIT-TRAIL: a version conflict writes neither the case nor the entry; a refusal against a stale version is not appended', async () => {
      const { store, envelope } = await seeded('A-12');
      await expect(store.save('A-12', envelope, { expectedVersion: 1, history: entry('x-3') })).rejects.toSatisfy(isConflictError);
      await expect(store.appendHistory('A-12', entry('x-4', { outcome: 'refused' }), { expectedVersion: 1 })).rejects.toSatisfy(isConflictError);
      expect((await store.load('A-12'))!.version).toBe(2);
      expect((await store.readHistory('A-12')).entries.map((e) => e.eventId)).toEqual(['open', 'x-1']);
      const appended = await store.appendHistory('A-12', entry('x-4', { outcome: 'refused' }), { expectedVersion: 2 });
      expect(appended).toMatchObject({ seq: 3, version: 2, eventId: 'x-4' });
      await expect(store.appendHistory('A-12', entry('x-4'), { expectedVersion: 2 })).rejects.toSatisfy(isConflictError);
      await expect(store.appendHistory('nope', entry('x-5'), { expectedVersion: 1 })).rejects.toSatisfy(isCaseNotFoundError);
    });
  });
});
