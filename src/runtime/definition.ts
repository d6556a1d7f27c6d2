import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type * as z from 'zod/mini';
import { machineSchemasFor } from '../rules/registry.js';
import type { PendingTimer, PersistedCaseSnapshot } from './envelope.types.js';
import { assertSigningKey, type SigningKey } from './signing.js';
import type { WorklistProjection } from './worklist.js';

/**
 * Turns a persisted snapshot of version `n` into one of version `n + 1`. It receives a copy it
 * may change and returns the snapshot to use (e.g. rename a state, add a context field).
 */
export type SnapshotMigration = (snapshot: PersistedCaseSnapshot) => PersistedCaseSnapshot;

/**
 * Turns a pending timer of version `n` into one of version `n + 1`, or drops it (`undefined`).
 * Needed when a migration renames a state that has `after` transitions: XState names their
 * delayed events after the state (`xstate.after.<delay>.<machine>.<state>`).
 */
export type TimerMigration = (timer: PendingTimer) => PendingTimer | undefined;

/**
 * One migration step, from version `n` to `n + 1`: a function on the snapshot, or an object
 * that also migrates the case's pending timers.
 */
export type Migration = SnapshotMigration | { readonly snapshot?: SnapshotMigration; readonly timers?: TimerMigration };

/** Options of {@link defineMachine}. */
export interface MachineDefinitionOptions<TMachine extends AnyStateMachine = AnyStateMachine> {
  /**
   * Version of the machine's persisted shape (states and context). Bump it when a deploy renames
   * or removes states or changes the context, and add a migration from the previous version.
   * @default the version the machine registered (`registerMachineSchemas`; kefu's complaint
   * machine: 2), else 1
   */
  readonly version?: number;
  /**
   * `migrations[n]` migrates a version-`n` snapshot to version `n + 1`. Replaces the machine's
   * registered migrations: to add one of your own, spread them in (`{ ...complaintMigrations, 2: … }`).
   * @default the migrations the machine registered, else none
   */
  readonly migrations?: Readonly<Record<number, Migration>>;
  /** Optional zod schema of the context; a restored context that fails it is rejected. */
  readonly context?: z.core.$ZodType;
  /**
   * The case clock: the instant the machine's named delays are measured from. Default: the
   * context's `now` (kefu's convention: the time of the last event), else the event's `at`,
   * else the host's `now`.
   */
  readonly clock?: (snapshot: AnyMachineSnapshot) => string | number | undefined;
  /**
   * Sign every envelope with this key (HMAC-SHA256, at least 32 characters or bytes): a stored case
   * whose signature is missing or does not match — a row changed outside kefu — is rejected with
   * `TamperedSnapshotError`. Keep it secret, outside the database. @default no signing
   */
  readonly signingKey?: SigningKey;
  /**
   * While rotating the key: older keys whose signatures are still accepted on load. Every envelope
   * a step writes is signed with `signingKey`, so a case moves to the new key at its next change;
   * re-sign the others with `resignCases` (or `resignEnvelope`), then drop the old key. Needs
   * `signingKey`. @default []
   */
  readonly previousSigningKeys?: readonly SigningKey[];
  /**
   * What the machine projects of a case for worklists (`runtime.worklist`): assignee, role queue,
   * next due time, priority, member flag — a pure function of the snapshot, computed on every write
   * and stored with the case in the same transaction. @default the projection registered with the
   * machine (kefu's machines declare theirs), else only the next due time from the pending timers
   */
  readonly worklist?: WorklistProjection<SnapshotFrom<TMachine>>;
}

