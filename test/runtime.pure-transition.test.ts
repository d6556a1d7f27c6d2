/**
 * The runtime's `pureTransition` (src/runtime/pure-transition.ts) stands in for XState's pure
 * `transition()` and leans on how xstate 5.33 implements it. These tests fail when XState changes
 * that: they compare the two on every kefu machine's walk, on refused and unknown events, on a
 * machine that throws and one that spawns, and pin what the stand-in saves.
 */
import { describe, expect, it, vi } from 'vitest';
import { assign, createMachine, fromPromise, setup, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { complaintMachine } from 'kefu';
import { initialStep, restore, step, stepTimer } from 'kefu/runtime';
import { pureTransition, sharingTransitionData } from '../src/runtime/pure-transition.js';
import { trustCases } from './support/trust-cases.js';

const now = Date.parse('2026-12-05T00:00:00Z');

/** What a transition gives a step: the persisted next snapshot, its status/error, and the actions' types and params. */
function outcomeOf(run: () => [AnyMachineSnapshot, readonly { type: string; params?: unknown }[]], machine: AnyStateMachine) {
  try {
    const [next, actions] = run();
    return {
      status: next.status,
      error: next.status === 'error' ? String(next.error) : undefined,
      persisted: JSON.parse(JSON.stringify(machine.getPersistedSnapshot(next))),
      children: Object.keys(next.children ?? {}),
      actions: actions.map((a) => ({ type: a.type, params: JSON.parse(JSON.stringify(a.params ?? null)) })),
    };
  } catch (error) {
    return { threw: String(error) };
  }
}

function same(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject) {
  const ours = outcomeOf(() => pureTransition(machine, snapshot, event), machine);
  const xstates = outcomeOf(() => transition(machine, snapshot as never, event as never) as never, machine);
  expect(ours).toEqual(xstates);
  return ours;
}

describe('pureTransition: the same as XState transition()', () => {
  it.each(trustCases.map((c) => [c.id, c] as const))('%s: every event of its walk, and the same events out of order', (_id, c) => {
    const first = initialStep(c.machine, c.input as never, { now, caseId: 'P-1' });
    let snapshot = restore(c.machine, first.envelope).snapshot as AnyMachineSnapshot;
    const walk = c.events.map((e) => ({ ...e }));
    for (const [i, event] of walk.entries()) {
      // An event of a later step first: refused by its guard or not taken in this state.
      const later = walk[i + 1];
      if (later) same(c.machine, snapshot, later);
      same(c.machine, snapshot, event);
      [snapshot] = pureTransition(c.machine, snapshot, event);
    }
    same(c.machine, snapshot, { type: 'NO.SUCH.EVENT' });
  });

  it('a machine whose action throws: both throw, or both give the error snapshot', () => {
    const failing = createMachine({
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            BOOM: {
              actions: assign(() => {
                throw new Error('deadline beyond the calendar');
              }),
            },
          },
        },
      },
    });
    const [start] = transition(failing, failing.resolveState({ value: 'a', context: { n: 0 } }), { type: 'NOOP' });
    const ours = same(failing, start, { type: 'BOOM' });
    expect(JSON.stringify(ours)).toContain('deadline beyond the calendar');
  });

  it('children spawned with a system id: every call spawns into a fresh system, so repeated calls never collide', () => {
    const spawning = setup({ actors: { job: fromPromise(async () => 1) } }).createMachine({
      initial: 'idle',
      states: { idle: { on: { GO: 'busy' } }, busy: { invoke: { src: 'job', systemId: 'the-job' } } },
    });
    const idle = spawning.resolveState({ value: 'idle', context: {} });
    for (let i = 0; i < 3; i++) {
      const r = same(spawning, idle, { type: 'GO' });
      expect(r).toMatchObject({ status: 'active', children: [expect.any(String)] });
    }
  });

  it('delayed raises and cancels come back as actions with the same params', () => {
    const snapshot = restore(complaintMachine, initialStep(complaintMachine, trustCases[0]!.input as never, { now }).envelope).snapshot as AnyMachineSnapshot;
    const r = same(complaintMachine, snapshot, trustCases[0]!.events[0]!);
    expect(JSON.stringify(r)).toMatch(/xstate\.(raise|cancel)/);
  });
});

