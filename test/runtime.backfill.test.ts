/**
 * AUDIT-TRAIL: `runtime.backfill` fills in, from a case's history, a value its context lacks —
 * here `registeredBy` of complaints stored before version 2 (`complaintBackfills.registeredBy`),
 * which `complaintMigrations[1]` leaves unset — on the in-memory store and PostgreSQL (PGlite, and
 * the server at KEFU_PG_URL when set).
 *
 * The old rows are those of test/support/complaint-v1.envelopes.json (see runtime.migrations.test.ts),
 * each stored with the history the older kefu wrote beside it: the opening, a customer's refused
 * attempt to register the complaint (ROLE-PERMIT) and the agent's applied registration.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { complaintMachine, isValidationError } from 'kefu';
import { complaintBackfills } from 'kefu/machines/complaint';
import {
  BACKFILL_EVENT_TYPE,
  BACKFILL_PRINCIPAL,
  createCaseRuntime,
  InMemoryCaseStore,
  resignCases,
  type CaseEnvelope,
  type CaseStore,
  type HistoryEntry,
  type NewHistoryEntry,
} from 'kefu/runtime';
import { migrateCasesTable, PostgresCaseStore } from 'kefu/postgres';
import { form } from './support/complaint.js';
import { dropTarget, pgBackends } from './support/runtime-pg.js';

const fixtures = JSON.parse(readFileSync(new URL('./support/complaint-v1.envelopes.json', import.meta.url), 'utf8')) as [CaseEnvelope, CaseEnvelope];
const agent = { id: 'u-1042', role: 'agent' } as const;
const customer = { id: 'cust-0001', role: 'customer' } as const;
const operator = { id: 'ops-7', role: 'supervisor' } as const;
const NOW = '2026-12-02T10:00:00+08:00';

/** The version-1 complaint in `implement` (C-OLD-1 of the fixture) under another case id. */
function oldRow(caseId: string, which: 0 | 1 = 0): CaseEnvelope {
  const e = structuredClone(fixtures[which]) as CaseEnvelope & { snapshot: { context: { form: { caseId: string } } } };
  e.snapshot.context.form.caseId = caseId;
  return e;
}

const entry = (fields: Partial<NewHistoryEntry> & Pick<NewHistoryEntry, 'eventType' | 'at' | 'stateAfter'>): NewHistoryEntry => ({
  eventId: null,
  event: { type: fields.eventType },
  by: null,
  outcome: 'applied',
  refusal: null,
  stateBefore: null,
  ...fields,
});

/**
 * Store an old complaint with its history: the opening, then — `registration: 'named'` — a
 * customer's refused attempt and the agent's applied `COMPLAINT.REGISTER` (seq 3, row version 2);
 * `'unnamed'`: an applied registration that names nobody; `'none'`: the opening only.
 */
async function seedOld(store: CaseStore<unknown>, caseId: string, registration: 'named' | 'unnamed' | 'none', which: 0 | 1 = 0): Promise<void> {
  const envelope = oldRow(caseId, which);
  const opened = entry({ eventType: 'kefu.open', event: { type: 'kefu.open', machine: 'complaint' }, by: agent, at: '2026-12-01T01:30:00.000Z', stateAfter: 'register' });
  await store.create(caseId, envelope, { history: opened });
  if (registration === 'none') return;
  if (registration === 'named') {
    await store.appendHistory(
      caseId,
      entry({
        eventId: `${caseId}-reg-0`,
        eventType: 'COMPLAINT.REGISTER',
        by: customer,
        at: '2026-12-01T01:35:00.000Z',
        outcome: 'refused',
        refusal: { reason: 'rule', rules: ['ROLE-PERMIT'], violations: [], issues: [], message: { zh: '顾客本人不能执行 COMPLAINT.REGISTER', en: 'the customer may not send COMPLAINT.REGISTER' } },
        stateBefore: 'register',
        stateAfter: 'register',
      }),
      { expectedVersion: 1 },
    );
  }
  const registered = entry({
    eventId: `${caseId}-reg-1`,
    eventType: 'COMPLAINT.REGISTER',
    event: { type: 'COMPLAINT.REGISTER', at: '2026-12-01T09:40:00+08:00' },
    by: registration === 'named' ? agent : null,
    at: '2026-12-01T01:40:00.000Z',
    stateBefore: 'register',
    stateAfter: 'assess',
  });
  await store.save(caseId, envelope, { expectedVersion: 1, history: registered });
}

