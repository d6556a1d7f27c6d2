import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dropTarget, freshPGliteDir, freshTarget, pgBackends, type PgBackend } from './support/runtime-pg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const crashWorker = fileURLToPath(new URL('./support/runtime-crash-worker.ts', import.meta.url));
const outboxWorker = fileURLToPath(new URL('./support/runtime-outbox-worker.ts', import.meta.url));
const cycleWorker = fileURLToPath(new URL('./support/runtime-cycle-worker.ts', import.meta.url));

/** Run the crash worker; resolve with the child once it printed a line starting with `marker`. */
function startWorker(env: Record<string, string>, marker: string, script = crashWorker): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(marker));
      if (line) resolve({ child, line, output: () => out });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (!out.split('\n').some((l) => l.startsWith(marker))) reject(new Error(`worker exited (${code}) before "${marker}":\n${out}\n${err}`));
    });
  });
}

/** Every child started, so a failing test leaves none running. */
const children: ChildProcess[] = [];

/** Kill what is left of the workers, remove the temp directories, drop the server's schemas. */
async function cleanUp(backend: PgBackend, target: { schema: string; bossSchema: string }, ...dirs: (string | undefined)[]): Promise<void> {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
  await dropTarget(backend, target);
}

const waitExit = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.each(pgBackends())('reliability on PostgreSQL: crash ($name)', (backend: PgBackend) => {
  it('crash: a worker killed with SIGKILL while deadlines are pending; a new worker after the due time fires each escalation exactly once', async () => {
    const target = backend.name === 'pglite' ? { schema: 'public', bossSchema: 'pgboss' } : freshTarget();
    const dir = backend.name === 'pglite' ? await freshPGliteDir() : undefined;
    const env: Record<string, string> = {
      KEFU_CRASH_SCHEMA: target.schema,
      KEFU_CRASH_BOSS_SCHEMA: target.bossSchema,
      KEFU_CRASH_CASES: '12',
      KEFU_CRASH_DUE_MS: '10000',
      ...(dir ? { KEFU_CRASH_PGLITE_DIR: dir } : { KEFU_PG_URL: backend.url! }),
    };
    try {
      const first = await startWorker({ ...env, KEFU_CRASH_MODE: 'open' }, 'READY');
      const due = first.line.split(' ')[1]!;
      expect(Date.parse(due)).toBeGreaterThan(Date.now()); // still pending when it dies
      first.child.kill('SIGKILL');
      await waitExit(first.child);
      expect(first.child.signalCode).toBe('SIGKILL');

      const wait = Date.parse(due) + 300 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));

      const second = await startWorker({ ...env, KEFU_CRASH_MODE: 'work' }, 'BEFORE');
      const [, before, startedAt] = second.line.split(' ');
      expect(Date.parse(startedAt!)).toBeGreaterThan(Date.parse(due)); // started after the due time
      expect(Object.values(JSON.parse(before!) as Record<string, number>)).toEqual(Array(12).fill(0)); // nothing fired yet
      await waitExit(second.child);
      const after = second.output().split('\n').find((l) => l.startsWith('AFTER'));
      expect(after, second.output()).toBeDefined();
      expect(Object.values(JSON.parse(after!.slice('AFTER '.length)) as Record<string, number>)).toEqual(Array(12).fill(1));
    } finally {
      await cleanUp(backend, target, dir);
    }
  }, 300_000);

  it('outbox: a worker killed with SIGKILL between commit and delivery; after restart every effect is delivered, none lost, a duplicate carries the same id', async () => {
    const target = backend.name === 'pglite' ? { schema: 'public', bossSchema: 'pgboss' } : freshTarget();
    const dir = backend.name === 'pglite' ? await freshPGliteDir() : undefined;
    const logDir = mkdtempSync(join(tmpdir(), 'kefu-outbox-'));
    const log = join(logDir, 'delivered.log');
    const cases = 6;
    const env: Record<string, string> = {
      KEFU_CRASH_SCHEMA: target.schema,
      KEFU_CRASH_BOSS_SCHEMA: target.bossSchema,
      KEFU_OUTBOX_CASES: String(cases),
      KEFU_OUTBOX_LOG: log,
      ...(dir ? { KEFU_CRASH_PGLITE_DIR: dir } : { KEFU_PG_URL: backend.url! }),
    };
    try {
      const first = await startWorker({ ...env, KEFU_OUTBOX_MODE: 'open' }, 'COMMITTED', outboxWorker);
      first.child.kill('SIGKILL');
      await waitExit(first.child);
      expect(first.child.signalCode).toBe('SIGKILL');
      const before = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      expect(before).toHaveLength(3); // two delivered and recorded, a third delivered and not recorded; the rest committed only

      const second = await startWorker({ ...env, KEFU_OUTBOX_MODE: 'work' }, 'DONE', outboxWorker);
      await waitExit(second.child);
      expect(second.line).toBe('DONE 0');

      const lines = readFileSync(log, 'utf8').trim().split('\n');
      const expected = Array.from({ length: cases }, (_, i) => [`OB-${i}@2#0 notifySupervisor`, `OB-${i}@2#1 ticket.escalated`]).flat();
      expect([...new Set(lines)].sort()).toEqual(expected.sort()); // every effect and event, under its one id
      const duplicates = lines.filter((l, i) => lines.indexOf(l) !== i);
      expect(duplicates.length).toBeGreaterThanOrEqual(1); // the one delivered as the worker died came again…
      expect(before).toContain(duplicates[0]); // …with the same id
    } finally {
      await cleanUp(backend, target, dir, logDir);
    }
  }, 300_000);

  it('cycle: a worker killed with SIGKILL mid-cycle (visits half opened, an outcome undelivered, deadlines pending); a new worker after the due time opens each visit once, fires each deadline once and archives the cycle with every member visited', async () => {
    const target = backend.name === 'pglite' ? { schema: 'public', bossSchema: 'pgboss' } : freshTarget();
    const dir = backend.name === 'pglite' ? await freshPGliteDir() : undefined;
    const logDir = mkdtempSync(join(tmpdir(), 'kefu-cycle-'));
    const log = join(logDir, 'delivered.log');
    const env: Record<string, string> = {
      KEFU_CRASH_SCHEMA: target.schema,
      KEFU_CRASH_BOSS_SCHEMA: target.bossSchema,
      KEFU_CYCLE_LOG: log,
      KEFU_CYCLE_DUE_MS: '15000',
      ...(dir ? { KEFU_CRASH_PGLITE_DIR: dir } : { KEFU_PG_URL: backend.url! }),
    };
    try {
      const first = await startWorker({ ...env, KEFU_CYCLE_MODE: 'open' }, 'HUNG', cycleWorker);
      const due = first.line.split(' ')[1]!;
      expect(Date.parse(due)).toBeGreaterThan(Date.now()); // the visits' deadlines are still pending when it dies
      first.child.kill('SIGKILL');
      await waitExit(first.child);
      expect(first.child.signalCode).toBe('SIGKILL');
      const before = readFileSync(log, 'utf8').trim().split('\n');
      // two visits opened and recorded as delivered, a third opened as the worker died; the fourth never opened
      expect(before.filter((l) => l.includes(' openVisit '))).toEqual([
        expect.stringMatching(/ openVisit applied$/),
        expect.stringMatching(/ openVisit applied$/),
        expect.stringMatching(/ openVisit applied$/),
      ]);

      const wait = Date.parse(due) + 300 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const second = await startWorker({ ...env, KEFU_CYCLE_MODE: 'work' }, 'AFTER', cycleWorker);
      await waitExit(second.child);
      const after = JSON.parse(second.line.slice('AFTER '.length)) as {
        startedAt: string;
        before: (number | null)[];
        archive: string;
        state: string;
        settled: string[];
        members: { total: number; visited: number; missing: string[] };
        outcomes: string[];
        visits: Record<string, { opens: number; escalations: number; outcome: string; overdue: boolean }>;
      };
      expect(Date.parse(after.startedAt)).toBeGreaterThan(Date.parse(due)); // started after the due time
      expect(after.before).toEqual([0, 0, 0, null]); // nothing had fired; the fourth visit did not exist
      // each visit case opened once; each deadline of a visit not made in time fired once
      expect(after.visits).toEqual({
        'C:K0': { opens: 1, escalations: 0, outcome: 'recorded', overdue: false },
        'C:K1': { opens: 1, escalations: 1, outcome: 'recorded', overdue: true },
        'C:K2': { opens: 1, escalations: 1, outcome: 'recorded', overdue: true },
        'C:K3': { opens: 1, escalations: 1, outcome: 'recorded', overdue: true },
      });
      expect(after.outcomes).toEqual(['applied', 'applied', 'applied', 'applied']); // each outcome counted once
      expect(after.settled.sort()).toEqual(['K0:settled:recorded:false', 'K1:settled:recorded:true', 'K2:settled:recorded:true', 'K3:settled:recorded:true']);
      expect(after.members).toEqual({ total: 2, visited: 2, missing: [] });
      expect([after.archive, after.state]).toEqual(['applied', 'archived']);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      const opens = lines.filter((l) => l.includes(' openVisit ')).map((l) => l.split(' '));
      // Four open requests, each applied once under its id; what the dead worker had delivered came again as a duplicate.
      expect(new Set(opens.map(([id]) => id)).size).toBe(4);
      expect(opens.filter(([, , status]) => status === 'applied')).toHaveLength(4);
      const hung = opens[2]![0]!;
      expect(opens.filter(([id]) => id === hung).map(([, , status]) => status)).toEqual(['applied', 'duplicate']);
      expect(opens.filter(([, , status]) => status !== 'applied').every(([, , status]) => status === 'duplicate')).toBe(true);
      const ends = lines.filter((l) => l.includes(' returnVisit.ended ')).map((l) => l.split(' '));
      expect(new Set(ends.map(([id]) => id)).size).toBe(4);
      expect(ends.filter(([, , status]) => status === 'applied')).toHaveLength(4);
    } finally {
      await cleanUp(backend, target, dir, logDir);
    }
  }, 300_000);
});
