import type { AnyActorRef, AnyStateMachine } from 'xstate';
import type { Outcome } from '../../rules/index.js';
import { sendAs } from './staff.js';
import { toIso } from '../../time/index.js';
import type { CaseRecord, ScenarioContext } from './types.js';

/** An event without its time: the case stamps `at` with the simulated clock when it is sent. */
export type Untimed<E> = E extends unknown ? Omit<E, 'at'> : never;

/**
 * A case's script: a generator that yields the epoch ms at which it wants to go on. The code
 * between two `yield`s runs at one instant of the simulated clock; XState's delays (deadline
 * escalations, transfer timeouts) due in between fire before it resumes.
 */
export type CaseScript = Generator<number, void, void>;

/** Thrown out of a script when the rules refuse a step the script did not expect: the case stops. */
class CaseAborted extends Error {}

export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/**
 * One case of the simulated day, driven by a {@link CaseScript}: sends events stamped with the
 * simulated clock, records every refusal (expected ones are the agents' mistakes the rules
 * catch; any other stops the case, marked `aborted`), and runs the case's bookkeeping when the
 * script ends.
 */
export class DemoCase<E extends { type: string }> {
  actor: AnyActorRef | undefined;
  aborted = false;

  constructor(
    private readonly ctx: ScenarioContext,
    readonly record: CaseRecord,
  ) {}

  get caseId(): string {
    return this.record.caseId;
  }

  /** The simulated time, epoch ms. */
  now(): number {
    return this.ctx.clock.now();
  }

  /** The simulated time plus `ms`. */
  after(ms: number): number {
    return this.now() + Math.round(ms);
  }

  /**
   * Send an event stamped with the simulated time. `expect` names the rule (or refusal reason,
   * e.g. `invalid-event`) that should refuse it: the script's deliberate mistake.
   */
  send(event: Untimed<E>, expect?: string): Outcome {
    const outcome = sendAs(this.actor!, { ...event, at: toIso(this.now()) } as never);
    if (outcome.accepted && !expect) return outcome;
    const rule = outcome.accepted ? 'accepted-unexpectedly' : (outcome.violations[0]?.rule ?? outcome.reason);
    const expected = rule === expect;
    this.ctx.records.refusals.push({ process: this.record.process, caseId: this.caseId, eventType: event.type, rule, expected });
    if (!expected) {
      this.aborted = true;
      this.record.outcome = 'aborted';
      throw new CaseAborted(`${this.caseId}: ${event.type} refused (${rule})`);
    }
    return outcome;
  }

  /** The actor's snapshot (typed loosely: scenarios read what they need). */
  snapshot(): { value: unknown; status: string; context: unknown; output: unknown; matches(state: string): boolean } {
    return this.actor!.getSnapshot();
  }

  /** Run `script` from `start` (epoch ms); `onEnd` runs when it ends, or stops on a refusal. */
  run(start: number, script: () => CaseScript, onEnd: () => void): void {
    let steps: CaseScript | undefined;
    const resume = () => {
      let next: IteratorResult<number, void>;
      try {
        steps ??= script();
        next = steps.next();
      } catch (error) {
        if (!(error instanceof CaseAborted)) throw error;
        onEnd();
        return;
      }
      if (next.done) onEnd();
      else this.ctx.schedule(next.value, resume);
    };
    this.ctx.schedule(start, resume);
  }
}

/**
 * A machine with host actions provided once per machine (providing per case would rebuild the
 * chart for every case): `actions` get a `key` from the params and call whatever the case
 * registered under it.
 */
export function hostMachine(machine: AnyStateMachine, actions: readonly string[], keyOf: (params: never) => string) {
  const handlers = new Map<string, (name: string, params: unknown) => void>();
  const provided = machine.provide({
    actions: Object.fromEntries(
      actions.map((name) => [name, (_: unknown, params: unknown) => handlers.get(keyOf(params as never))?.(name, params)]),
    ),
  } as never) as AnyStateMachine;
  return {
    machine: provided,
    /** Register the case's handler of the host actions; returns the function that removes it. */
    on(key: string, handler: (name: string, params: unknown) => void): () => void {
      handlers.set(key, handler);
      return () => handlers.delete(key);
    },
  };
}

/** Cache of {@link hostMachine} per base machine. */
const hosts = new WeakMap<AnyStateMachine, Map<string, ReturnType<typeof hostMachine>>>();

/** {@link hostMachine}, made once per base machine and purpose. */
export function hostMachineFor(machine: AnyStateMachine, purpose: string, actions: readonly string[], keyOf: (params: never) => string) {
  let byPurpose = hosts.get(machine);
  if (!byPurpose) hosts.set(machine, (byPurpose = new Map()));
  let host = byPurpose.get(purpose);
  if (!host) byPurpose.set(purpose, (host = hostMachine(machine, actions, keyOf)));
  return host;
}
