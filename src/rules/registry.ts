import type * as z from 'zod/mini';
import type { Migration } from '../runtime/definition.js';
import type { WorklistFields } from '../runtime/worklist.js';
import type { StateInvariant } from './invariants.js';

/** What kefu knows about a machine beyond its chart: its schemas and version. */
export interface MachineSchemas {
  /** The machine's `id` (kept by `.provide()`), e.g. `complaint`. */
  readonly id: string;
  /** Schema of every event the machine accepts from outside; used to refuse malformed events. */
  readonly events: z.core.$ZodType;
  /** Schema of the machine's input. */
  readonly input?: z.core.$ZodType;
  /** Schema of the machine's context: a restored case whose context fails it is rejected. */
  readonly context?: z.core.$ZodType;
  /** What must hold of the context in each state; checked on restore and after each step. */
  readonly invariants?: readonly StateInvariant<never>[];
  /**
   * What the machine projects of a case for the runtime's worklists (assignee, role queue, next
   * due time, priority, member flag), as a function of its snapshot. `defineMachine(m, { worklist })`
   * overrides it.
   */
  readonly worklist?: (snapshot: never) => WorklistFields;
  /**
   * Version of the machine's persisted shape (states and context) its cases are written with;
   * `defineMachine` (and a bare machine handed to the runtime) uses it unless given one.
   * Bump it when a release changes what a stored case must hold, and add the migration from the
   * previous version. @default 1
   */
  readonly version?: number;
  /**
   * `migrations[n]` turns a stored snapshot of version `n` into one of version `n + 1`: pure
   * functions, run in order on every load of an older case before it is validated.
   */
  readonly migrations?: Readonly<Record<number, Migration>>;
}

// One registry per process, even when the ESM and CJS builds are both loaded.
const KEY = Symbol.for('kefu.machineSchemas');
const holder = globalThis as unknown as Record<symbol, Map<string, MachineSchemas> | undefined>;
const registry: Map<string, MachineSchemas> = (holder[KEY] ??= new Map());

/**
 * Register a machine's schemas so {@link send} and the runtime can validate its events
 * before they reach the machine. kefu's machines register themselves on import; host
 * machines may do the same.
 *
 * Kept out of the machine config on purpose: the Stately inspector serializes the config,
 * and zod schemas are not meant to be shown there.
 *
 * @example
 * registerMachineSchemas({ id: 'my-process', events: MyEventSchema });
 */
export function registerMachineSchemas(schemas: MachineSchemas): void {
  registry.set(schemas.id, schemas);
}

/**
 * The schemas registered for a machine id, if any.
 *
 * @example
 * machineSchemasFor('complaint')?.id //=> 'complaint'
 */
export function machineSchemasFor(machineId: string): MachineSchemas | undefined {
  return registry.get(machineId);
}
