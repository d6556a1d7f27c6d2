/**
 * Reliability scenarios shared by the in-memory and PostgreSQL runs: concurrency (no lost
 * update) and deploy (version 1 → version 2).
 */
import { expect } from 'vitest';
import { isConflictError, type CaseRuntime } from 'kefu/runtime';
import { deployV1, deployV2, plus } from './runtime-machines.js';

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ConcurrencyReport {
  readonly sent: Record<string, number>;
  readonly applied: Record<string, number>;
  /** Sends that needed more than one attempt (version conflicts met and retried). */
  readonly retried: number;
  /** Sends that gave up with ConflictError and were sent again by the worker with the same event id. */
  readonly resent: number;
}

/**
 * `workers` runtimes send `events` INC events to `cases` counter cases at random, concurrently;
 * returns what was sent to and applied on each case.
 */
export async function runConcurrency(
  runtimes: readonly CaseRuntime<never>[] | readonly CaseRuntime<undefined>[] | readonly CaseRuntime<unknown>[],
  options: { events: number; cases: number; seed?: number; prefix?: string },
): Promise<ConcurrencyReport> {
  const rts = runtimes as readonly CaseRuntime<unknown>[];
  const prefix = options.prefix ?? 'K';
  const at = '2026-12-01T01:00:00.000Z';
  const ids = Array.from({ length: options.cases }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  for (const id of ids) await rts[0]!.open(id, 'test-counter', { at }, { now: at });
  const random = prng(options.seed ?? 42);
  const plan: string[][] = rts.map(() => []);
  const sent: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (let i = 0; i < options.events; i++) {
    const id = ids[Math.floor(random() * ids.length)]!;
    sent[id]!++;
    plan[i % rts.length]!.push(id);
  }
  let retried = 0;
  let resent = 0;
  await Promise.all(
    rts.map(async (rt, w) => {
      let n = 0;
      for (const id of plan[w]!) {
        const eventId = `w${w}-e${n++}`;
        for (;;) {
          try {
            const r = await rt.send(id, { type: 'INC' }, { eventId });
            if (r.attempts > 1) retried++;
            expect(r.accepted).toBe(true);
            break;
          } catch (error) {
            if (!isConflictError(error)) throw error;
            resent++; // the host retries with the same event id: at most one effect
          }
        }
      }
    }),
  );
  const applied: Record<string, number> = {};
  for (const id of ids) {
    const view = await rts[0]!.read(id);
    applied[id] = (view!.context as { count: number }).count;
  }
  return { sent, applied, retried, resent };
}

/**
 * Deploy: a case saved under version 1 of the deploy machine (with a pending reminder) is read
 * and continued by a runtime that knows version 2. Returns the case id.
 */
export async function runDeploy(
  v1: CaseRuntime<unknown>,
  makeV2: () => Promise<CaseRuntime<unknown>>,
  options: { caseId: string; now: number },
): Promise<void> {
  const at = new Date(options.now).toISOString();
  const opened = await v1.open(options.caseId, deployV1, { at, dueAt: plus(at, 60 * 60_000) }, { now: at });
  expect(opened.record.envelope).toMatchObject({ version: 1, snapshot: { value: 'waiting' } });
  expect(opened.record.envelope.timers.map((t) => t.id)).toEqual(['xstate.after.reminder.test-deploy.waiting']);

  const v2 = await makeV2();
  const view = await v2.read(options.caseId);
  expect(view).toMatchObject({ version: 1, value: 'queued', context: { priority: 'normal', reminders: 0 } });
  expect(view!.envelope.version).toBe(2);

  const prioritized = await v2.send(options.caseId, { type: 'PRIORITIZE', priority: 'high' }, { now: plus(at, 1000) });
  expect(prioritized.status).toBe('applied');
  expect(prioritized.record.envelope).toMatchObject({ version: 2, snapshot: { value: 'queued', context: { priority: 'high' } } });
  // the renamed reminder: the old timer is cancelled and the new one scheduled, in the same save
  expect(prioritized.timers.cancel.map((t) => t.sendId)).toEqual(['xstate.after.reminder.test-deploy.waiting']);
  expect(prioritized.timers.schedule.map((t) => t.sendId)).toEqual(['xstate.after.reminder.test-deploy.queued']);

  // the reminder still fires under version 2, once
  const due = plus(at, 60 * 60_000);
  const fired = await v2.fireOverdue({ now: plus(due, 1) });
  expect(fired).toBe(1);
  expect((await v2.read(options.caseId))!.context).toMatchObject({ reminders: 1 });
  expect(await v2.fireOverdue({ now: plus(due, 2) })).toBe(0);

  const started = await v2.send(options.caseId, { type: 'START' }, { now: plus(due, 10) });
  const finished = await v2.send(options.caseId, { type: 'FINISH' }, { now: plus(due, 20) });
  expect(started.status).toBe('applied');
  expect(finished.record.envelope.snapshot.status).toBe('done');
}
