/**
 * A worker process for the return-visit cycle crash test (run with `node --import tsx`): a cycle
 * with `visitsAs: 'cases'` on PostgreSQL, its visits opened and reported through the outbox by
 * `deliverChildCases`. Every delivery is appended to `KEFU_CYCLE_LOG` as
 * `<message id> <type> <status of the runtime call>`.
 *
 * - `KEFU_CYCLE_MODE=open`: open cycle C for four customers (K0 and K2 members) whose services
 *   ended so that each visit's RV-3DAY deadline falls `KEFU_CYCLE_DUE_MS` from now; assign them.
 *   The outbox opens two visits, opens the third and hangs (opened, never recorded as delivered);
 *   the fourth is not opened. Visit K0 is made and recorded (its end is committed, not delivered).
 *   Then print `HUNG <due time>` and keep running: the test SIGKILLs it mid-cycle.
 * - `KEFU_CYCLE_MODE=work` (after the due time): start; wait until every visit is open and every
 *   visit not made is escalated as overdue; make them; write the report, archive the cycle; print
 *   `AFTER <json>` with what each case went through, and exit.
 *
 * The database: PGlite persisted in `KEFU_CRASH_PGLITE_DIR`, or the server at `KEFU_PG_URL`.
 */
import { appendFileSync } from 'node:fs';
import { definePolicy } from 'kefu';
import { deliverChildCases, type CaseResult } from 'kefu/runtime';
import { crashWorkerRuntime } from './crash-runtime.js';
import { returnVisitMachine, type ReturnVisitContext } from 'kefu/machines/return-visit';
import { cycleVisitCases, cycleVisitId, returnVisitCycleMachine, type ArchiveRow, type ReturnVisitCycleContext } from 'kefu/machines/return-visit-cycle';
import { satisfiedVisit } from './return-visit-cycle.js';
import { people } from './principals.js';

const env = process.env;
const mode = env.KEFU_CYCLE_MODE;
const log = env.KEFU_CYCLE_LOG!;
const customers = ['K0', 'K1', 'K2', 'K3'];
const visitIds = customers.map((id) => cycleVisitId('C', id));
// The worker runs on the wall clock: no rest hours, so a visit may be made whenever the test runs.
const policy = definePolicy({ returnVisit: { quietHours: [] } });

let opened = 0;
let children: ReturnType<typeof deliverChildCases> = async () => undefined;
const { db, runtime } = await crashWorkerRuntime([returnVisitCycleMachine, returnVisitMachine], async (m) => {
  const result: CaseResult | undefined = await children(m);
  appendFileSync(log, `${m.id} ${m.type} ${result?.status ?? '-'}\n`);
  if (mode === 'open' && m.type === 'openVisit' && ++opened >= 3) await new Promise(() => {}); // opened, never recorded as delivered
});
children = deliverChildCases(runtime, [cycleVisitCases]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, done: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const visitContext = async (id: string) => (await runtime.read(id))?.context as ReturnVisitContext | undefined;
/** Make a visit: a satisfied call, recorded. */
async function makeVisit(id: string): Promise<void> {
  for (const body of satisfiedVisit) {
    const r = await runtime.send(id, { ...body });
    if (r.status !== 'applied') throw new Error(`${id} ${body.type}: ${r.status} ${JSON.stringify(r.refusal)}`);
  }
}

if (mode === 'open') {
  const dueMs = Number(env.KEFU_CYCLE_DUE_MS ?? '15000');
  const now = Date.now();
  const completedAt = new Date(now - 3 * 86_400_000 + dueMs).toISOString();
  const archive: ArchiveRow[] = customers.map((id, i) => ({
    customer: { id, name: `测试客户${i}`, phone: `+86 139 0000 000${i}`, member: i % 2 === 0, timeZone: 'Asia/Shanghai' },
    service: { item: '常规保养', completedAt },
  }));
  const cycle = runtime.case(returnVisitCycleMachine, 'C');
  await cycle.open({ cycleId: 'C', at: new Date(now).toISOString(), visitsAs: 'cases', policy });
  const criteria = { occasion: 'after-service' as const, from: new Date(now - 4 * 86_400_000).toISOString(), to: new Date(now).toISOString(), method: 'phone' as const };
  await cycle.send({ type: 'CUSTOMERS.SELECT', criteria, archive }, { by: people.agent });
  const assigned = await cycle.send({ type: 'AGENTS.ASSIGN', agentIds: ['A-01', 'A-02'] }, { by: people.supervisor });
  if (assigned.status !== 'applied') throw new Error(`assign: ${assigned.status}`);
  await runtime.start();
  await until('three visits opened', async () => (await Promise.all(visitIds.map((id) => runtime.read(id)))).filter(Boolean).length === 3);
  await makeVisit(visitIds[0]!);
  const due = (await visitContext(visitIds[1]!))!.dueAt;
  process.stdout.write(`HUNG ${due}\n`);
  setInterval(() => {}, 60_000); // keep running until killed
} else if (mode === 'work') {
  const startedAt = new Date().toISOString();
  const before = await Promise.all(visitIds.map(async (id) => (await visitContext(id))?.escalations.length ?? null));
  await runtime.start();
  await until('every visit open, and each not made escalated', async () => {
    const contexts = await Promise.all(visitIds.map(visitContext));
    return contexts.every((c) => c && (c.outcome === 'recorded' || c.overdue));
  });
  for (const id of visitIds.slice(1)) await makeVisit(id);
  await until('every outcome recorded by the cycle', async () => (await runtime.read('C'))?.value === 'analysing');
  const cycle = runtime.case(returnVisitCycleMachine, 'C');
  await cycle.send({ type: 'REPORT.WRITE', author: '主管张三' }, { by: people.supervisor });
  const archived = await cycle.send({ type: 'CYCLE.ARCHIVE' }, { by: people.supervisor });
  await until('the outbox emptied', async () => (await runtime.outbox!.list()).length === 0);
  const visits: Record<string, { opens: number; escalations: number; outcome: string | undefined; overdue: boolean }> = {};
  for (const id of visitIds) {
    const c = (await visitContext(id))!;
    const history = await runtime.history(id, { limit: 1000 });
    visits[id] = { opens: history.entries.filter((e) => e.eventType === 'kefu.open').length, escalations: c.escalations.length, outcome: c.outcome, overdue: c.overdue };
  }
  const view = (await runtime.read('C'))!;
  const ctx = view.context as ReturnVisitCycleContext;
  const outcomes = (await runtime.history('C', { limit: 1000 })).entries.filter((e) => e.eventType === 'VISIT.OUTCOME').map((e) => e.outcome);
  await runtime.close();
  const after = {
    startedAt,
    before,
    archive: archived.status,
    state: view.value,
    settled: ctx.visits.map((v) => `${v.customerId}:${v.status}:${v.outcome}:${v.overdue}`),
    members: ctx.report?.members,
    outcomes,
    visits,
  };
  process.stdout.write(`AFTER ${JSON.stringify(after)}\n`);
  await db.close();
  process.exit(0);
} else {
  throw new Error(`unknown KEFU_CYCLE_MODE ${String(mode)}`);
}
