import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complaintMachine, isValidationError } from 'kefu';
import { returnVisitMachine } from 'kefu/machines/return-visit';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { qualityAuditMachine } from 'kefu/machines/quality-audit';
import { monthlyAssessmentMachine } from 'kefu/machines/monthly-assessment';
import { customerDataMachine } from 'kefu/machines/customer-data';
import {
  createCaseRuntime,
  defineMachine,
  initialStep,
  InMemoryCaseStore,
  WORKLIST_PAGE,
  type CaseRuntime,
  type CaseStore,
  type WorklistItem,
  type WorklistQuery,
} from 'kefu/runtime';
import { createPostgresRuntime, migrateCasesTable, PostgresCaseStore, type SqlDatabase } from 'kefu/postgres';
import { form, happyPath, T } from './support/complaint.js';
import { team } from './support/mgmt.js';
import { people } from './support/principals.js';
import { baseInput as visitInput } from './support/return-visit.js';
import { dropTarget, pgBackends, type PgBackend, type PgTarget } from './support/runtime-pg.js';
import { BASE, HOUR, iso, NOW, openSeed, seedCases, task, taskMachine, type SeedCase } from './support/worklist.js';

const seed = seedCases(60);

/** Every page of a query, following `next`. */
async function all(runtime: CaseRuntime<unknown>, query: WorklistQuery): Promise<WorklistItem[]> {
  const items: WorklistItem[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await runtime.worklist({ ...query, ...(after !== undefined ? { after } : {}) });
    items.push(...page.items);
    if (page.next === undefined) return items;
    after = page.next;
  }
  throw new Error('too many pages');
}

/** The model: what a query must return, computed from the seed alone. */
function expected(query: WorklistQuery): string[] {
  const state = (c: SeedCase) => (['queued', 'working.drafting', 'working.approval', 'done'] as const)[c.progress];
  const status = (c: SeedCase) => (c.progress === 3 ? 'done' : 'active');
  const due = (c: SeedCase) => (c.progress === 3 ? null : c.dueAt);
  const role = (c: SeedCase) => (c.progress === 3 ? null : c.progress === 2 ? 'supervisor' : 'agent');
  const ms = (v: string | number | undefined) => (v === undefined ? undefined : typeof v === 'number' ? v : Date.parse(v));
  const wantStatus = query.status ?? 'active';
  return seed
    .filter((c) => wantStatus === 'any' || status(c) === wantStatus)
    .filter((c) => query.state === undefined || state(c) === query.state || state(c).startsWith(`${query.state}.`))
    .filter((c) => query.assignee === undefined || c.owner === query.assignee)
    .filter((c) => query.role === undefined || role(c) === query.role)
    .filter((c) => query.member === undefined || c.member === query.member)
    .filter((c) => query.overdueAt === undefined || (due(c) !== null && due(c)! <= ms(query.overdueAt)!))
    .filter((c) => query.dueBefore === undefined || (due(c) !== null && due(c)! < ms(query.dueBefore)!))
    .filter((c) => query.from === undefined || c.openedAt >= ms(query.from)!)
    .filter((c) => query.to === undefined || c.openedAt < ms(query.to)!)
    .sort((a, b) => {
      if (query.order === 'priority' && a.urgent !== b.urgent) return b.urgent - a.urgent;
      const da = due(a) ?? Infinity;
      const db = due(b) ?? Infinity;
      if (da !== db) return da - db;
      // Code point order (the ids are BMP only here).
      return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
    })
    .map((c) => c.caseId);
}

const queries: [string, WorklistQuery][] = [
  ['every open case', {}],
  ['every case, open or done', { status: 'any' }],
  ['every case, open or done, by priority', { status: 'any', order: 'priority' }],
  ['done cases', { status: 'done' }],
  ['by machine', { machine: 'test-task' }],
  ['by state, nested states included', { machine: 'test-task', state: 'working' }],
  ['by nested state', { machine: 'test-task', state: 'working.approval' }],
  ['by assignee', { assignee: 'u-1' }],
  ['unassigned', { assignee: null }],
  ['by role queue', { role: 'supervisor' }],
  ['overdue at NOW', { overdueAt: NOW }],
  ['due before', { dueBefore: iso(NOW + 6 * HOUR) }],
  ['members', { member: true }],
  ['non-members', { member: false }],
  ['opened in a time range', { from: iso(BASE + 10 * HOUR), to: iso(BASE + 20 * HOUR) }],
  ['my overdue member cases in the agent queue', { assignee: 'u-2', role: 'agent', member: true, overdueAt: iso(NOW), status: 'any' }],
  ['by priority, then due time', { order: 'priority' }],
  ['my cases by priority', { assignee: 'u-1', order: 'priority', status: 'any' }],
  ['a role queue by priority, due before', { role: 'agent', order: 'priority', dueBefore: iso(NOW + 6 * HOUR) }],
  ["a role's unassigned queue", { assignee: null, role: 'agent' }],
  ["a role's unassigned queue by priority", { assignee: null, role: 'agent', order: 'priority' }],
  ['nobody holds it, by priority', { assignee: null, order: 'priority' }],
  ['members by priority', { member: true, order: 'priority' }],
  ['my member cases by priority', { assignee: 'u-1', member: true, order: 'priority' }],
];

