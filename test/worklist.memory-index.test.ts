/**
 * The in-memory store answers worklists from lists kept sorted per order and per filter value
 * (docs/runtime.md, "Worklists"). These tests hold it to a brute force — filter every case, sort,
 * cut — over random cases, random writes (saves that move a case between lists, saves without a
 * projection, reprojections, a store seeded from records) and random filters, page by page. The
 * PostgreSQL store (PGlite, and the server at KEFU_PG_URL) is held to the same brute force, its
 * queries run as the planner picks and again with sequential scans, bitmaps and sorts turned off
 * (so the index walks and merges, not a scan and a sort, give the rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialStep, InMemoryCaseStore, type CaseEnvelope, type CaseProjection, type WorklistFilter, type WorklistPosition, type WorklistRow } from 'kefu/runtime';
import { migrateCasesTable, PostgresCaseStore, type SqlDatabase } from 'kefu/postgres';
import { BASE, HOUR, iso, taskMachine } from './support/worklist.js';
import { dropTarget, pgBackends, type PgTarget } from './support/runtime-pg.js';

/** What the test knows of a stored case: the store must list exactly this. */
interface ModelCase {
  readonly caseId: string;
  readonly machine: string;
  readonly status: string;
  readonly version: number;
  /** The opening time the store keeps: the first projection's, else the envelope's last update (kept across saves). */
  readonly opened: string;
  /** `undefined`: written without a projection, so not listed. */
  readonly projection: CaseProjection | undefined;
}

const base = initialStep(taskMachine, { dueAt: null, member: false, urgent: 0, at: iso(BASE) }, { now: BASE, caseId: 'X' }).envelope;

/** An envelope of `machine` with the snapshot status `status` (the store lists the status its envelope has). */
function envelope(machine: string, status: string): CaseEnvelope {
  const e = JSON.parse(JSON.stringify(base)) as CaseEnvelope & { snapshot: { status: string } };
  return { ...e, machine, snapshot: { ...e.snapshot, status } } as CaseEnvelope;
}

// Few values each, so lists share members and ties are common; ids mix case, a CJK and an astral
// character (code-point order differs from UTF-16 order there).
const ids = fc.constantFrom('a', 'B', 'b', 'Z', '工', '𝒜', 'ｚ', '0', '10', '9');
const caseId = fc.tuple(ids, ids, fc.integer({ min: 0, max: 40 })).map(([x, y, n]) => `${x}${y}-${n}`);
const machine = fc.constantFrom('test-task', 'inquiry');
const status = fc.constantFrom('active', 'active', 'active', 'done', 'error');
const paths = fc.constantFrom(['queued'], ['working', 'working.drafting'], ['working', 'working.approval'], ['done']);
const projection: fc.Arbitrary<CaseProjection> = fc.record({
  assignee: fc.constantFrom(null, null, 'u-1', 'u-2', 'u-3'),
  role: fc.constantFrom(null, 'agent', 'agent', 'supervisor', 'quality'),
  nextDueAt: fc.option(fc.integer({ min: -6, max: 6 }).map((h) => iso(BASE + h * HOUR)), { nil: null, freq: 5 }),
  priority: fc.integer({ min: -1, max: 3 }),
  member: fc.constantFrom(null, true, false, false),
  states: paths,
  openedAt: fc.integer({ min: -12, max: 12 }).map((h) => iso(BASE + h * HOUR)),
});

type Op =
  | { kind: 'save'; pick: number; machine: string; status: string; projection: CaseProjection | undefined }
  | { kind: 'reproject'; pick: number; projection: CaseProjection }
  | { kind: 'reseed' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('save' as const), pick: fc.nat(), machine, status, projection: fc.option(projection, { nil: undefined, freq: 8 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reproject' as const), pick: fc.nat(), projection }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reseed' as const) }) },
);

