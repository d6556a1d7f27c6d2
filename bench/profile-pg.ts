/**
 * Profile one worker of the PostgreSQL path (not part of `npm run bench`; issue #11): a PostgreSQL
 * runtime on a fresh schema at KEFU_PG_URL (one connection), PROFILE_WARM complaint cases to warm up
 * (default 20), then PROFILE_CASES measured ones (default 60) through the bench's event path. Prints
 * Node CPU per event (`process.cpuUsage()`, every thread), CPU per event of each thread of this
 * process and of the server backend of its connection (from /proc: Linux, server on this machine),
 * and events/s. PROFILE_OUT=file.cpuprofile writes a V8 CPU profile of the measured cases only.
 * PROFILE_MODE: `boss` (timers as pg-boss jobs, default) or `next-due` (timers on the cases table).
 * PROFILE_CACHE_SIZE: the store's `cacheSize` (`0`: nothing remembered, every event reads its case first).
 *
 *   KEFU_PG_URL=… node --import tsx bench/profile-pg.ts
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, type CaseRuntime } from 'kefu/runtime';
import { connectPostgres, createPostgresRuntime, PostgresCaseStore, quoteIdent, type SqlClient } from 'kefu/postgres';
import { complaintInput, complaintPath } from './complaint-path.js';
import { NextDueScheduler } from './next-due-scheduler.js';

const url = process.env.KEFU_PG_URL!;
const mode = process.env.PROFILE_MODE ?? 'boss';
const warm = Number(process.env.PROFILE_WARM ?? 20);
const measured = Number(process.env.PROFILE_CASES ?? 60);
const now = Date.parse('2026-12-05T00:00:00Z');
const schema = `kefu_prof_${randomBytes(3).toString('hex')}`;
const cache = process.env.PROFILE_CACHE_SIZE === undefined ? {} : { cacheSize: Number(process.env.PROFILE_CACHE_SIZE) };
const db = await connectPostgres(url, { max: 1 });
const boss = await createPostgresRuntime({ db, machines: [complaintMachine], clock: () => now, schema, bossSchema: `${schema}_boss`, supervise: false, ...cache });
const runtime: CaseRuntime<SqlClient> =
  mode === 'boss' ? boss : createCaseRuntime<SqlClient>({ machines: [complaintMachine], store: new PostgresCaseStore(db, { schema, ...cache }), scheduler: new NextDueScheduler(), clock: () => now });

async function cases(from: number, n: number): Promise<number> {
  let events = 0;
  for (let i = from; i < from + n; i++) {
    await runtime.open(`P-${i}`, 'complaint', complaintInput(i));
    events++;
    for (const event of complaintPath) {
      const r = await runtime.send(`P-${i}`, event);
      if (r.status !== 'applied') throw new Error(`P-${i} ${event.type}: ${r.status}`);
      events++;
    }
  }
  return events;
}

/** CPU ticks (user + system) of each thread of this process, by thread name (Linux only). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(`${name}#${tid}`, Number(f[11]) + Number(f[12]));
  }
  return out;
}

/** CPU ticks of a process (the server backend of the pool's one connection). */
const procTicks = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
};

try {
  await cases(0, warm);
  const backend = Number((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
  const serverTicks = procTicks(backend);
  const ticks = threadTicks();
  // PROFILE_OUT: a .cpuprofile of the measured cases only.
  const session = process.env.PROFILE_OUT ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const events = await cases(warm, measured);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t0;
  const byThread = [...threadTicks()].map(([k, v]) => [k.replace(/#\d+$/, ''), ((v - (ticks.get(k) ?? 0)) * 10) / events] as const).filter(([, v]) => v > 0);
  console.log(`server backend: ${(((procTicks(backend) - serverTicks) * 10) / events).toFixed(3)} ms CPU/event`);
  console.log('ms/event by thread:', byThread.map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', '));
  if (session) writeFileSync(process.env.PROFILE_OUT!, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(`${mode}: ${events} events, ${((used.user + used.system) / 1000 / events).toFixed(3)} ms Node CPU/event (user ${(used.user / 1000 / events).toFixed(3)}), ${(events / (ms / 1000)).toFixed(0)} events/s`);
} finally {
  await boss.close();
  await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(`${schema}_boss`)} CASCADE`);
  await db.close();
}
