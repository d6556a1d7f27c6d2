/**
 * The return-visit cycle under the runtime (`visitsAs: 'cases'`): each visit is a case of its
 * own, opened from the cycle's `openVisit` effect and reporting its end to the cycle as
 * `VISIT.OUTCOME`, both through the outbox (`deliverChildCases` with `cycleVisitCases`). The same
 * on the in-memory default, PGlite and (with KEFU_PG_URL) a PostgreSQL server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCaseRuntime,
  deliverChildCases,
  InMemoryScheduler,
  isChildActorsError,
  OUTBOX_PRINCIPAL,
  type CaseRuntime,
  type OutboxMessage,
  type OutboxOptions,
} from 'kefu/runtime';
import type { SqlClient } from 'kefu/postgres';
import { returnVisitMachine, type ReturnVisitContext, type ReturnVisitOutput } from 'kefu/machines/return-visit';
import {
  cycleVisitCases,
  cycleVisitId,
  returnVisitCycleMachine,
  type OpenVisitParams,
  type ReturnVisitCycleContext,
} from 'kefu/machines/return-visit-cycle';
import { manualClock } from './support/runtime-machines.js';
import { openPostgresRuntime, pgBackends, type PgBackend } from './support/runtime-pg.js';
import { RANGE, row, satisfiedVisit } from './support/return-visit-cycle.js';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const criteria = { occasion: 'after-service' as const, ...RANGE, method: 'phone' as const };
// K0000 and K0005 are members, K0001 is not.
const archive = [row(0, `2026-12-01T10:00:00+08:00`), row(1, `2026-12-01T11:00:00+08:00`), row(5, `2026-12-01T12:00:00+08:00`)];
const machines = [returnVisitCycleMachine, returnVisitMachine];

type Clock = ReturnType<typeof manualClock>;
type Make = (clock: Clock, outbox: OutboxOptions<never>) => Promise<CaseRuntime<never>>;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
}, 300_000);

const inMemory: Make = async (clock, outbox) =>
  createCaseRuntime({
    machines,
    clock: clock.now,
    scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }),
    outbox: outbox as OutboxOptions<undefined>,
  }) as unknown as CaseRuntime<never>;

function onPostgres(backend: PgBackend): Make {
  return async (clock, outbox) =>
    (await openPostgresRuntime(backend, { machines, clock: clock.now, outbox: outbox as OutboxOptions<SqlClient> }, cleanups)).runtime as unknown as CaseRuntime<never>;
}

const backends: [string, Make][] = [['memory', inMemory], ...pgBackends().map((b): [string, Make] => [b.name, onPostgres(b)])];

/** A runtime whose outbox opens the visit cases and reports their ends; every message delivered is kept. */
async function setUp(make: Make) {
  const clock = manualClock(T('18:00'));
  const seen: OutboxMessage[] = [];
  let children: ReturnType<typeof deliverChildCases> = async () => undefined;
  const runtime = await make(clock, {
    deliver: async (m) => {
      seen.push(m);
      await children(m);
    },
  });
  children = deliverChildCases(runtime, [cycleVisitCases]);
  return { clock, runtime, seen, children };
}

/** Open cycle C with its visits as cases, select the three customers and assign them to two agents. */
async function openCycle(runtime: CaseRuntime<never>, clock: Clock) {
  const cycle = runtime.case(returnVisitCycleMachine, 'C');
  await cycle.open({ cycleId: 'C', at: T('18:00'), visitsAs: 'cases' });
  expect((await cycle.send({ type: 'CUSTOMERS.SELECT', criteria, archive }, { by: people.agent })).status).toBe('applied');
  clock.set(T('18:05'));
  const assigned = await cycle.send({ type: 'AGENTS.ASSIGN', agentIds: ['A-01', 'A-02'] }, { by: people.supervisor });
  expect(assigned.status).toBe('applied');
  return { cycle, assigned };
}

/** Drive a visit case through a satisfied call, 20 s between events, from `start`. */
async function visit(runtime: CaseRuntime<never>, clock: Clock, visitId: string, start: string) {
  let ms = Date.parse(start);
  for (const body of satisfiedVisit) {
    clock.set(ms);
    const r = await runtime.send(visitId, { ...body }, {});
    expect(r.status, `${visitId} ${body.type}`).toBe('applied');
    ms += 20_000;
  }
}

