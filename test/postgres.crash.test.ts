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
      for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
      await dropTarget(backend, target);
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
      for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
      rmSync(logDir, { recursive: true, force: true });
      await dropTarget(backend, target);
    }
  }, 300_000);
});
