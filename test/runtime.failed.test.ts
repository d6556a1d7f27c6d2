/**
 * An event the rules allow but the machine cannot apply (an action throws): `send` refuses it
 * with reason `failed`, and so do `step` and the runtime facade — the case is unchanged and the
 * attempt is in its history. A timer whose event fails is not dropped: `stepTimer` throws
 * `MachineFailedError` and the scheduler keeps it for a retry.
 */
import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { send } from 'kefu';
import { createCaseRuntime, InMemoryCaseStore, InMemoryScheduler, initialStep, isMachineFailedError, step, stepTimer } from 'kefu/runtime';
import { manualClock, plus } from './support/runtime-machines.js';

const at = '2026-12-01T01:00:00.000Z';

/** `BREAK` throws in its action; `OK` counts; the `deadline` timer's action throws when `breakOnDeadline` is set. */
const fragile = setup({
  types: { context: {} as { n: number; breakOnDeadline: boolean }, input: {} as { breakOnDeadline?: boolean } },
  actions: {
    // An assignment runs inside XState's pure transition() (a named effect would only be handed to the host).
    explode: assign(() => {
      throw new Error('boom');
    }),
  },
  delays: { deadline: 60_000 },
}).createMachine({
  id: 'test-fragile',
  context: ({ input }) => ({ n: 0, breakOnDeadline: input?.breakOnDeadline ?? false }),
  initial: 'open',
  states: {
    open: {
      on: {
        BREAK: { actions: 'explode' },
        OK: { actions: assign({ n: ({ context }) => context.n + 1 }) },
      },
      after: {
        deadline: {
          target: 'late',
          actions: assign(({ context }) => {
            if (context.breakOnDeadline) throw new Error('deadline boom');
            return {};
          }),
        },
      },
    },
    late: {},
  },
});

describe('failed: the rules allow an event the machine cannot apply', () => {
  it('step refuses it with reason failed, exactly as send does, and the envelope is unchanged', () => {
    const opened = initialStep(fragile, {}, { now: at });
    const text = JSON.stringify(opened.envelope);
    const r = step(fragile, opened.envelope, { type: 'BREAK' }, { now: at });
    expect(r).toMatchObject({ status: 'refused', accepted: false, changed: false, effects: [], emitted: [] });
    expect(r.refusal).toMatchObject({ reason: 'failed', eventType: 'BREAK', issues: [{ path: '', message: 'Error: boom' }] });
    expect(r.timers).toEqual({ schedule: [], cancel: [] });
    expect(JSON.stringify(r.envelope)).toBe(text);
    // The same refusal as send gives on a live actor, which stays active.
    const actor = createActor(fragile, { input: {} }).start();
    expect(send(actor, { type: 'BREAK' })).toEqual(r.refusal);
    expect(actor.getSnapshot().status).toBe('active');
    // The case takes its next event.
    expect(step(fragile, r.envelope, { type: 'OK' }, { now: at })).toMatchObject({ status: 'applied', snapshot: { context: { n: 1 } } });
  });

  it('stepTimer throws MachineFailedError for a timer whose event fails: a deadline is not dropped', () => {
    const opened = initialStep(fragile, { breakOnDeadline: true }, { now: at });
    const [timer] = opened.envelope.timers;
    expect(timer).toMatchObject({ due: plus(at, 60_000) });
    const error = (() => {
      try {
        stepTimer(fragile, opened.envelope, { sendId: timer!.id }, { now: plus(at, 60_000) });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isMachineFailedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'KEFU_MACHINE_FAILED', machineId: 'test-fragile', eventType: timer!.event.type });
    // Without the failure the same timer fires.
    const fine = initialStep(fragile, {}, { now: at });
    expect(stepTimer(fragile, fine.envelope, { sendId: fine.envelope.timers[0]!.id }, { now: plus(at, 60_000) })).toMatchObject({ status: 'applied', snapshot: { value: 'late' } });
  });

  it('the runtime facade returns the refusal, saves nothing and records the attempt in the history', async () => {
    const clock = manualClock(at);
    const store = new InMemoryCaseStore();
    const scheduler = new InMemoryScheduler({ now: clock.now, autoDeliver: false });
    const runtime = createCaseRuntime({ machines: [fragile], store, scheduler, clock: clock.now });
    await runtime.open('F-1', 'test-fragile', {});
    const r = await runtime.send('F-1', { type: 'BREAK' }, { eventId: 'e-1' });
    expect(r).toMatchObject({ status: 'refused', accepted: false, refusal: { reason: 'failed' } });
    expect(r.record.version).toBe(1);
    const view = await runtime.read('F-1');
    expect(view).toMatchObject({ version: 1, status: 'active', value: 'open' });
    const { entries } = await runtime.history('F-1');
    expect(entries.at(-1)).toMatchObject({ eventId: 'e-1', eventType: 'BREAK', outcome: 'refused', refusal: { reason: 'failed', issues: [{ message: 'Error: boom' }] } });
    // A retry with the same id is the same refusal, not a second attempt.
    expect(await runtime.send('F-1', { type: 'BREAK' }, { eventId: 'e-1' })).toMatchObject({ status: 'duplicate', accepted: false, refusal: { reason: 'failed' } });
  });

  it('the runtime keeps a failing timer pending with the scheduler, and the case unchanged', async () => {
    const clock = manualClock(at);
    const errors: unknown[] = [];
    const scheduler = new InMemoryScheduler({ now: clock.now, autoDeliver: false });
    const runtime = createCaseRuntime({ machines: [fragile], scheduler, clock: clock.now, onTimerError: (e) => errors.push(e) });
    await runtime.open('F-2', 'test-fragile', { breakOnDeadline: true });
    await runtime.start();
    clock.advance(60_000);
    expect(await scheduler.deliverDue()).toBe(0);
    expect(isMachineFailedError(errors[0])).toBe(true);
    expect(scheduler.pending()).toHaveLength(1);
    expect(await runtime.read('F-2')).toMatchObject({ version: 1, value: 'open', status: 'active' });
    await runtime.stop();
  });
});
