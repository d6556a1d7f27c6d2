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
 *
 * It also lets a step select the transitions an event enables once, where it selected them twice:
 * kefu's rules ask `snapshot.can(event)` before the step applies the event, and XState's transition
 * asks again — both through `machine.getTransitionData(snapshot, event)`, each evaluating every
 * guard on the way (see {@link sharingTransitionData}).
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

/** The one (snapshot, event) pair whose transition data is computed once, while a step asks for it. */
let shared: { readonly snapshot: AnyMachineSnapshot; readonly event: EventObject; data?: unknown } | undefined;

/** Machines whose `getTransitionData` looks at {@link shared} first. */
const sharing = new WeakSet<AnyStateMachine>();

type GetTransitionData = (this: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject) => unknown;

/**
 * Run `body` with the transitions `event` enables in `snapshot` selected once: while it runs,
 * `machine.getTransitionData(snapshot, event)` — what `snapshot.can(event)` and XState's transition
 * both call — computes for exactly this snapshot object and this event object once, and gives back
 * that result when asked again (XState only reads it). Any other snapshot or event, or any call
 * outside `body`, is computed as XState computes it. Guards are pure functions of context and event
 * (XState's rule, and kefu's rule guards are), and neither the snapshot nor the event changes in
 * between, so the second evaluation could only repeat the first.
 */
export function sharingTransitionData<T>(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject, body: () => T): T {
  // A machine the host froze is left as it is: its transitions are selected twice, as before.
  if (!sharing.has(machine) && !Object.isExtensible(machine)) return body();
  if (!sharing.has(machine)) {
    const own = machine.getTransitionData as unknown as GetTransitionData;
    // An own property, not enumerable: the machine's prototype and every other machine are untouched.
    Object.defineProperty(machine, 'getTransitionData', {
      value: function getTransitionData(this: AnyStateMachine, s: AnyMachineSnapshot, e: EventObject): unknown {
        const pair = shared;
        if (pair !== undefined && pair.snapshot === s && pair.event === e) return 'data' in pair ? pair.data : (pair.data = own.call(this, s, e));
        return own.call(this, s, e);
      },
      configurable: true,
      writable: true,
      enumerable: false,
    });
    sharing.add(machine);
  }
  const outer = shared;
  shared = { snapshot, event };
  try {
    return body();
  } finally {
    shared = outer;
  }
}