async function historyOf(store: CaseStore<unknown>, caseId: string): Promise<HistoryEntry[]> {
  return [...(await store.readHistory(caseId, { limit: 1000 })).entries];
}

const registeredByOf = (e: CaseEnvelope) => (e.snapshot.context as { registeredBy?: unknown }).registeredBy;

/** The store without `update` (load, then save with the version check), with a hook run before each save. */
function loadSaveOnly(store: CaseStore<unknown>, beforeSave: (caseId: string) => Promise<void>): CaseStore<unknown> {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'update') return undefined;
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'save') {
        return async (...args: Parameters<CaseStore<unknown>['save']>) => {
          await beforeSave(args[0]);
          return target.save(...args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

type Backend = { name: string; open: () => Promise<CaseStore<unknown>> };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
const backends: Backend[] = [
  { name: 'in-memory', open: async () => new InMemoryCaseStore() as CaseStore<unknown> },
  ...pgBackends().map((pg) => ({
    name: pg.name,
    async open() {
      const opened = await pg.open();
      await migrateCasesTable(opened.db, { schema: opened.target.schema });
      cleanups.push(async () => {
        await opened.cleanup();
        await dropTarget(pg, opened.target);
      });
      return new PostgresCaseStore(opened.db, { schema: opened.target.schema }) as CaseStore<unknown>;
    },
  })),
];

describe.each(backends)('runtime.backfill of complaintBackfills.registeredBy ($name)', (backend) => {
  it('AUDIT-TRAIL: an old complaint gets registeredBy from its applied COMPLAINT.REGISTER entry, written at the next version with a kefu.backfill entry naming the field, the value and the entry; it is then assigned in worklists and takes its next step', async () => {
    const store = await backend.open();
    await seedOld(store, 'C-OLD-1', 'named');
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW });

    const report = await runtime.backfill(complaintBackfills.registeredBy, { by: operator });
    expect(report).toEqual({
      scanned: 1,
      filled: [{ caseId: 'C-OLD-1', source: { seq: 3, eventType: 'COMPLAINT.REGISTER' }, entry: 4, version: 3, attempts: 1 }],
      complete: 0,
      noEntry: [],
      conflicts: [],
      failed: [],
    });

    const row = (await store.load('C-OLD-1'))!;
    expect(row.version).toBe(3);
    expect(row.envelope.version).toBe(2); // migrated and written as the current shape, as any step writes it
    expect(registeredByOf(row.envelope)).toEqual(agent);
    const history = await historyOf(store, 'C-OLD-1');
    expect(history).toHaveLength(4);
    expect(history[3]).toEqual({
      caseId: 'C-OLD-1',
      seq: 4,
      eventId: 'kefu.backfill.registeredBy',
      eventType: BACKFILL_EVENT_TYPE,
      event: { type: 'kefu.backfill', field: 'registeredBy', value: agent, from: { seq: 3, eventType: 'COMPLAINT.REGISTER', eventId: 'C-OLD-1-reg-1' } },
      by: operator,
      at: new Date(NOW).toISOString(),
      outcome: 'applied',
      refusal: null,
      stateBefore: 'implement',
      stateAfter: 'implement',
      version: 3,
    });

    const mine = await runtime.worklist({ assignee: 'u-1042', machine: 'complaint' });
    expect(mine.items.map((i) => [i.caseId, i.assignee, i.version])).toEqual([['C-OLD-1', 'u-1042', 3]]);
    const next = await runtime.send('C-OLD-1', { type: 'CUSTOMER.ACCEPT', by: customer, signedBy: '王先生', at: NOW });
    expect(next.status).toBe('applied');
    expect(registeredByOf((await store.load('C-OLD-1'))!.envelope)).toEqual(agent);
  });

  it('AUDIT-TRAIL: nothing to backfill — cases that name their registrar, and a case not registered yet — writes nothing; a second run after a backfill writes nothing either (idempotent)', async () => {
    const store = await backend.open();
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW });
    await runtime.open('C-NEW-1', 'complaint', { form: { ...form, caseId: 'C-NEW-1' } }, { by: agent });
    await runtime.send('C-NEW-1', { type: 'COMPLAINT.REGISTER', at: '2026-12-01T09:40:00+08:00' }, { by: agent });
    await runtime.open('C-NEW-2', 'complaint', { form: { ...form, caseId: 'C-NEW-2' } }, { by: agent });
    await seedOld(store, 'C-OLD-1', 'named');
    const before = { new1: (await store.load('C-NEW-1'))!.version, new2: (await store.load('C-NEW-2'))!.version };

    const first = await runtime.backfill(complaintBackfills.registeredBy);
    expect(first).toMatchObject({ scanned: 3, complete: 2, noEntry: [], conflicts: [], failed: [] });
    expect(first.filled.map((c) => c.caseId)).toEqual(['C-OLD-1']);
    expect((await historyOf(store, 'C-OLD-1')).at(-1)).toMatchObject({ eventType: BACKFILL_EVENT_TYPE, by: BACKFILL_PRINCIPAL });
    expect((await store.load('C-NEW-1'))!.version).toBe(before.new1);
    expect((await store.load('C-NEW-2'))!.version).toBe(before.new2);

    const again = await runtime.backfill(complaintBackfills.registeredBy);
    expect(again).toEqual({ scanned: 3, filled: [], complete: 3, noEntry: [], conflicts: [], failed: [] });
    expect((await store.load('C-OLD-1'))!.version).toBe(3);
    expect(await historyOf(store, 'C-OLD-1')).toHaveLength(4);
  });

  it('AUDIT-TRAIL: a case whose history holds no applied, named registration stays as it is and is reported in noEntry; a row that does not load is reported in failed, unchanged', async () => {
    const store = await backend.open();
    await seedOld(store, 'C-OLD-A', 'none');
    await seedOld(store, 'C-OLD-B', 'unnamed');
    await seedOld(store, 'C-OLD-C', 'named', 1); // in followUp, its accountability record lacks a provision: does not load
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW });

    const report = await runtime.backfill(complaintBackfills.registeredBy);
    expect(report).toMatchObject({ scanned: 3, filled: [], complete: 0, noEntry: ['C-OLD-A', 'C-OLD-B'], conflicts: [] });
    expect(report.failed).toEqual([{ caseId: 'C-OLD-C', reason: expect.stringContaining('InvariantViolationError') }]);
    for (const [caseId, version, which] of [['C-OLD-A', 1, 0], ['C-OLD-B', 2, 0], ['C-OLD-C', 2, 1]] as const) {
      const row = (await store.load(caseId))!;
      expect(row.version).toBe(version);
      expect(row.envelope).toEqual(oldRow(caseId, which));
      expect((await historyOf(store, caseId)).map((e) => e.eventType)).not.toContain(BACKFILL_EVENT_TYPE);
    }
  });

  it('AUDIT-TRAIL: a step saved between the backfill’s read and its write is a version conflict: the backfill reads the case again and fills it on the second attempt, the step kept', async () => {
    const raw = await backend.open();
    await seedOld(raw, 'C-OLD-1', 'named');
    const other = createCaseRuntime({ machines: [complaintMachine], store: raw, clock: () => NOW });
    let stepped = false;
    const store = loadSaveOnly(raw, async (caseId) => {
      if (stepped) return;
      stepped = true;
      expect((await other.send(caseId, { type: 'CUSTOMER.ACCEPT', by: customer, signedBy: '王先生', at: NOW })).status).toBe('applied');
    });
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW, retryDelayMs: () => 0 });

    const report = await runtime.backfill(complaintBackfills.registeredBy);
    expect(report.filled).toEqual([{ caseId: 'C-OLD-1', source: { seq: 3, eventType: 'COMPLAINT.REGISTER' }, entry: 5, version: 4, attempts: 2 }]);
    const row = (await raw.load('C-OLD-1'))!;
    expect(registeredByOf(row.envelope)).toEqual(agent);
    expect((row.envelope.snapshot.context as { signature?: { signedBy: string } }).signature?.signedBy).toBe('王先生');
    expect((await historyOf(raw, 'C-OLD-1')).slice(3).map((e) => [e.eventType, e.version])).toEqual([
      ['CUSTOMER.ACCEPT', 3],
      [BACKFILL_EVENT_TYPE, 4],
    ]);
  });

  it('AUDIT-TRAIL: a writer that gets in first on every attempt leaves the case unfilled and reported in conflicts, with no backfill entry', async () => {
    const raw = await backend.open();
    await seedOld(raw, 'C-OLD-1', 'named');
    const store = loadSaveOnly(raw, async (caseId) => {
      const current = (await raw.load(caseId))!;
      await raw.save(caseId, current.envelope, { expectedVersion: current.version });
    });
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW, maxAttempts: 3, retryDelayMs: () => 0 });

    const report = await runtime.backfill(complaintBackfills.registeredBy);
    expect(report).toEqual({ scanned: 1, filled: [], complete: 0, noEntry: [], conflicts: ['C-OLD-1'], failed: [] });
    const row = (await raw.load('C-OLD-1'))!;
    expect(row.version).toBe(5); // the version the other writer left: three of its writes
    expect(registeredByOf(row.envelope)).toBeUndefined();
    expect((await historyOf(raw, 'C-OLD-1')).map((e) => e.eventType)).not.toContain(BACKFILL_EVENT_TYPE);
  });

  it('AUDIT-TRAIL: a step racing the backfill on the same case (the store’s own locked update) — both apply, in either order', async () => {
    const store = await backend.open();
    await seedOld(store, 'C-OLD-1', 'named');
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW });
    const [report, step] = await Promise.all([
      runtime.backfill(complaintBackfills.registeredBy),
      runtime.send('C-OLD-1', { type: 'CUSTOMER.ACCEPT', by: customer, signedBy: '王先生', at: NOW }),
    ]);
    expect(step.status).toBe('applied');
    expect(report.filled.map((c) => c.caseId)).toEqual(['C-OLD-1']);
    const row = (await store.load('C-OLD-1'))!;
    expect(row.version).toBe(4);
    expect(registeredByOf(row.envelope)).toEqual(agent);
    expect((row.envelope.snapshot.context as { signature?: unknown }).signature).toBeDefined();
  });
});

