/**
 * The runtime's `pureTransition` (src/runtime/pure-transition.ts) stands in for XState's pure
 * `transition()` and leans on how xstate 5.33 implements it. These tests fail when XState changes
 * that: they compare the two on every kefu machine's walk, on refused and unknown events, on a
 * machine that throws and one that spawns, and pin what the stand-in saves.
 */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, fromPromise, setup, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { complaintMachine } from 'kefu';
import { initialStep, restore } from 'kefu/runtime';
import { pureTransition } from '../src/runtime/pure-transition.js';
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