const instant = fc.integer({ min: -13, max: 13 }).map((h) => BASE + h * HOUR + 1_800_000 * (h % 2));
/** A filter as the runtime hands it to a store (`take` is the page size plus one). */
const filter = fc
  .record(
    {
      machine,
      assignee: fc.constantFrom(null, 'u-1', 'u-2'),
      role: fc.constantFrom('agent', 'supervisor', 'quality'),
      overdueAt: instant,
      dueBefore: instant,
      member: fc.boolean(),
      from: instant,
      to: instant,
    },
    { requiredKeys: [] },
  )
  .chain((f) =>
    fc.record({
      f: fc.constant(f),
      state: f.machine === undefined ? fc.constant(undefined) : fc.option(fc.constantFrom('working', 'working.approval', 'queued'), { nil: undefined }),
      status: fc.constantFrom('active', 'active', 'done', 'any') as fc.Arbitrary<WorklistFilter['status']>,
      order: fc.constantFrom('due', 'priority') as fc.Arbitrary<WorklistFilter['order']>,
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  )
  .map(({ f, state, status, order, limit }): WorklistFilter => ({ ...f, ...(state !== undefined ? { state } : {}), status, order, take: limit + 1 }));

/** A filter of at most two of the fields (the one above sets most of them, and so lists few cases). */
const sparseFilter = fc
  .tuple(filter, fc.subarray(['machine', 'assignee', 'role', 'overdueAt', 'dueBefore', 'member', 'from', 'to'] as const, { maxLength: 2 }))
  .map(([f, keep]): WorklistFilter => {
    const out: { -readonly [K in keyof WorklistFilter]?: WorklistFilter[K] } = { status: f.status, order: f.order, take: f.take };
    for (const key of keep) if (f[key] !== undefined) Object.assign(out, { [key]: f[key] });
    if (out.machine !== undefined && f.state !== undefined) out.state = f.state;
    return out as WorklistFilter;
  });

/** Code-point order, written apart from kefu's. */
const codePoints = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const due = (p: CaseProjection) => (p.nextDueAt === null ? Infinity : Date.parse(p.nextDueAt));
const position = (c: ModelCase, order: WorklistFilter['order']): WorklistPosition => {
  const d = due(c.projection!);
  return { due: d === Infinity ? null : d, caseId: c.caseId, ...(order === 'priority' ? { priority: c.projection!.priority } : {}) };
};
const compare = (order: WorklistFilter['order']) => (a: WorklistPosition, b: WorklistPosition) => {
  if (order === 'priority' && a.priority !== b.priority) return b.priority! - a.priority!;
  const da = a.due ?? Infinity;
  const db = b.due ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return codePoints(a.caseId, b.caseId);
};

/** The brute force: every listed case, filtered, sorted, cut. */
function bruteForce(cases: Iterable<ModelCase>, f: WorklistFilter): string[] {
  const cmp = compare(f.order);
  return [...cases]
    .filter((c): c is ModelCase & { projection: CaseProjection } => c.projection !== undefined)
    .filter((c) => {
      const p = c.projection;
      const d = due(p);
      const opened = Date.parse(p.openedAt);
      return (
        (f.status === 'any' || c.status === f.status) &&
        (f.machine === undefined || c.machine === f.machine) &&
        (f.state === undefined || p.states.includes(f.state)) &&
        (f.assignee === undefined || p.assignee === f.assignee) &&
        (f.role === undefined || p.role === f.role) &&
        (f.member === undefined || p.member === f.member) &&
        (f.overdueAt === undefined || d <= f.overdueAt) &&
        (f.dueBefore === undefined || d < f.dueBefore) &&
        (f.from === undefined || opened >= f.from) &&
        (f.to === undefined || opened < f.to) &&
        (f.after === undefined || cmp(position(c, f.order), f.after) > 0)
      );
    })
    .sort((a, b) => cmp(position(a, f.order), position(b, f.order)))
    .slice(0, f.take)
    .map((c) => c.caseId);
}

/** Every page of a filter from the store, following the keyset as the runtime does. */
async function pages(store: { worklist(filter: WorklistFilter): Promise<WorklistRow[]> }, model: ReadonlyMap<string, ModelCase>, f: WorklistFilter): Promise<{ store: string[]; model: string[] }> {
  const got: string[] = [];
  const want: string[] = [];
  let after: WorklistPosition | undefined;
  for (let n = 0; n < 500; n++) {
    const page: WorklistFilter = after === undefined ? f : { ...f, after };
    const rows: WorklistRow[] = await store.worklist(page);
    got.push(...rows.slice(0, f.take - 1).map((r) => r.caseId));
    want.push(...bruteForce(model.values(), page).slice(0, f.take - 1));
    expect(rows.map((r) => r.caseId)).toEqual(bruteForce(model.values(), page));
    if (rows.length < f.take) break;
    const last = model.get(rows[f.take - 2]!.caseId)!;
    after = position(last, f.order);
  }
  return { store: got, model: want };
}

describe('the in-memory worklist index', () => {
  it('lists what a brute-force filter and sort lists, page by page, over random cases, writes, reprojections and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ caseId, machine, status, projection: fc.option(projection, { nil: undefined, freq: 10 }) }), { selector: (c) => c.caseId, minLength: 1, maxLength: 200, size: 'max' }),
        fc.array(op, { maxLength: 150, size: 'max' }),
        fc.array(fc.oneof(filter, sparseFilter), { minLength: 5, maxLength: 25, size: 'max' }),
        async (initial, ops, filters) => {
          let store = new InMemoryCaseStore();
          const model = new Map<string, ModelCase>();
          for (const c of initial) {
            await store.create(c.caseId, envelope(c.machine, c.status), c.projection ? { worklist: c.projection } : {});
            model.set(c.caseId, { ...c, version: 1, opened: c.projection?.openedAt ?? iso(BASE) });
          }
          const check = async () => {
            for (const f of filters) {
              const { store: got, model: want } = await pages(store, model, f);
              expect(got).toEqual(want);
            }
          };
          await check();
          const ids = [...model.keys()];
          for (const o of ops) {
            if (o.kind === 'reseed') {
              store = new InMemoryCaseStore(store.records());
              // A record without a projection comes without its opening time: the envelope's last update again.
              for (const [id, c] of model) if (c.projection === undefined) model.set(id, { ...c, opened: iso(BASE) });
              continue;
            }
            if (ids.length === 0) continue;
            const c = model.get(ids[o.pick % ids.length]!)!;
            if (o.kind === 'save') {
              // A save keeps the opening time the case has (the store's rule), whatever the projection says.
              const p = o.projection && { ...o.projection, openedAt: c.opened };
              await store.save(c.caseId, envelope(o.machine, o.status), { expectedVersion: c.version, ...(p ? { worklist: p } : {}) });
              model.set(c.caseId, { ...c, machine: o.machine, status: o.status, version: c.version + 1, projection: p });
            } else {
              const p = { ...o.projection, openedAt: c.opened };
              expect(await store.writeWorklist(c.caseId, c.version, p)).toBe(true);
              model.set(c.caseId, { ...c, projection: p });
              // A stale version writes nothing, and the lists do not move.
              expect(await store.writeWorklist(c.caseId, c.version + 1, { ...p, priority: 99 })).toBe(false);
            }
          }
          await check();
          // The rows come out as stored: every field of the projection, fresh copies.
          const rows = await store.worklist({ status: 'any', order: 'due', take: 500 });
          for (const r of rows) {
            const m = model.get(r.caseId)!;
            expect(r).toMatchObject({ ...m.projection, machine: m.machine, status: m.status, version: m.version });
            (r.states as string[]).push('mutated');
          }
          const again = await store.worklist({ status: 'any', order: 'due', take: 500 });
          expect(again.every((r) => !r.states.includes('mutated'))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('a rare time range, a rare due bound in the priority order and a small queue are read from their own lists (same rows as the brute force)', async () => {
    // 3,000 cases: one opened in the range, a few due before the bound, one in the quality queue unassigned.
    const store = new InMemoryCaseStore();
    const model = new Map<string, ModelCase>();
    for (let i = 0; i < 3000; i++) {
      const id = `C-${String(i).padStart(4, '0')}`;
      const p: CaseProjection = {
        assignee: i === 17 ? null : `u-${i % 7}`,
        role: i === 17 ? 'quality' : 'agent',
        nextDueAt: iso(BASE + (i % 300) * HOUR),
        priority: i % 4,
        member: i % 300 === 1,
        states: ['queued'],
        openedAt: iso(BASE - (i === 2999 ? 1000 : i % 100) * HOUR),
      };
      await store.create(id, envelope('test-task', 'active'), { worklist: p });
      model.set(id, { caseId: id, machine: 'test-task', status: 'active', version: 1, opened: p.openedAt, projection: p });
    }
    const filters: WorklistFilter[] = [
      { status: 'active', order: 'due', take: 11, from: BASE - 1000 * HOUR, to: BASE - 999 * HOUR },
      { status: 'active', order: 'priority', take: 11, from: BASE - 1000 * HOUR, to: BASE - 999 * HOUR },
      { status: 'active', order: 'priority', take: 11, overdueAt: BASE + 2 * HOUR },
      { status: 'any', order: 'priority', take: 11, dueBefore: BASE + 3 * HOUR, member: true },
      { status: 'active', order: 'due', take: 11, assignee: null, role: 'quality' },
      { status: 'active', order: 'priority', take: 3, member: true },
      { status: 'active', order: 'due', take: 11, role: 'agent', from: BASE - 5 * HOUR },
    ];
    for (const f of filters) {
      const { store: got, model: want } = await pages(store, model, f);
      expect(got).toEqual(want);
      expect(got.length, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });
});

/**
 * The same statements with the planner kept to index scans (no sequential scan, no bitmap, sorts
 * discouraged), each in a transaction of its own so the settings stay with it.
 */
function indexesOnly(db: SqlDatabase): SqlDatabase {
  return {
    ...db,
    query: (text, params) =>
      db.transaction(async (tx) => {
        for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await tx.query(`SET LOCAL ${setting} = off`);
        return tx.query(text, params);
      }),
  } as SqlDatabase;
}

describe.each(pgBackends())('the PostgreSQL worklist query ($name)', (pg) => {
  let db: SqlDatabase;
  let target: PgTarget;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, target, cleanup } = await pg.open());
    await migrateCasesTable(db, { schema: target.schema });
  }, 240_000);
  afterAll(async () => {
    await cleanup?.();
    await dropTarget(pg, target);
  });

  it('lists what a brute-force filter and sort lists, page by page, over random cases, writes, reprojections and filters — as planned, and walking the indexes', async () => {
    const store = new PostgresCaseStore(db, { schema: target.schema });
    const walked = new PostgresCaseStore(indexesOnly(db), { schema: target.schema });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ caseId, machine, status, projection: fc.option(projection, { nil: undefined, freq: 10 }) }), { selector: (c) => c.caseId, minLength: 1, maxLength: 80, size: 'max' }),
        fc.array(op, { maxLength: 40, size: 'max' }),
        fc.array(fc.oneof(filter, sparseFilter, sparseFilter), { minLength: 5, maxLength: 15, size: 'max' }),
        async (initial, ops, filters) => {
          await db.query(`TRUNCATE "${target.schema}".kefu_cases CASCADE`);
          const model = new Map<string, ModelCase>();
          for (const c of initial) {
            await store.create(c.caseId, envelope(c.machine, c.status), c.projection ? { worklist: c.projection } : {});
            model.set(c.caseId, { ...c, version: 1, opened: c.projection?.openedAt ?? iso(BASE) });
          }
          // A row written without a projection is not listed; its opening time becomes its created_at once projected.
          const created = await db.query<{ case_id: string; created_at: Date | string }>(`SELECT case_id, created_at FROM "${target.schema}".kefu_cases WHERE opened_at IS NULL`);
          for (const r of created.rows) model.set(r.case_id, { ...model.get(r.case_id)!, opened: new Date(r.created_at).toISOString() });
          const check = async () => {
            for (const f of filters) {
              for (const on of [store, walked]) {
                const { store: got, model: want } = await pages(on, model, f);
                expect(got, JSON.stringify(f)).toEqual(want);
              }
            }
          };
          await check();
          const ids = [...model.keys()];
          for (const o of ops) {
            if (o.kind === 'reseed') continue; // the in-memory store's records(): nothing to do here
            const c = model.get(ids[o.pick % ids.length]!)!;
            if (o.kind === 'save') {
              const p = o.projection && { ...o.projection, openedAt: c.opened };
              await store.save(c.caseId, envelope(o.machine, o.status), { expectedVersion: c.version, ...(p ? { worklist: p } : {}) });
              model.set(c.caseId, { ...c, machine: o.machine, status: o.status, version: c.version + 1, projection: p });
            } else if (c.projection !== undefined) {
              const p = { ...o.projection, openedAt: c.opened };
              expect(await store.writeWorklist(c.caseId, c.version, p)).toBe(true);
              model.set(c.caseId, { ...c, projection: p });
            }
          }
          await check();
        },
      ),
      { numRuns: 20 },
    );
  }, 300_000);
});