describe('runtime.backfill options', () => {
  it('a backfill of an unknown machine, a batch size out of range or a malformed `by` is a ValidationError naming each field; nothing is read', async () => {
    const runtime = createCaseRuntime({ machines: [complaintMachine] });
    const refused = await runtime
      .backfill({ ...complaintBackfills.registeredBy, machine: 'complaints' }, { batchSize: 0, by: { id: '', role: 'agent' } })
      .then(() => undefined, (error: unknown) => error);
    expect(isValidationError(refused) && refused.fields).toEqual(['machine', 'batchSize', 'by.id']);
  });
});

describe('runtime.backfill with a signing key', () => {
  it('AUDIT-TRAIL: an old row signed for the runtime (resignCases from unsigned) is backfilled signed with the key — it loads under it; an unsigned row is left as it was and reported as tampered', async () => {
    const key = 'k'.repeat(32);
    const store = new InMemoryCaseStore() as CaseStore<unknown>;
    await seedOld(store, 'C-OLD-1', 'named');
    await seedOld(store, 'C-OLD-2', 'named');
    expect((await resignCases(store, ['C-OLD-1'], { from: 'unsigned', to: key })).resigned).toEqual(['C-OLD-1']);
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => NOW, signingKey: key });

    const report = await runtime.backfill(complaintBackfills.registeredBy);
    expect(report.filled.map((c) => c.caseId)).toEqual(['C-OLD-1']);
    expect(report.failed).toEqual([{ caseId: 'C-OLD-2', reason: expect.stringContaining('TamperedSnapshotError') }]);
    const view = await runtime.read('C-OLD-1');
    expect(view!.envelope.signature).toMatch(/^hmac-sha256:/);
    expect((view!.context as { registeredBy?: unknown }).registeredBy).toEqual(agent);
    expect((await store.load('C-OLD-2'))!.envelope).toEqual(oldRow('C-OLD-2'));
  });
});