describe('pureTransition: what it saves (fails when XState stops building an actor per transition)', () => {
  it("XState's transition() runs the machine's context factory once per call; pureTransition once per machine", () => {
    let factoryRuns = 0;
    const counting = createMachine({
      types: {} as { context: { n: number } },
      context: () => {
        factoryRuns++;
        return { n: 0 };
      },
      initial: 'a',
      states: { a: { on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
    });
    const start = counting.resolveState({ value: 'a', context: { n: 0 } });
    factoryRuns = 0;
    for (let i = 0; i < 3; i++) transition(counting, start, { type: 'INC' });
    // If this fails, XState no longer builds a throwaway actor per transition(): drop pureTransition.
    expect(factoryRuns).toBe(3);
    factoryRuns = 0;
    let snapshot: AnyMachineSnapshot = start;
    for (let i = 0; i < 3; i++) [snapshot] = pureTransition(counting, snapshot, { type: 'INC' });
    expect(factoryRuns).toBe(1);
    expect(snapshot.context).toEqual({ n: 3 });
  });
});

/** A machine whose guard counts its evaluations: `GO` passes it while `n < 2`, then is refused. */
function countingGuardMachine() {
  const calls = { n: 0 };
  const machine = setup({
    types: { context: {} as { n: number; now: string }, events: {} as { type: 'GO' | 'TICK'; at?: string } },
    guards: {
      isBelowTwo: ({ context }) => {
        calls.n++;
        return context.n < 2;
      },
    },
  }).createMachine({
    id: 'counting-guard',
    context: { n: 0, now: '2026-12-01T00:00:00.000Z' },
    initial: 'on',
    states: {
      on: {
        after: { 60_000: { target: 'on', reenter: true, guard: 'isBelowTwo', actions: assign({ n: ({ context }) => context.n + 1 }) } },
        on: { GO: { guard: 'isBelowTwo', actions: assign({ n: ({ context }) => context.n + 1 }) } },
      },
    },
  });
  return { machine, calls };
}

/**
 * `GO` stepped three times on a fresh case of `machine`: each step's status and how many times the
 * guard ran in it, and the last envelope.
 */
function goThrice({ machine, calls }: ReturnType<typeof countingGuardMachine>, caseId: string) {
  const now = '2026-12-01T00:00:00.000Z';
  let envelope = initialStep(machine, undefined as never, { now, caseId }).envelope;
  const steps: { status: string; guardCalls: number; reason: string | undefined }[] = [];
  for (let i = 0; i < 3; i++) {
    calls.n = 0;
    const r = step(machine, envelope, { type: 'GO' }, { now, caseId });
    steps.push({ status: r.status, guardCalls: calls.n, reason: r.refusal?.reason });
    envelope = r.envelope;
  }
  return { steps, statuses: steps.map((s) => s.status), envelope };
}

describe('sharingTransitionData: the transitions of an event selected once per step', () => {
  it("XState's can() and transition() both select through machine.getTransitionData(snapshot, event) with the objects given (fails when XState changes it)", () => {
    const { machine } = countingGuardMachine();
    const snapshot = machine.resolveState({ value: 'on', context: { n: 0, now: '2026-12-01T00:00:00.000Z' } });
    const event = { type: 'GO' as const };
    const spy = vi.spyOn(machine, 'getTransitionData');
    snapshot.can(event);
    transition(machine, snapshot, event);
    const firstTwo = spy.mock.calls.slice(0, 2);
    spy.mockRestore();
    expect(firstTwo).toHaveLength(2);
    for (const [s, e] of firstTwo) {
      expect(s).toBe(snapshot);
      expect(e).toBe(event);
    }
  });

  it('inside, the guards run once for the pair and the answer is the same; outside, every call evaluates them', () => {
    const { machine, calls } = countingGuardMachine();
    const snapshot = machine.resolveState({ value: 'on', context: { n: 0, now: '2026-12-01T00:00:00.000Z' } });
    const event = { type: 'GO' as const };
    const unshared = [snapshot.can(event), machine.getTransitionData(snapshot, event)];
    expect(calls.n).toBe(2);
    calls.n = 0;
    const inside = sharingTransitionData(machine, snapshot, event, () => [snapshot.can(event), machine.getTransitionData(snapshot, event)]);
    expect(calls.n).toBe(1);
    expect(inside).toEqual(unshared);
    // Another event object (even an equal one) is not the pair: evaluated anew.
    calls.n = 0;
    sharingTransitionData(machine, snapshot, event, () => snapshot.can({ type: 'GO' }));
    expect(calls.n).toBe(1);
    expect(Object.keys(machine)).not.toContain('getTransitionData');
    calls.n = 0;
    snapshot.can(event);
    snapshot.can(event);
    expect(calls.n).toBe(2);
  });

  it('step() evaluates a guard once per event (the rules and the transition share it), with the same outcomes: applied, then refused', () => {
    const { steps, statuses, envelope } = goThrice(countingGuardMachine(), 'G-1');
    for (const r of steps) {
      // Once for the rules' `can` and the transition together (it was twice); a refusal stops after `can`.
      expect(r.guardCalls).toBe(1);
      if (r.status === 'refused') expect(r.reason).toBe('no-matching-guard');
    }
    expect(statuses).toEqual(['applied', 'applied', 'refused']);
    expect(envelope.snapshot.context).toMatchObject({ n: 2 });
  });

  it('stepTimer() likewise: the due timer is applied with one evaluation of its guard', () => {
    const { machine, calls } = countingGuardMachine();
    const now = '2026-12-01T00:00:00.000Z';
    const first = initialStep(machine, undefined as never, { now, caseId: 'G-2' });
    const timer = first.envelope.timers[0]!;
    calls.n = 0;
    const r = stepTimer(machine, first.envelope, { sendId: timer.id }, { now: timer.due, caseId: 'G-2' });
    expect(r.status).toBe('applied');
    expect(calls.n).toBe(1);
  });
});

describe('sharingTransitionData: a machine the host froze', () => {
  it('is left untouched and still steps, with the same outcomes (its guards evaluated twice, as before)', () => {
    const counting = countingGuardMachine();
    const { machine } = counting;
    Object.freeze(machine);
    const { steps, statuses } = goThrice(counting, 'G-3');
    for (const r of steps) if (r.status === 'applied') expect(r.guardCalls).toBe(2);
    expect(statuses).toEqual(['applied', 'applied', 'refused']);
    expect(Object.getOwnPropertyNames(machine)).not.toContain('getTransitionData');
  });
});
