import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dropTarget, freshPGliteDir, freshTarget, pgBackends, type PgBackend } from './support/runtime-pg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const crashWorker = fileURLToPath(new URL('./support/runtime-crash-worker.ts', import.meta.url));

/** Run the crash worker; resolve with the child once it printed a line starting with `marker`. */
function startWorker(env: Record<string, string>, marker: string): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', crashWorker], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
});