const kefuMachines = [complaintMachine, returnVisitMachine, inquiryMachine, qualityAuditMachine, monthlyAssessmentMachine, customerDataMachine];

type Backend = { name: string; make: () => Promise<{ runtime: CaseRuntime<unknown>; db?: SqlDatabase; cleanup: () => Promise<void> }> };

const memory: Backend = {
  name: 'in-memory',
  async make() {
    const runtime = createCaseRuntime({ machines: [task, ...kefuMachines], clock: () => NOW }) as CaseRuntime<unknown>;
    return { runtime, cleanup: async () => {} };
  },
};

const postgres = (backend: PgBackend): Backend => ({
  name: backend.name,
  async make() {
    const opened = await backend.open();
    const target: PgTarget = opened.target;
    await migrateCasesTable(opened.db, { schema: target.schema });
    const store = new PostgresCaseStore(opened.db, { schema: target.schema });
    const runtime = createCaseRuntime({ machines: [task, ...kefuMachines], store: store as CaseStore<unknown>, clock: () => NOW });
    return {
      runtime,
      db: opened.db,
      cleanup: async () => {
        await opened.cleanup();
        await dropTarget(backend, target);
      },
    };
  },
});

const backends: Backend[] = [memory, ...pgBackends().map(postgres)];

describe.each(backends)('worklists ($name)', (backend) => {
  let runtime: CaseRuntime<unknown>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ runtime, cleanup } = await backend.make());
    await openSeed(runtime, seed);
  }, 240_000);
  afterAll(async () => cleanup?.());

  it.each(queries)('%s: every filter holds, overdue first then by due time, the case id breaking ties; pages of 7 give the same list', async (_name, query) => {
    const want = expected(query);
    const one = await runtime.worklist({ ...query, limit: WORKLIST_PAGE.max });
    expect(one.items.map((i) => i.caseId)).toEqual(want);
    expect(one.next).toBeUndefined();
    expect((await all(runtime, { ...query, limit: 7 })).map((i) => i.caseId)).toEqual(want);
  });

  it('an item carries the projected fields, the state and whether it is overdue now', async () => {
    const page = await runtime.worklist({ assignee: 'u-1', machine: 'test-task', state: 'working.approval', limit: 500 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      const c = seed.find((s) => s.caseId === item.caseId)!;
      expect(item).toMatchObject({
        machine: 'test-task',
        status: 'active',
        value: { working: 'approval' },
        states: ['working', 'working.approval'],
        assignee: 'u-1',
        role: 'supervisor',
        member: c.member,
        priority: c.urgent,
        openedAt: iso(c.openedAt),
        version: 3, // opened, started, submitted
        nextDueAt: c.dueAt === null ? null : iso(c.dueAt),
        overdue: c.dueAt !== null && c.dueAt <= NOW,
      });
    }
  });

  it('kefu machines project their own fields: a complaint (member from the form, due at its step deadline, supervisor queue for approval)', async () => {
    await runtime.open(form.caseId, 'complaint', { form }, { now: T('09:31'), by: people.agent });
    let item = (await runtime.worklist({ machine: 'complaint' })).items[0]!;
    expect(item).toMatchObject({ caseId: form.caseId, role: 'agent', member: true, assignee: null, priority: 0, value: 'register' });
    const view = await runtime.read(form.caseId);
    expect(item.nextDueAt).toBe((view!.context as { deadlines: { register: string } }).deadlines.register);
    for (const e of happyPath.slice(0, 6)) expect((await runtime.send(form.caseId, e, { now: e.at })).status).toBe('applied');
    const approval = await runtime.worklist({ machine: 'complaint', state: 'propose', role: 'supervisor' });
    item = approval.items[0]!;
    // Held by the agent who registered it (受理), not by the handling department nor the person responsible.
    expect(item).toMatchObject({ caseId: form.caseId, states: ['propose', 'propose.awaitingApproval'], assignee: people.agent.id });
    expect((await runtime.worklist({ machine: 'complaint', assignee: people.agent.id })).items.map((i) => i.caseId)).toEqual([form.caseId]);
    expect((await runtime.worklist({ machine: 'complaint', state: 'propose.drafting' })).items).toEqual([]);
  });

  it('a return visit projects its agent, the member flag and its RV-3DAY due time (members first among equals: priority)', async () => {
    await runtime.open('V-1', 'returnVisit', visitInput, { now: visitInput.at });
    const item = (await runtime.worklist({ machine: 'returnVisit', member: true, assignee: 'A-07' })).items[0]!;
    const view = await runtime.read('V-1');
    expect(item).toMatchObject({ caseId: 'V-1', role: 'agent', member: true, priority: 1, nextDueAt: (view!.context as { dueAt: string }).dueAt });
    expect((await runtime.worklist({ machine: 'returnVisit', member: false })).items).toEqual([]);
  });

  it('the audits, an inquiry and a team\'s customer files project theirs: auditor and supervisor as assignee, each step\'s role queue, due at a promised follow-up or the earliest timer', async () => {
    const day = (hhmm: string) => `2026-12-01T${hhmm}:00+08:00`;
    await runtime.open('QA-1', 'qualityAudit', { auditId: 'QA-1', auditor: 'QA-7', at: day('09:00') }, { now: day('09:00'), by: people.quality });
    await runtime.open('PA-1', 'monthlyAssessment', { assessmentId: 'PA-1', month: '2026-11', supervisor: 'SUP-1', at: day('09:00') }, { now: day('09:00'), by: people.supervisor });
    await runtime.open('Q-1', 'inquiry', { inquiryId: 'Q-1', receivedAt: day('09:30'), channel: 'phone', record: { contact: { phone: '+86 138 0013 8000' } } }, { now: day('09:30'), by: people.agent });
    await runtime.open('TEAM-1', 'customerData', team, { now: day('08:00'), by: people.supervisor });
    expect((await runtime.worklist({ machine: 'qualityAudit' })).items[0]).toMatchObject({ caseId: 'QA-1', assignee: 'QA-7', role: 'quality', nextDueAt: null, member: null });
    expect((await runtime.worklist({ assignee: 'SUP-1', role: 'supervisor' })).items.map((i) => i.caseId)).toEqual(['PA-1']);
    await runtime.send('Q-1', { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '会员保养套餐包含哪些项目?' }, at: day('09:35') });
    await runtime.send('Q-1', { type: 'FOLLOWUP.PROMISE', by: people.agent, promisedBy: day('13:00'), at: day('10:00') });
    const inquiry = (await runtime.worklist({ machine: 'inquiry', state: 'awaitingFollowUp', role: 'agent' })).items;
    expect(inquiry).toEqual([expect.objectContaining({ caseId: 'Q-1', assignee: null, nextDueAt: new Date(day('13:00')).toISOString(), priority: 0 })]);
    const teamCase = (await runtime.worklist({ machine: 'customerData' })).items[0]!;
    const timers = (await runtime.read('TEAM-1'))!.timers; // earliest first
    expect(timers.length).toBeGreaterThan(0);
    expect(teamCase).toMatchObject({ role: 'agent', assignee: null, nextDueAt: new Date(timers[0]!.due).toISOString() });
  });

  it('a bad filter is refused with a ValidationError naming each field, and nothing is read', async () => {
    const refused = async (query: unknown) => {
      const error = await runtime.worklist(query as WorklistQuery).catch((e: unknown) => e);
      expect(isValidationError(error)).toBe(true);
      return (error as { fields: string[] }).fields;
    };
    expect(await refused({ machine: 'ticket' })).toEqual(['machine']);
    expect(await refused({ machine: 'test-task', state: 'working.nope' })).toEqual(['state']);
    expect(await refused({ state: 'working' })).toEqual(['state']);
    expect(await refused({ limit: 0 })).toEqual(['limit']);
    expect(await refused({ limit: WORKLIST_PAGE.max + 1 })).toEqual(['limit']);
    expect(await refused({ overdueAt: 'yesterday', dueBefore: '2026-13-01T00:00:00Z' })).toEqual(['overdueAt', 'dueBefore']);
    expect(await refused({ member: 'yes' })).toEqual(['member']);
    expect(await refused({ role: 'a role' })).toEqual(['role']);
    expect(await refused({ assignee: '' })).toEqual(['assignee']);
    expect(await refused({ from: iso(NOW), to: iso(BASE) })).toEqual(['to']);
    expect(await refused({ after: 'not-a-cursor' })).toEqual(['after']);
    expect(await refused({ status: 'open' })).toEqual(['status']);
    expect(await refused({ order: 'urgent' })).toEqual(['order']);
    // A cursor carries its order: the next page of a due-ordered list is not a page of the priority order.
    const byDue = await runtime.worklist({ limit: 1 });
    expect(await refused({ order: 'priority', after: byDue.next })).toEqual(['after']);
    const byPriority = await runtime.worklist({ order: 'priority', limit: 1 });
    expect(await refused({ after: byPriority.next })).toEqual(['after']);
    await expect(runtime.worklist({ order: 'priority', after: byPriority.next! })).resolves.toBeDefined();
    expect(await refused({ asignee: 'u-1' })).toEqual(['asignee']);
    // The allowed path of each: accepted.
    await expect(runtime.worklist({ machine: 'test-task', state: 'working', limit: WORKLIST_PAGE.max, member: false, role: 'agent' })).resolves.toBeDefined();
  });

  it('a cursor is opaque and stable: the next page starts right after the last item, even when equal due times straddle the page', async () => {
    const first = await runtime.worklist({ machine: 'test-task', status: 'any', limit: 3 });
    expect(first.next).toMatch(/^wl1\./);
    const second = await runtime.worklist({ machine: 'test-task', status: 'any', limit: 3, after: first.next! });
    const want = expected({ status: 'any' });
    expect([...first.items, ...second.items].map((i) => i.caseId)).toEqual(want.slice(0, 6));
  });
});

