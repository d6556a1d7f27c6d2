/**
 * XState's pure `transition()`, without the throwaway actor it builds on every call. The one file
 * of the runtime that leans on how XState implements it (xstate 5.33); test/runtime.pure-transition.test.ts
 * fails when that changes. Internal to kefu.
 *
 * XState's `transition(logic, snapshot, event)` is `logic.transition(snapshot, event, scope)` with a
 * fresh inert actor scope (xstate `createInertActorScope`): a `self` made by `createActor(logic)`,
 * whose constructor computes the machine's initial snapshot — running its context factory, without
 * input — and a fresh actor system that children spawned during the transition register in. That
 * actor is a quarter of XState's side of a step and is thrown away. Here the `self` is made once per
 * machine and kept; the fresh system is still made per call (from an actor of trivial logic: an
 * actor system depends on its root only for inspection, which an inert scope never has), so what a
 * transition spawns never meets what an earlier one spawned — as with XState's own.
 */
import { createActor, fromTransition, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

/** An action XState resolved for the host to execute (what `transition()` returns beside the snapshot). */
export interface ExecutableAction {
  readonly type: string;
  readonly params?: unknown;
}

/** The machine's kept `self`, by machine. */
const selves = new WeakMap<AnyStateMachine, AnyActorRef>();

/** Logic whose actor costs nothing to make: the root of each fresh system. */
const inert = fromTransition((state: undefined) => state, undefined);

const noop = (): void => {};

/**
 * `transition(machine, snapshot, event)` of XState: the next snapshot and the actions to execute,
 * nothing executed. Throws what XState's throws.
 */
export function pureTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, ExecutableAction[]] {
  let self = selves.get(machine);
  if (self === undefined) {
    self = createActor(machine) as AnyActorRef;
    selves.set(machine, self);
  }
  const own = self.system;
  const system = createActor(inert).system;
  // As XState does with its throwaway `self`: children spawned now are made with `parent: self` and join `self.system`.
  (self as { system: unknown }).system = system;
  const actions: ExecutableAction[] = [];
  const scope = {
    self,
    defer: noop,
    id: '',
    logger: noop,
    sessionId: '',
    stopChild: noop,
    system,
    emit: noop,
    actionExecutor: (action: ExecutableAction) => {
      actions.push(action);
    },
  };
  try {
    const next = machine.transition(snapshot as never, event as never, scope as never) as AnyMachineSnapshot;
    return [next, actions];
  } finally {
    // Nothing of this call stays reachable from the kept `self`.
    (self as { system: unknown }).system = own;
  }
}
