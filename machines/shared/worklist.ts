/**
 * Helpers of the machines' worklist projections (`<name>.worklist.ts`, registered with each machine
 * and used by the runtime's `worklist` query). Internal to the machines.
 */
import type { StateValue } from 'xstate';
import type { WorklistFields } from '../../src/runtime/worklist.js';

export type { WorklistFields };

/** The part of a snapshot a projection reads: its status, state value and context. */
export interface ProjectedSnapshot<TContext> {
  readonly status: string;
  readonly value: StateValue;
  readonly context: TContext;
}

/** Whether a state value is in the state at `path` (dotted, from the root), nested states included. */
export function inState(value: StateValue, path: string): boolean {
  let v: StateValue | undefined = value;
  for (const key of path.split('.')) {
    if (v === undefined) return false;
    if (typeof v === 'string') {
      if (v !== key) return false;
      v = undefined;
    } else {
      if (!(key in v)) return false;
      v = v[key] as StateValue | undefined;
    }
  }
  return true;
}

/** The earliest of some ISO instants (`undefined` ones skipped), or `null` when there is none. */
export function earliest(...instants: readonly (string | undefined)[]): string | null {
  let best: { at: string; ms: number } | null = null;
  for (const at of instants) {
    if (at === undefined) continue;
    const ms = Date.parse(at);
    if (best === null || ms < best.ms) best = { at, ms };
  }
  return best?.at ?? null;
}