const contextOf = async (runtime: CaseRuntime<never>, id: string) => (await runtime.read(id))!.context as ReturnVisitCycleContext;

describe.each(backends)('the return-visit cycle with each visit a case of its own (%s)', (_name, make) => {
  it('RV-CYCLE: the cycle opens one visit case per customer, records each outcome through the runtime and archives; the visit deadline fires from the store', async () => {
    const { clock, runtime, seen } = await setUp(make);
    const { assigned } = await openCycle(runtime, clock);
    // The assignment commits one openVisit effect per visit, with the cycle, in one transaction.
    const opens = assigned.outbox.filter((m) => m.type === 'openVisit');
    expect(opens.map((m) => (m.payload as OpenVisitParams).visitId)).toEqual(['C:K0000', 'C:K0005', 'C:K0001']);
    expect(assigned.snapshot.children).toEqual({});
    await runtime.outbox!.deliverDue();
    for (const id of ['K0000', 'K0001', 'K0005']) {
      const v = (await runtime.read(cycleVisitId('C', id)))!;
      expect(v.machine).toBe('returnVisit');
      expect((v.context as ReturnVisitContext).cycleId).toBe('C');
      // each visit case keeps its own RV-3DAY deadline in the store
      expect(v.timers.map((t) => t.event.type)).toEqual(['xstate.after.visitDeadline.returnVisit.pending.deadline.onTime']);
    }

    await visit(runtime, clock, 'C:K0000', T('10:00', '2026-12-02'));
    await visit(runtime, clock, 'C:K0005', T('10:10', '2026-12-02'));
    await runtime.outbox!.deliverDue();
    let ctx = await contextOf(runtime, 'C');
    expect(ctx.visits.map((v) => [v.customerId, v.status, v.outcome])).toEqual([
      ['K0000', 'settled', 'recorded'],
      ['K0005', 'settled', 'recorded'],
      ['K0001', 'open', undefined],
    ]);
    expect((await runtime.read('C'))!.value).toBe('contacting');
    // The worklist: the cycle is due at the RV-3DAY time of its one open visit, no member's visit is open
    // (priority 0); the visit case is listed under its own agent.
    const open = ctx.visits.find((v) => v.customerId === 'K0001')!;
    expect((await runtime.worklist({ machine: 'returnVisitCycle' })).items).toEqual([
      expect.objectContaining({ caseId: 'C', role: 'agent', assignee: null, nextDueAt: new Date(open.dueAt).toISOString(), priority: 0, member: true }),
    ]);
    expect((await runtime.worklist({ machine: 'returnVisit', assignee: open.agentId })).items.map((i) => i.caseId)).toContain('C:K0001');

    // K0001 is not called in time: its deadline fires from the store (RV-3DAY) and escalates.
    clock.set(T('12:00', '2026-12-04'));
    expect(await runtime.fireOverdue()).toBe(1);
    expect((await runtime.read('C:K0001'))!.context).toMatchObject({ overdue: true });
    await visit(runtime, clock, 'C:K0001', T('14:30', '2026-12-04'));
    await runtime.outbox!.deliverDue();
    expect((await runtime.read('C'))!.value).toBe('analysing');
    ctx = await contextOf(runtime, 'C');
    expect(ctx.analysis).toMatchObject({ visits: 3, byOutcome: { recorded: 3, open: 0 }, members: { total: 2, visited: 2, missing: [] }, overdue: { count: 1, visitIds: ['C:K0001'] } });

    const cycle = runtime.case(returnVisitCycleMachine, 'C');
    clock.set(T('09:00', '2026-12-05'));
    await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
    expect((await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor })).status).toBe('applied');
    expect((await cycle.read())!.value).toBe('archived');
    expect((await runtime.worklist({ machine: 'returnVisitCycle' })).items).toEqual([]);
    expect((await runtime.worklist({ machine: 'returnVisitCycle', status: 'done' })).items).toEqual([expect.objectContaining({ caseId: 'C', role: null, nextDueAt: null })]);
    await runtime.outbox!.deliverDue();
    // Every effect and event was delivered: nothing waits, nothing is dead.
    expect(await runtime.outbox!.list()).toEqual([]);
    expect(seen.filter((m) => m.type === 'returnVisit.ended')).toHaveLength(3);
  });

  it('RV-MEMBER-100: archiving is refused while a member\'s visit case is open, and allowed once its outcome arrives', async () => {
    const { clock, runtime } = await setUp(make);
    const { cycle } = await openCycle(runtime, clock);
    await runtime.outbox!.deliverDue();
    await visit(runtime, clock, 'C:K0000', T('10:00', '2026-12-02'));
    await visit(runtime, clock, 'C:K0001', T('10:10', '2026-12-02'));
    await runtime.outbox!.deliverDue();
    clock.set(T('18:00', '2026-12-02'));
    await cycle.send({ type: 'CONTACT.CLOSE' }, { by: people.supervisor });
    await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
    const refused = await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor });
    expect(refused.status).toBe('refused');
    expect(refused.violations).toMatchObject([{ rule: 'RV-MEMBER-100', details: { members: ['K0005'] } }]);
    expect((await cycle.read())!.value).toBe('reported');

    // The member is visited after all: the late outcome reopens the analysis, the report is written again.
    await visit(runtime, clock, 'C:K0005', T('10:00', '2026-12-03'));
    await runtime.outbox!.deliverDue();
    expect((await cycle.read())!.value).toBe('analysing');
    clock.set(T('18:00', '2026-12-03'));
    await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
    const archived = await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor });
    expect(archived.status).toBe('applied');
    expect((await cycle.read())!.context.report).toMatchObject({ members: { total: 2, visited: 2, missing: [] }, byOutcome: { recorded: 3 } });
  });

  it('RV-MEMBER-100: a member\'s visit case that cannot be opened (its id taken) fails in the cycle; archiving is refused until the reissued visit is made', async () => {
    const { clock, runtime } = await setUp(make);
    // Another case already holds the id the member's visit would get.
    await runtime.open('C:K0005', returnVisitCycleMachine, { cycleId: 'other', at: T('17:00') });
    const { cycle } = await openCycle(runtime, clock);
    await runtime.outbox!.deliverDue();
    expect((await runtime.read('C:K0005'))!.machine).toBe('returnVisitCycle'); // left as it was
    expect((await cycle.read())!.context.visits.map((v) => [v.customerId, v.status])).toEqual([['K0000', 'open'], ['K0005', 'failed'], ['K0001', 'open']]);
    expect((await runtime.history('C')).entries.find((e) => e.eventType === 'VISIT.FAILED')).toMatchObject({ outcome: 'applied', event: { reason: 'KEFU_CASE_EXISTS' } });
    expect(await runtime.outbox!.list({ status: 'dead' })).toEqual([]);

    await visit(runtime, clock, 'C:K0000', T('10:00', '2026-12-02'));
    await visit(runtime, clock, 'C:K0001', T('10:10', '2026-12-02'));
    await runtime.outbox!.deliverDue();
    expect((await cycle.read())!.value).toBe('analysing');
    clock.set(T('18:00', '2026-12-02'));
    await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
    const refused = await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor });
    expect(refused.violations).toMatchObject([{ rule: 'RV-MEMBER-100', details: { members: ['K0005'] } }]);

    // The supervisor reissues the member's visit: a new visit case, made, and the cycle archives.
    const reissued = await cycle.send({ type: 'VISIT.REISSUE', customerId: 'K0005', row: archive[2]! }, { by: people.supervisor });
    expect(reissued.outbox.map((m) => [m.type, (m.payload as OpenVisitParams).visitId])).toEqual([['openVisit', 'C:K0005:2']]);
    await runtime.outbox!.deliverDue();
    await visit(runtime, clock, 'C:K0005:2', T('10:00', '2026-12-03'));
    await runtime.outbox!.deliverDue();
    clock.set(T('18:00', '2026-12-03'));
    await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
    expect((await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor })).status).toBe('applied');
    expect((await cycle.read())!.context.report).toMatchObject({ members: { total: 2, visited: 2, missing: [] } });
  });

  it('RV-CYCLE: a redelivered open or outcome is a duplicate and counts nothing twice; an outcome under a new id for a recorded visit is refused', async () => {
    const { clock, runtime, seen, children } = await setUp(make);
    await openCycle(runtime, clock);
    await runtime.outbox!.deliverDue();
    const open = seen.find((m) => m.type === 'openVisit')!;
    const again = await children(open); // a worker died after opening, before recording the delivery
    expect(again!.status).toBe('duplicate');
    expect((await runtime.read(again!.caseId))!.version).toBe(1);

    await visit(runtime, clock, 'C:K0000', T('10:00', '2026-12-02'));
    await runtime.outbox!.deliverDue();
    const ended = seen.find((m) => m.type === 'returnVisit.ended')!;
    const before = (await runtime.read('C'))!;
    const twice = await children(ended);
    expect(twice!.status).toBe('duplicate');
    expect((await runtime.read('C'))!.version).toBe(before.version);

    // The same outcome sent again by hand under another id: refused, recorded once.
    const output = (await runtime.read('C:K0000'))!.snapshot.output as ReturnVisitOutput;
    const forged = await runtime.send('C', { type: 'VISIT.OUTCOME', output }, { by: OUTBOX_PRINCIPAL, eventId: 'by-hand-1' });
    expect(forged.status).toBe('refused');
    expect(forged.violations).toMatchObject([{ rule: 'RV-CYCLE', details: { visitId: 'C:K0000', status: 'settled' } }]);
    const ctx = await contextOf(runtime, 'C');
    expect(ctx.visits.filter((v) => v.status === 'settled')).toHaveLength(1);
    expect((await runtime.history('C')).entries.filter((e) => e.eventType === 'VISIT.OUTCOME').map((e) => e.outcome)).toEqual(['applied', 'refused']);
  });
});