/** A machine as the runtime knows it: the XState machine plus its persisted version and migrations. */
export interface MachineDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Brand telling a definition from a bare machine. */
  readonly kind: 'kefu.machineDefinition';
  /** The XState machine. */
  readonly machine: TMachine;
  /** The machine id (`machine.id`), written into every envelope. */
  readonly id: string;
  /** Version of the persisted shape. */
  readonly version: number;
  /** Migrations from older versions, keyed by the version they start from. */
  readonly migrations: Readonly<Record<number, Migration>>;
  /** Schema of the context, if any. */
  readonly context: z.core.$ZodType | undefined;
  /** The case clock, if not the default. */
  readonly clock: ((snapshot: AnyMachineSnapshot) => string | number | undefined) | undefined;
  /** The key envelopes are signed with, if any. */
  readonly signingKey: SigningKey | undefined;
  /** Older keys whose signatures are still accepted on load (key rotation). */
  readonly previousSigningKeys: readonly SigningKey[];
  /** The worklist projection: the one given to `defineMachine`, else the one registered with the machine, if any. */
  readonly worklist: WorklistProjection | undefined;
}

/** A bare XState machine (with the version and migrations its machine registered, else version 1) or a {@link MachineDefinition}. */
export type MachineLike<TMachine extends AnyStateMachine = AnyStateMachine> = TMachine | MachineDefinition<TMachine>;

/** The XState machine of a {@link MachineLike}. */
export type MachineOf<M> = M extends MachineDefinition<infer T> ? T : M extends AnyStateMachine ? M : never;

/**
 * Describe a machine to the runtime: its persisted version and the migrations from older
 * versions. A bare machine can be passed wherever a definition is expected; it has the version
 * and migrations its machine registered (`registerMachineSchemas`), else version 1.
 *
 * @example
 * const ticketV2 = defineMachine(ticketMachine, {
 *   version: 2,
 *   migrations: { 1: (s) => ({ ...s, value: s.value === 'waiting' ? 'open' : s.value }) },
 * });
 */
export function defineMachine<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: MachineDefinitionOptions<TMachine> = {},
): MachineDefinition<TMachine> {
  const registered = machineSchemasFor(machine.id);
  const version = options.version ?? registered?.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`machine version must be an integer ≥ 1, got ${String(version)}`);
  if (options.signingKey !== undefined) assertSigningKey(options.signingKey);
  const previous = [...(options.previousSigningKeys ?? [])];
  if (previous.length > 0 && options.signingKey === undefined) throw new TypeError('previousSigningKeys needs a signingKey to sign new envelopes with');
  previous.forEach(assertSigningKey);
  return Object.freeze({
    kind: 'kefu.machineDefinition' as const,
    machine,
    id: machine.id,
    version,
    migrations: Object.freeze({ ...(options.migrations ?? registered?.migrations ?? {}) }),
    context: options.context,
    clock: options.clock,
    signingKey: options.signingKey,
    previousSigningKeys: Object.freeze(previous),
    worklist: (options.worklist as WorklistProjection | undefined) ?? (registered?.worklist as WorklistProjection | undefined),
  });
}

/**
 * The definition of a {@link MachineLike}: itself, or the definition of a bare machine (`defineMachine(machine)`).
 *
 * @example
 * toDefinition(complaintMachine).version //=> 2 (the complaint registers version 2 and its migration from 1)
 */
export function toDefinition<TMachine extends AnyStateMachine>(machine: MachineLike<TMachine>): MachineDefinition<TMachine> {
  if ((machine as MachineDefinition<TMachine>).kind === 'kefu.machineDefinition') return machine as MachineDefinition<TMachine>;
  const cached = bare.get(machine as AnyStateMachine);
  if (cached) return cached as MachineDefinition<TMachine>;
  const def = defineMachine(machine as TMachine);
  bare.set(machine as AnyStateMachine, def);
  return def;
}

const bare = new WeakMap<AnyStateMachine, MachineDefinition>();

/** The same definition, signing its envelopes with `key` (and accepting `previous`). Internal (the runtime's `signingKey`). */
export function withSigningKey<TMachine extends AnyStateMachine>(
  def: MachineDefinition<TMachine>,
  key: SigningKey,
  previous: readonly SigningKey[] = [],
): MachineDefinition<TMachine> {
  return defineMachine(def.machine, {
    version: def.version,
    migrations: def.migrations,
    context: def.context,
    clock: def.clock,
    signingKey: key,
    previousSigningKeys: previous,
    ...(def.worklist ? { worklist: def.worklist } : {}),
  });
}