/** A database that runs `EXPLAIN <options>` of each statement before it, keeping the plans. */
function explaining(db: SqlDatabase, plans: string[], options = ''): SqlDatabase {
  return { ...db, query: async <R>(text: string, params?: readonly unknown[]) => {
    const r = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${options}${text}`, params);
    plans.push(r.rows.map((row) => row['QUERY PLAN']).join('\n'));
    return db.query<R>(text, params);
  } } as SqlDatabase;
}

describe.each(pgBackends())('worklists on PostgreSQL ($name): written in the same transaction, indexed, upgraded', (pg) => {
  let db: SqlDatabase;
  let target: PgTarget;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, target, cleanup } = await pg.open());
  }, 240_000);
  afterAll(async () => {
    await cleanup?.();
    await dropTarget(pg, target);
  });

  it('both stores give the same worklists for the same cases', async () => {
    const schema = `${target.schema}_same`;
    await migrateCasesTable(db, { schema });
    const sql = createCaseRuntime({ machines: [task], store: new PostgresCaseStore(db, { schema }) as CaseStore<unknown>, clock: () => NOW });
    const mem = createCaseRuntime({ machines: [task], store: new InMemoryCaseStore(), clock: () => NOW });
    const cases = seedCases(120);
    await openSeed(sql, cases);
    await openSeed(mem, cases);
    for (const [, query] of queries) {
      for (const limit of [5, 500]) {
        const a = await all(sql, { ...query, limit });
        const b = await all(mem as CaseRuntime<unknown>, { ...query, limit });
        expect(a).toEqual(b);
      }
    }
    if (pg.name === 'postgres') await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('a write that rolls back leaves the worklist columns as they were', async () => {
    const schema = `${target.schema}_tx`;
    await migrateCasesTable(db, { schema });
    const ticket = defineMachine(taskMachine, { worklist: (s) => ({ assignee: s.context.owner, nextDueAt: s.context.dueAt, role: 'agent' }) });
    const runtime = createCaseRuntime({ machines: [ticket], store: new PostgresCaseStore(db, { schema }) as CaseStore<unknown>, clock: () => NOW });
    await runtime.open('R-1', 'test-task', { dueAt: iso(NOW), member: false, urgent: 0, at: iso(BASE) }, { now: BASE });
    // A failing write: its `inTransaction` (where the runtime writes timers and outbox messages) throws after the UPDATE.
    const store = new PostgresCaseStore(db, { schema });
    const before = await store.load('R-1');
    await expect(
      store.save('R-1', before!.envelope, {
        expectedVersion: 1,
        worklist: { assignee: 'u-9', role: 'supervisor', nextDueAt: iso(BASE), priority: 9, member: true, states: ['done'], openedAt: iso(BASE) },
        inTransaction: async () => {
          throw new Error('rolled back');
        },
      }),
    ).rejects.toThrow('rolled back');
    const item = (await runtime.worklist({})).items.find((i) => i.caseId === 'R-1')!;
    expect(item).toMatchObject({ assignee: null, role: 'agent', nextDueAt: iso(NOW), priority: 0, states: ['queued'], version: 1 });
    // The allowed path: the same save without the failure writes the projection with the case.
    await store.save('R-1', before!.envelope, {
      expectedVersion: 1,
      worklist: { assignee: 'u-9', role: 'supervisor', nextDueAt: iso(BASE), priority: 9, member: true, states: ['queued'], openedAt: iso(NOW) },
    });
    expect((await runtime.worklist({ assignee: 'u-9' })).items[0]).toMatchObject({ caseId: 'R-1', role: 'supervisor', version: 2, openedAt: iso(BASE) });
    if (pg.name === 'postgres') await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('upgrading a database from before worklists: createPostgresRuntime adds the columns and projects the existing cases', async () => {
    const schema = `${target.schema}_up`;
    // The cases table as kefu created it before worklists, with one case in it.
    await db.query(`CREATE SCHEMA "${schema}"`);
    await db.query(`CREATE TABLE "${schema}".kefu_cases (
      case_id text PRIMARY KEY, machine text NOT NULL, machine_version integer NOT NULL, version integer NOT NULL,
      status text NOT NULL, state jsonb NOT NULL, envelope jsonb NOT NULL, next_due timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL)`);
    const old = initialStep(task, { dueAt: iso(NOW - HOUR), member: true, urgent: 2, at: iso(BASE) }, { now: BASE, caseId: 'OLD-1' });
    await db.query(
      `INSERT INTO "${schema}".kefu_cases (case_id, machine, machine_version, version, status, state, envelope, created_at, updated_at)
       VALUES ('OLD-1', 'test-task', 1, 1, 'active', '"queued"', $1::jsonb, $2, $2)`,
      [JSON.stringify(old.envelope), iso(BASE)],
    );
    const runtime = await createPostgresRuntime({ db, schema, bossSchema: `${schema}_boss`, machines: [task], clock: () => NOW });
    try {
      const page = await runtime.worklist({ overdueAt: NOW, member: true });
      expect(page.items.map((i) => i.caseId)).toEqual(['OLD-1']);
      expect(page.items[0]).toMatchObject({ nextDueAt: iso(NOW - HOUR), priority: 2, role: 'agent', states: ['queued'], openedAt: iso(BASE), overdue: true });
      expect(await runtime.projectWorklist()).toBe(0); // nothing left to project
      // The case carries on under the runtime: its next write keeps the projection current.
      await runtime.send('OLD-1', { type: 'START', owner: 'u-5', at: iso(NOW) });
      expect((await runtime.worklist({ assignee: 'u-5' })).items[0]).toMatchObject({ caseId: 'OLD-1', value: { working: 'drafting' }, openedAt: iso(BASE) });
      // During a rolling deploy a server still on the old version writes a row without projection:
      // it is not listed until a new server writes it, which keeps its opening time (created_at).
      await db.query(
        `INSERT INTO "${schema}".kefu_cases (case_id, machine, machine_version, version, status, state, envelope, created_at, updated_at)
         VALUES ('OLD-2', 'test-task', 1, 1, 'active', '"queued"', $1::jsonb, $2, $2)`,
        [JSON.stringify(initialStep(task, { dueAt: null, member: false, urgent: 0, at: iso(BASE) }, { now: BASE, caseId: 'OLD-2' }).envelope), iso(BASE)],
      );
      expect((await runtime.worklist({ status: 'any' })).items.map((i) => i.caseId)).not.toContain('OLD-2');
      await runtime.send('OLD-2', { type: 'START', owner: 'u-6', at: iso(NOW) });
      expect((await runtime.worklist({ assignee: 'u-6' })).items[0]).toMatchObject({ caseId: 'OLD-2', openedAt: iso(BASE), nextDueAt: null });
    } finally {
      await runtime.close();
    }
    if (pg.name === 'postgres') {
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      await db.query(`DROP SCHEMA "${schema}_boss" CASCADE`);
    }
  }, 120_000);

  it('the worklist query uses the indexes (EXPLAIN: no sequential scan of the cases table)', async () => {
    const schema = `${target.schema}_plan`;
    await migrateCasesTable(db, { schema });
    const store = new PostgresCaseStore(db, { schema });
    // Enough rows that the planner prefers an index; seeded with bulk SQL.
    await db.query(
      `INSERT INTO "${schema}".kefu_cases (case_id, machine, machine_version, version, status, state, envelope, updated_at, assignee, queue_role, due_at, priority, member, states, opened_at)
       SELECT 'B-' || g, 'test-task', 1, 1, CASE WHEN g % 5 = 0 THEN 'done' ELSE 'active' END, '"queued"', '{}'::jsonb, now(),
              'u-' || (g % 50), 'agent', timestamptz '2026-12-01' + (g % 997) * interval '1 minute', g % 11, g % 3 = 0, ARRAY['queued'], now()
         FROM generate_series(1, 20000) g`,
    );
    await db.query(`ANALYZE "${schema}".kefu_cases`);
    const plans: string[] = [];
    const spy = explaining(db, plans);
    const explained = new PostgresCaseStore(spy, { schema });
    const runtime = createCaseRuntime({ machines: [task], store: explained as CaseStore<unknown>, clock: () => NOW });
    const first = await runtime.worklist({ assignee: 'u-7', limit: 20 });
    await runtime.worklist({ assignee: 'u-7', limit: 20, after: first.next! });
    await runtime.worklist({ role: 'agent', overdueAt: NOW, limit: 20 });
    await runtime.worklist({ limit: 20 });
    // order: 'priority' walks its own indexes, the next page too.
    const urgent = await runtime.worklist({ order: 'priority', limit: 20 });
    await runtime.worklist({ order: 'priority', limit: 20, after: urgent.next! });
    const mineUrgent = await runtime.worklist({ assignee: 'u-7', order: 'priority', limit: 20 });
    await runtime.worklist({ assignee: 'u-7', order: 'priority', limit: 20, after: mineUrgent.next! });
    expect(plans).toHaveLength(8);
    for (const plan of plans) {
      expect(plan).toMatch(/Index/);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    // The priority order reads its own indexes in their order: no sort of the matching cases.
    for (const plan of plans.slice(4)) {
      expect(plan).toMatch(/kefu_cases_wl_(assignee_)?priority_idx/);
      expect(plan).not.toMatch(/Sort/);
    }
    expect(first.items).toHaveLength(20);
    void store;
    if (pg.name === 'postgres') await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it("a role queue (its members too) or a machine in priority order, a role's unassigned queue, nobody's cases and members read their own index in the order, status 'any' each status's (EXPLAIN over 20,000 cases: no Sort of the matching cases, no Seq Scan)", async () => {
    const schema = `${target.schema}_queue`;
    await migrateCasesTable(db, { schema });
    // Four role queues and a small fifth one (1 case in 100), one case in 50 of another machine;
    // no planner setting is changed: the planner picks the index for these rows on its own.
    await db.query(
      `INSERT INTO "${schema}".kefu_cases (case_id, machine, machine_version, version, status, state, envelope, updated_at, assignee, queue_role, due_at, priority, member, states, opened_at)
       SELECT 'Q-' || g, CASE WHEN g % 50 = 7 THEN 'complaint' ELSE 'test-task' END, 1, 1, CASE WHEN g % 5 = 0 THEN 'done' ELSE 'active' END, '"queued"', '{}'::jsonb, now(),
              CASE WHEN g % 10 = 3 THEN NULL ELSE 'u-' || (g % 50) END,
              CASE WHEN g % 100 = 1 THEN 'quality' ELSE (ARRAY['agent', 'supervisor', 'afterSales', 'agent'])[1 + g % 4] END,
              timestamptz '2026-12-01' + (g % 997) * interval '1 minute', g % 11, CASE WHEN g % 7 = 5 THEN NULL ELSE g % 3 = 0 END, ARRAY['queued'], now()
         FROM generate_series(1, 20000) g`,
    );
    await db.query(`ANALYZE "${schema}".kefu_cases`);
    const plans: string[] = [];
    const spy = explaining(db, plans);
    const runtime = createCaseRuntime({ machines: [task, complaintMachine], store: new PostgresCaseStore(spy, { schema }) as CaseStore<unknown>, clock: () => NOW });
    const pages: [RegExp, WorklistQuery][] = [
      // A role queue's members (or non-members) in priority order: one run of the role's index,
      // which has the member flag before the order — however few of the queue are members.
      [/kefu_cases_wl_role_member_priority_idx/, { role: 'quality', member: true, order: 'priority', limit: 20 }],
      [/kefu_cases_wl_role_member_priority_idx/, { role: 'supervisor', member: true, order: 'priority', limit: 20 }],
      [/kefu_cases_wl_role_member_priority_idx/, { role: 'supervisor', member: false, order: 'priority', limit: 20 }],
      [/kefu_cases_wl_machine_priority_idx/, { machine: 'complaint', order: 'priority', limit: 20 }],
      // The unassigned queue of a role: the partial indexes of the unassigned cases (WHERE assignee IS NULL).
      [/kefu_cases_wl_unassigned_idx/, { assignee: null, role: 'supervisor', limit: 20 }],
      [/kefu_cases_wl_unassigned_priority_idx/, { assignee: null, role: 'supervisor', order: 'priority', limit: 20 }],
      // Nobody's cases alone: the assignee indexes from their NULLs, in order.
      [/kefu_cases_wl_assignee_idx/, { assignee: null, limit: 20 }],
      [/kefu_cases_wl_assignee_priority_idx/, { assignee: null, order: 'priority', limit: 20 }],
      // Members: the partial indexes of the members' cases (WHERE member).
      [/kefu_cases_wl_member_idx/, { member: true, limit: 20 }],
      [/kefu_cases_wl_member_priority_idx/, { member: true, order: 'priority', dueBefore: '2026-12-01T12:00:00Z', limit: 20 }],
      // Beside an assignee, the assignee's index serves and `member` is checked on its rows, the next page too.
      [/kefu_cases_wl_assignee_priority_idx/, { assignee: 'u-7', member: true, order: 'priority', limit: 20 }],
    ];
    for (const [index, query] of pages) {
      const page = await runtime.worklist(query);
      expect(page.items).toHaveLength(20);
      // The next page walks on from the cursor in the same index.
      await runtime.worklist({ ...query, after: page.next! });
      for (const plan of plans.splice(0)) {
        expect(plan, JSON.stringify(query)).toMatch(index);
        // Only that index: no other scan of the table beside it.
        expect(plan.match(/Scan/g), plan).toHaveLength(1);
        expect(plan).not.toMatch(/Seq Scan/);
        expect(plan).not.toMatch(/\bSort\b/);
      }
    }
    // A role queue alone in priority order: the three runs of its index (members, non-members,
    // unknown), merged in the order — a Merge Append over three branches, each reading that index
    // alone (a branch the planner finds small, here the unknown members of the small queue, may be
    // read whole and sorted: at most its own rows), and no Sort of the merged rows.
    for (const query of [{ role: 'quality', order: 'priority', limit: 20 }, { role: 'supervisor', order: 'priority', limit: 20 }, { role: 'agent', order: 'priority', overdueAt: '2026-12-01T12:00:00Z', limit: 20 }] as const) {
      const page = await runtime.worklist(query);
      expect(page.items).toHaveLength(20);
      await runtime.worklist({ ...query, after: page.next! });
      for (const plan of plans.splice(0)) {
        expect(plan.split('\n')[1], plan).toMatch(/^\s*->\s*Merge Append/);
        const indexes = [...plan.matchAll(/(?:Index Scan using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1]);
        expect(indexes, plan).toEqual(['kefu_cases_wl_role_member_priority_idx', 'kefu_cases_wl_role_member_priority_idx', 'kefu_cases_wl_role_member_priority_idx']);
        expect(plan).not.toMatch(/Seq Scan/);
      }
    }
    // status 'any': status leads every index, so each status's first rows come from its own index
    // and only those are sorted — at most four pages (EXPLAIN ANALYZE: the rows under the Sort).
    const analyzed: string[] = [];
    const analyzing = explaining(db, analyzed, '(ANALYZE, TIMING OFF) ');
    const any = createCaseRuntime({ machines: [task, complaintMachine], store: new PostgresCaseStore(analyzing, { schema }) as CaseStore<unknown>, clock: () => NOW });
    for (const query of [{ status: 'any', limit: 20 }, { status: 'any', order: 'priority', limit: 20 }, { status: 'any', assignee: 'u-7', limit: 20 }] as const) {
      const page = await any.worklist(query);
      expect(page.items).toHaveLength(20);
      await any.worklist({ ...query, after: page.next! });
    }
    expect(analyzed).toHaveLength(6);
    for (const plan of analyzed) {
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index Scan using kefu_cases_wl_(due|priority|assignee)_idx/);
      const sorted = /Sort[^\n]*\n(?:.*\n)*?\s*->\s*Nested Loop[^\n]*actual rows=(\d+)/.exec(plan);
      expect(sorted, plan).not.toBeNull();
      expect(Number(sorted![1])).toBeLessThanOrEqual(4 * 21);
    }
    if (pg.name === 'postgres') await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});

describe('an in-memory store seeded from records lists what the store they came from listed', () => {
  it('new InMemoryCaseStore(store.records()) gives the same worklists; records without their projections list nothing until reproject()', async () => {
    const store = new InMemoryCaseStore();
    const first = createCaseRuntime({ machines: [task], store, clock: () => NOW });
    const cases = seedCases(40);
    await openSeed(first, cases);
    const records = store.records();
    expect(records.every((r) => r.worklist !== undefined)).toBe(true);
    const seeded = createCaseRuntime({ machines: [task], store: new InMemoryCaseStore(records), clock: () => NOW });
    for (const [, query] of queries) expect(await all(seeded as CaseRuntime<unknown>, { ...query, limit: 9 })).toEqual(await all(first as CaseRuntime<unknown>, { ...query, limit: 9 }));
    // The opening time travels with the projection: a time-range query still finds the same cases.
    expect((await seeded.worklist({ from: iso(BASE + 10 * HOUR), to: iso(BASE + 20 * HOUR), limit: 500 })).items.map((i) => i.openedAt)).toEqual(
      (await first.worklist({ from: iso(BASE + 10 * HOUR), to: iso(BASE + 20 * HOUR), limit: 500 })).items.map((i) => i.openedAt),
    );
    // A malformed projection is refused, naming the case and the field.
    const broken = { ...records[0]!, worklist: { ...records[0]!.worklist!, nextDueAt: 'tomorrow' } };
    expect(() => new InMemoryCaseStore([broken])).toThrow(`record "${records[0]!.caseId}": worklist.nextDueAt must be an ISO-8601 instant or null`);
    // Bare records (no projection, e.g. loaded from elsewhere) are not listed …
    const bare = createCaseRuntime({ machines: [task], store: new InMemoryCaseStore(records.map(({ caseId, version, envelope }) => ({ caseId, version, envelope }))), clock: () => NOW });
    expect((await bare.worklist({ status: 'any' })).items).toEqual([]);
    // … until the runtime projects them from their envelopes.
    expect(await bare.reproject({ unprojectedOnly: true })).toEqual({ scanned: 40, projected: 40, movedOn: 0, failed: [] });
    expect(await all(bare as CaseRuntime<unknown>, { status: 'any', limit: 500 })).toEqual(await all(first as CaseRuntime<unknown>, { status: 'any', limit: 500 }).then((items) => items.map((i) => ({ ...i, openedAt: expect.any(String) }))));
  });
});

describe("the in-memory store's reproject batches", () => {
  /** Code-point order, written out independently of the store's comparison. */
  const byCodePoint = (a: string, b: string) => {
    const x = Array.from(a, (c) => c.codePointAt(0)!);
    const y = Array.from(b, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  const envelope = initialStep(task, { dueAt: null, member: false, urgent: 0, at: iso(BASE) }, { now: BASE, caseId: 'P-0' }).envelope;
  const projection = { assignee: null, role: null, nextDueAt: null, priority: 0, member: null, states: ['queued'], openedAt: iso(BASE) };

  it('projectionBatch walks the case ids from the cursor: the same batches as filtering and sorting every case, cases created between batches included', async () => {
    // Ids over an alphabet where UTF-16 order and code-point order disagree (U+FFFF vs an astral character).
    const id = fc.string({ unit: fc.constantFrom('a', 'B', '0', 'é', '\uffff', '😀'), minLength: 1, maxLength: 4 });
    const create = fc.record({ ids: fc.array(id, { maxLength: 8 }), other: fc.boolean(), projected: fc.boolean() });
    const walk = fc.record({ machine: fc.constantFrom(undefined, 'test-task', 'other'), unprojectedOnly: fc.boolean(), limit: fc.integer({ min: 1, max: 5 }), between: fc.array(create, { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(create, { maxLength: 6 }), walk, async (seed, options) => {
        const store = new InMemoryCaseStore();
        const add = async (c: { ids: string[]; other: boolean; projected: boolean }) => {
          for (const caseId of c.ids) {
            await store.create(caseId, { ...envelope, machine: c.other ? 'other' : 'test-task' }, c.projected ? { worklist: projection } : {}).catch(() => undefined); // an id seen before: refused
          }
        };
        for (const c of seed) await add(c);
        let after: string | undefined;
        let round = 0;
        for (;;) {
          const query = { limit: options.limit, ...(options.machine ? { machine: options.machine } : {}), ...(options.unprojectedOnly ? { unprojectedOnly: true } : {}), ...(after !== undefined ? { after } : {}) };
          const expected = store
            .records()
            .filter((r) => (options.machine === undefined || r.envelope.machine === options.machine) && (!options.unprojectedOnly || r.worklist === undefined))
            .map((r) => r.caseId)
            .filter((caseId) => after === undefined || byCodePoint(caseId, after) > 0)
            .sort(byCodePoint)
            .slice(0, options.limit);
          const batch = await store.projectionBatch(query);
          expect(batch.map((r) => r.caseId)).toEqual(expected);
          if (batch.length < options.limit) return;
          after = batch[batch.length - 1]!.caseId;
          // Cases created while a reproject walks: those after the cursor are read in a later batch.
          const more = options.between[round++];
          if (more) await add(more);
        }
      }),
      { numRuns: 300 },
    );
  });
});

type StoreBackend = { name: string; make: () => Promise<{ store: CaseStore<unknown>; cleanup: () => Promise<void> }> };
const storeBackends: StoreBackend[] = [
  { name: 'in-memory', make: async () => ({ store: new InMemoryCaseStore() as CaseStore<unknown>, cleanup: async () => {} }) },
  ...pgBackends().map(
    (pg): StoreBackend => ({
      name: pg.name,
      async make() {
        const opened = await pg.open();
        await migrateCasesTable(opened.db, { schema: opened.target.schema });
        return {
          store: new PostgresCaseStore(opened.db, { schema: opened.target.schema }) as CaseStore<unknown>,
          cleanup: async () => {
            await opened.cleanup();
            await dropTarget(pg, opened.target);
          },
        };
      },
    }),
  ),
];

describe.each(storeBackends)('runtime.reproject ($name): a changed projection recomputed from the stored envelopes', (backend) => {
  let store: CaseStore<unknown>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.make());
  }, 240_000);
  afterAll(async () => cleanup?.());

  it('every case of the machine takes the new projection, batch after batch; a case written meanwhile keeps its writer\'s; an unknown machine is reported, not written', async () => {
    const cases = seedCases(30);
    const before = createCaseRuntime({ machines: [task, complaintMachine], store, clock: () => NOW });
    await openSeed(before, cases);
    await before.open(form.caseId, 'complaint', { form }, { now: T('09:31'), by: people.agent });
    // The projection changes: a triage queue, priorities ×10.
    const triage = defineMachine(taskMachine, { worklist: (s) => ({ assignee: s.context.owner, role: 'triage', nextDueAt: s.context.dueAt, priority: s.context.urgent * 10, member: s.context.member }) });
    let racing = true;
    // A store whose first batch is followed by another writer's event on one of its cases.
    const raced: CaseStore<unknown> = Object.assign(Object.create(store) as CaseStore<unknown>, {
      projectionBatch: async (o: Parameters<NonNullable<CaseStore<unknown>['projectionBatch']>>[0]) => {
        const batch = await store.projectionBatch!(o);
        const record = batch.find((r) => r.envelope.machine === 'test-task');
        if (racing && record) {
          racing = false;
          // Another server writes the case (its projection with it) between the read and the write.
          const theirs = { assignee: 'u-9', role: 'triage', nextDueAt: null, priority: 99, member: null, states: ['queued'], openedAt: iso(BASE) };
          await store.save(record.caseId, record.envelope, { expectedVersion: record.version, worklist: theirs });
        }
        return batch;
      },
      writeWorklist: (...args: Parameters<NonNullable<CaseStore<unknown>['writeWorklist']>>) => store.writeWorklist!(...args),
      worklist: (f: Parameters<NonNullable<CaseStore<unknown>['worklist']>>[0]) => store.worklist!(f),
    });
    const after = createCaseRuntime({ machines: [triage], store: raced, clock: () => NOW });
    expect((await after.worklist({ role: 'triage', status: 'any' })).items).toEqual([]); // the stored projection is the old one
    const report = await after.reproject({ batchSize: 7 });
    expect(report).toMatchObject({ scanned: 31, projected: 29, movedOn: 1 });
    expect(report.failed).toEqual([{ caseId: form.caseId, reason: 'unknown machine "complaint"' }]);
    const listed = await all(after as CaseRuntime<unknown>, { machine: 'test-task', status: 'any', limit: 500 });
    expect(listed).toHaveLength(30);
    for (const item of listed) {
      const c = cases.find((s) => s.caseId === item.caseId)!;
      if (item.assignee === 'u-9') continue; // the case written meanwhile: its writer's projection
      expect(item.priority).toBe(c.urgent * 10);
      // The new queue for the open cases; a done case waits in none, whatever the projection says.
      expect(item.role).toBe(c.progress === 3 ? null : 'triage');
    }
    expect(listed.filter((i) => i.role === 'triage').length).toBeGreaterThan(0);
    expect(listed.filter((i) => i.role === null).length).toBeGreaterThan(0);
    expect(listed.filter((i) => i.assignee === 'u-9')).toHaveLength(1);
    // Run again: nothing moved on, every case rewritten the same way; by machine only.
    expect(await after.reproject({ machine: 'test-task' })).toEqual({ scanned: 30, projected: 30, movedOn: 0, failed: [] });
  });

  it('bad options are refused with a ValidationError naming each, and nothing is read', async () => {
    const runtime = createCaseRuntime({ machines: [task], store, clock: () => NOW });
    const error = await runtime.reproject({ machine: 'ticket', batchSize: 0 }).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as { fields: string[] }).fields).toEqual(['machine', 'batchSize']);
    await expect(runtime.reproject({ machine: 'test-task', batchSize: 1000 })).resolves.toMatchObject({ failed: [] });
  });
});