describe('the return-visit cycle under the runtime: what is refused', () => {
  it('ROLE-PERMIT: a visit outcome is the system\'s to deliver; an agent\'s is refused', async () => {
    const { clock, runtime } = await setUp(inMemory);
    await openCycle(runtime, clock);
    await runtime.outbox!.deliverDue();
    await visit(runtime, clock, 'C:K0000', T('10:00', '2026-12-02'));
    const output = (await runtime.read('C:K0000'))!.snapshot.output as ReturnVisitOutput;
    const byAgent = await runtime.send('C', { type: 'VISIT.OUTCOME', output }, { by: people.agent });
    expect(byAgent.violations.map((v) => v.rule)).toEqual(['ROLE-PERMIT']);
    const bySystem = await runtime.send('C', { type: 'VISIT.OUTCOME', output }, { by: people.system });
    expect(bySystem.status).toBe('applied');
  });

  it('RV-CYCLE: a cycle that spawns its visits as actors is refused by the stateless runtime at assignment, and takes no VISIT.OUTCOME', async () => {
    const clock = manualClock(T('18:00'));
    const runtime = createCaseRuntime({ machines, clock: clock.now, scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }) });
    const cycle = runtime.case(returnVisitCycleMachine, 'L');
    await cycle.open({ cycleId: 'L', at: T('18:00') });
    await cycle.send({ type: 'CUSTOMERS.SELECT', criteria, archive }, { by: people.agent });
    const output = { visitId: 'L:K0000', customerId: 'K0000', member: true, agentId: 'A-01', occasion: 'after-service', method: 'phone', outcome: 'recorded', tooLong: false, overdue: false, attempts: 1, dueAt: T('10:00', '2026-12-04'), endedAt: T('18:01') } as const;
    const outcome = await cycle.send({ type: 'VISIT.OUTCOME', output }, { by: people.system });
    expect(outcome.violations).toMatchObject([{ rule: 'RV-CYCLE', details: { visitId: 'L:K0000' } }]);
    expect(outcome.violations[0]!.message.en).toContain('this cycle runs its visits as child actors');
    clock.set(T('18:05'));
    const error = await cycle.send({ type: 'AGENTS.ASSIGN', agentIds: ['A-01'] }, { by: people.supervisor }).catch((e: unknown) => e);
    expect(isChildActorsError(error)).toBe(true);
    expect((await cycle.read())!.value).toBe('assigning'); // nothing saved
  });
});
