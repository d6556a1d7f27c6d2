import { createActor, type Actor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type SnapshotFrom, type StateValue } from 'xstate';
import * as z from 'zod/mini';
import { issuesFromZod } from '../errors/validation-error.js';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { toDefinition, type MachineDefinition, type MachineLike } from './definition.js';
import type { CaseEnvelope, PendingTimer, PersistedCaseSnapshot } from './envelope.types.js';
import { limitsOf } from '../policy/limits.js';
import { EnvelopeTooLargeError } from './errors/envelope-too-large-error.js';
import { FutureVersionError } from './errors/future-version-error.js';
import { TamperedSnapshotError } from './errors/tampered-snapshot-error.js';
import { hasValidSignature, signatureOf, signedByAny, type SigningKey } from './signing.js';
import { InvariantViolationError } from './errors/invariant-violation-error.js';
import { invariantFailures } from '../rules/invariants.js';
import { MalformedSnapshotError } from './errors/malformed-snapshot-error.js';
import { MigrationError } from './errors/migration-error.js';
import { UnknownMachineError } from './errors/unknown-machine-error.js';
import { UnknownStateError } from './errors/unknown-state-error.js';

const IsoInstantSchema = z.string().check(
  z.refine((s) => {
  try {
    toEpoch(s);
    return true;
  } catch {
    return false;
  }
}, 'expected an ISO-8601 date-time with offset'),
);

const StateValueSchema: z.ZodMiniType<StateValue> = z.lazy(() =>
  z.union([z.string().check(z.minLength(1)), z.record(z.string(), StateValueSchema)]),
);

/** Zod schema of a persisted XState snapshot inside an envelope. */
export const PersistedCaseSnapshotSchema = z.looseObject({
  status: z.enum(['active', 'done', 'error', 'stopped']),
  value: StateValueSchema,
  context: z.record(z.string(), z.unknown()),
  historyValue: z.optional(z.record(z.string(), z.unknown())),
  children: z.optional(z.record(z.string(), z.unknown())),
  output: z.optional(z.unknown()),
  error: z.optional(z.unknown()),
});

/** Zod schema of a pending timer inside an envelope. */
export const PendingTimerSchema = z.object({
  id: z.string().check(z.minLength(1)),
  event: z.looseObject({ type: z.string().check(z.minLength(1)) }),
  due: IsoInstantSchema,
});

/**
 * Zod schema of a {@link CaseEnvelope}. `timers` and `appliedIds` may be absent (an envelope
 * written by hand or by an older kefu); they default to empty lists.
 */
export const CaseEnvelopeSchema = z.object({
  machine: z.string().check(z.minLength(1)),
  version: z.int().check(z.gte(1)),
  snapshot: PersistedCaseSnapshotSchema,
  updatedAt: IsoInstantSchema,
  timers: z._default(z.array(PendingTimerSchema), []),
  appliedIds: z._default(z.array(z.string()), []),
  signature: z.optional(z.string()),
});

/** JSON round trip: what a database gives back. Throws on values JSON cannot hold. */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * What kefu knows about an envelope it produced itself (a step's result): its JSON text, and
 * the machine, context schema and version it was produced for. Internal to the runtime.
 */
export interface EnvelopeTrust {
  readonly text: string;
  readonly machine: AnyStateMachine;
  readonly context: z.core.$ZodType | undefined;
  readonly version: number;
  readonly signingKey: SigningKey | undefined;
  /** The envelope's fields a store and the runtime read without parsing {@link text}. */
  readonly head: EnvelopeHead;
}

/**
 * The fields of an envelope kefu produced that a store writes beside its text (its columns) and the
 * runtime reads (machine, state before, applied ids, timers for the projection) — so neither parses
 * the text again. Read only: `timers` and `appliedIds` are the step's own arrays. Internal.
 */
export interface EnvelopeHead {
  readonly machine: string;
  readonly version: number;
  readonly status: PersistedCaseSnapshot['status'];
  /** `snapshot.value` as JSON text. */
  readonly state: string;
  readonly updatedAt: string;
  readonly timers: readonly PendingTimer[];
  readonly appliedIds: readonly string[];
}

/** Every {@link EnvelopeTrust} kefu made: one given to a step as its envelope is restored from its text (see {@link restoreCase}). */
const trusts = new WeakSet<EnvelopeTrust>();

/**
 * Envelopes kefu produced, by object. An envelope found here whose JSON text is still the text
 * it was produced with (the caller did not change it) skips the zod check of its shape on
 * restore; anything else — from a store, from the network, or changed by the caller — is
 * validated in full.
 */
const produced = new WeakMap<object, EnvelopeTrust>();

/**
 * Texts of envelopes kefu produced, handed out as `StepResult.text`: a step given one of them back
 * as is (the same JSON text, from memory or a store) trusts it as it trusts the envelope object.
 * The latest {@link PRODUCED_TEXTS} only, newest first when looked up (then an older text is
 * validated in full, as any other). A ring, not a `Map`: a map would hash every new 10 KB text,
 * while comparing strings of other lengths costs nothing and the text looked for is nearly always
 * the newest.
 */
const PRODUCED_TEXTS = 256;
interface ProducedText {
  readonly trust: EnvelopeTrust;
  /**
   * {@link tailHash} of the text, once a lookup needed it: texts of one length (cases at the same
   * step) rarely share it.
   */
  tail?: number;
}
const producedTexts: (ProducedText | undefined)[] = new Array<ProducedText | undefined>(PRODUCED_TEXTS);
let producedNext = 0;

/** FNV-1a of the last 256 UTF-16 units (the envelope's time stamps, timers and applied ids). */
function tailHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, text.length - 256); i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function rememberText(trust: EnvelopeTrust): void {
  producedTexts[producedNext] = { trust };
  producedNext = (producedNext + 1) % PRODUCED_TEXTS;
}

/**
 * The trust of a text kefu produced lately (`StepResult.text`, handed to a store as it was), for its
 * {@link EnvelopeHead}; `undefined` for any other text, or none. Internal.
 */
export function producedTrust(text: string | undefined): EnvelopeTrust | undefined {
  if (text === undefined) return undefined;
  let tail: number | undefined;
  for (let i = 1; i <= PRODUCED_TEXTS; i++) {
    const entry = producedTexts[(producedNext - i + PRODUCED_TEXTS) % PRODUCED_TEXTS];
    if (entry === undefined) return undefined;
    const known = entry.trust.text;
    // Cheap checks first: comparing two equal-length strings reads them (unless they are one string).
    if (known.length !== text.length) continue;
    // The newest, given back as the very string it was handed out as (the runtime's own lookups, right
    // after the step): found at once, without hashing either. A newer text of the same length that
    // differs costs one comparison up to where they differ.
    if (i === 1 && known === text) return entry.trust;
    if ((entry.tail ??= tailHash(known)) !== (tail ??= tailHash(text))) continue;
    if (known === text) return entry.trust;
  }
  return undefined;
}

/**
 * An envelope a step produced: its JSON text, and the envelope object parsed from that text when
 * first asked for (a host that stores the text never pays for the object). Internal.
 */
export class ProducedEnvelope {
  #envelope: CaseEnvelope | undefined;
  #remembered = false;
  constructor(
    /** The envelope's JSON text. */
    readonly text: string,
    readonly trust: EnvelopeTrust,
  ) {}

  /** A JSON copy that shares nothing with the live snapshot or the input, remembered as produced by kefu. */
  envelope(): CaseEnvelope {
    if (this.#envelope === undefined) {
      const envelope = JSON.parse(this.text) as CaseEnvelope;
      // Trusted only when it has the shape `CaseEnvelopeSchema` checks (a machine could, say, raise
      // a timer with an empty id); otherwise the next restore validates it and says what is wrong.
      if (wellFormed(envelope)) produced.set(envelope, this.trust);
      this.#envelope = envelope;
    }
    return this.#envelope;
  }

  /** The text, remembered as produced by kefu (a step given it back as is trusts it). */
  rememberedText(): string {
    if (!this.#remembered) {
      rememberText(this.trust);
      this.#remembered = true;
    }
    return this.text;
  }
}

/**
 * The envelope of a step's result as JSON text, remembered as produced by kefu for this
 * definition. With `grownBy` (the event that produced it), an envelope over the policy's
 * `limits.envelopeBytes` throws {@link EnvelopeTooLargeError}. Internal.
 */
export function produceEnvelope(def: MachineDefinition, given: CaseEnvelope, grownBy?: string): ProducedEnvelope {
  const { signature: _stale, ...unsigned } = given;
  const draft: CaseEnvelope = def.signingKey === undefined ? unsigned : { ...unsigned, signature: signatureOf(unsigned, def.signingKey) };
  const text = JSON.stringify(draft);
  if (grownBy !== undefined) {
    // Refused before it is saved: a case that outgrew its policy would slow every later step.
    const limit = limitsOf(draft.snapshot.context).envelopeBytes;
    if (text.length > limit / 3) {
      const bytes = utf8Bytes(text);
      if (bytes > limit) throw new EnvelopeTooLargeError(def.id, grownBy, bytes, limit);
    }
  }
  const head: EnvelopeHead = {
    machine: draft.machine,
    version: draft.version,
    status: draft.snapshot.status,
    state: JSON.stringify(draft.snapshot.value),
    updatedAt: draft.updatedAt,
    timers: draft.timers,
    appliedIds: [...draft.appliedIds],
  };
  const trust: EnvelopeTrust = { text, machine: def.machine, context: def.context, version: def.version, signingKey: def.signingKey, head };
  trusts.add(trust);
  return new ProducedEnvelope(text, trust);
}

/** Whether `input` is an {@link EnvelopeTrust} kefu made (a store's remembered text, given to a step as it is). */
const isTrust = (input: unknown): input is EnvelopeTrust => typeof input === 'object' && input !== null && trusts.has(input as EnvelopeTrust);

/**
 * A stored record whose envelope is `trust.text` as kefu produced it and this store wrote it: the
 * envelope is parsed when first read (and trusted like the step's own), and {@link storedTrust} gives
 * the runtime the trust, so a step restores the case from the text with one parse and nothing reads
 * the envelope otherwise. Internal to the stores.
 */
export function trustedRecord(caseId: string, version: number, trust: EnvelopeTrust): { readonly caseId: string; readonly version: number; readonly envelope: CaseEnvelope } {
  let envelope: CaseEnvelope | undefined;
  const record = Object.defineProperty({ caseId, version } as { caseId: string; version: number; envelope: CaseEnvelope }, 'envelope', {
    get(): CaseEnvelope {
      if (envelope === undefined) {
        envelope = JSON.parse(trust.text) as CaseEnvelope;
        if (wellFormed(envelope)) produced.set(envelope, trust);
      }
      return envelope;
    },
    enumerable: true,
    configurable: true,
  });
  storedTrusts.set(record, trust);
  return record;
}

const storedTrusts = new WeakMap<object, EnvelopeTrust>();

/** The trust of a record made by {@link trustedRecord}: give it to a step instead of `record.envelope`. Internal. */
export function storedTrust(record: object): EnvelopeTrust | undefined {
  return storedTrusts.get(record);
}

/**
 * The envelope of a step's result: a JSON copy of `draft` that shares nothing with the live
 * snapshot or the input, remembered as produced by kefu for this definition (see
 * {@link produceEnvelope}). Internal.
 */
export function ownEnvelope(def: MachineDefinition, given: CaseEnvelope, grownBy?: string): CaseEnvelope {
  return produceEnvelope(def, given, grownBy).envelope();
}

/** UTF-8 length of a string, without encoding it. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one four-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function isStateValue(v: unknown): boolean {
  if (typeof v === 'string') return v.length > 0;
  return isRecord(v) && Object.values(v).every(isStateValue);
}

function isInstant(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    toEpoch(v);
    return true;
  } catch {
    return false;
  }
}

/** Every status a persisted snapshot can have (internal: the PostgreSQL store's worklist queries each). */
export const SNAPSHOT_STATUSES: readonly PersistedCaseSnapshot['status'][] = ['active', 'done', 'error', 'stopped'];

/**
 * Whether a JSON envelope built by a step passes {@link CaseEnvelopeSchema} — the checks of the
 * fields a machine or a migration controls; `updatedAt` and the version are written by kefu
 * itself (an ISO instant from `toIso`, a checked version).
 */
function wellFormed(e: CaseEnvelope): boolean {
  const snapshot = e.snapshot as unknown as Record<string, unknown>;
  return (
    isName(e.machine) &&
    isRecord(snapshot) &&
    (SNAPSHOT_STATUSES as readonly unknown[]).includes(snapshot.status) &&
    isStateValue(snapshot.value) &&
    isRecord(snapshot.context) &&
    (snapshot.historyValue === undefined || isRecord(snapshot.historyValue)) &&
    (snapshot.children === undefined || isRecord(snapshot.children)) &&
    Array.isArray(e.timers) &&
    e.timers.every((t) => isRecord(t) && isName(t.id) && isRecord(t.event) && isName(t.event.type) && isInstant(t.due)) &&
    Array.isArray(e.appliedIds) &&
    e.appliedIds.every((id) => typeof id === 'string')
  );
}

/** The trust of an envelope kefu produced, if `text` (its JSON now) is still what it was produced as. Internal. */
export function trustOf(envelope: unknown, text: string): EnvelopeTrust | undefined {
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const trust = produced.get(envelope);
  return trust !== undefined && trust.text === text ? trust : undefined;
}

/** Remember `envelope`, freshly parsed from `trust.text`, as produced by kefu (a store's copy of it). Internal. */
export function adoptEnvelope(envelope: CaseEnvelope, trust: EnvelopeTrust): void {
  produced.set(envelope, trust);
}

/** Whether `trust` was produced for this very definition (machine, context schema, version, signing key). */
function producedFor(trust: EnvelopeTrust, def: MachineDefinition): boolean {
  return trust.machine === def.machine && trust.context === def.context && trust.version === def.version && trust.signingKey === def.signingKey;
}

/** The JSON text of an envelope kefu produced for `def` and the caller left as it was, else `undefined`. */
function trustedText(def: MachineDefinition, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const trust = produced.get(input);
  if (!trust || !producedFor(trust, def)) return undefined;
  let text: string;
  try {
    text = JSON.stringify(input);
  } catch {
    return undefined; // changed into something JSON cannot hold: validate it in full
  }
  return text === trust.text ? text : undefined;
}

/**
 * Read an envelope from JSON text or a parsed value, checking its shape only (not the
 * machine). Throws a {@link MalformedSnapshotError} naming what is wrong.
 *
 * @example
 * parseEnvelope('{"machine":') // throws MalformedSnapshotError: not valid JSON
 */
export function parseEnvelope(input: unknown): CaseEnvelope {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new MalformedSnapshotError('case envelope is not valid JSON', { cause });
    }
  }
  const parsed = CaseEnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const machineId = typeof (value as { machine?: unknown } | null)?.machine === 'string' ? (value as { machine: string }).machine : undefined;
    throw new MalformedSnapshotError('invalid case envelope', {
      issues: issuesFromZod(parsed.error.issues),
      ...(machineId ? { machineId } : {}),
      cause: parsed.error,
    });
  }
  return parsed.data as CaseEnvelope;
}

/** Every leaf path of a state value, as lists of keys. */
function leafPaths(value: StateValue, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [[...prefix, value]];
  const keys = Object.keys(value);
  if (keys.length === 0) return [prefix];
  return keys.flatMap((k) => {
    const child = value[k];
    return child === undefined ? [[...prefix, k]] : leafPaths(child, [...prefix, k]);
  });
}

interface NodeLike {
  states: Record<string, NodeLike>;
}

/** Throw {@link UnknownStateError} when the state value names a state the machine lacks. */
function checkStateExists(machine: AnyStateMachine, value: StateValue): void {
  for (const path of leafPaths(value)) {
    let node = machine.root as unknown as NodeLike;
    for (let i = 0; i < path.length; i++) {
      const next = node.states[path[i]!];
      if (!next) throw new UnknownStateError(machine.id, path.slice(0, i + 1).join('.'));
      node = next;
    }
  }
}

/**
 * Bring an envelope of an older version up to the definition's version through its
 * migrations. Returns the envelope unchanged when it is current.
 *
 * @throws {UnknownMachineError} When the envelope is for another machine.
 * @throws {FutureVersionError} When the envelope is newer than the definition.
 * @throws {MigrationError} When a migration is missing or throws.
 */
export function migrateEnvelope(machine: MachineLike, envelope: CaseEnvelope): CaseEnvelope {
  const def = toDefinition(machine);
  if (envelope.machine !== def.id) throw new UnknownMachineError(envelope.machine, [def.id]);
  if (envelope.version > def.version) throw new FutureVersionError(def.id, envelope.version, def.version);
  if (envelope.version === def.version) return envelope;
  let snapshot = jsonCopy(envelope.snapshot) as PersistedCaseSnapshot;
  let timers: PendingTimer[] = jsonCopy([...envelope.timers]);
  for (let v = envelope.version; v < def.version; v++) {
    const migration = def.migrations[v];
    if (!migration) throw new MigrationError(def.id, v, 'no migration registered');
    try {
      const migrateSnapshot = typeof migration === 'function' ? migration : migration.snapshot;
      const migrateTimer = typeof migration === 'function' ? undefined : migration.timers;
      if (migrateSnapshot) snapshot = migrateSnapshot(snapshot);
      if (migrateTimer) timers = timers.map(migrateTimer).filter((t): t is PendingTimer => t !== undefined);
    } catch (cause) {
      throw new MigrationError(def.id, v, cause instanceof Error ? cause.message : 'migration threw', { cause });
    }
    const parsed = PersistedCaseSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      throw new MigrationError(def.id, v, 'migration returned an invalid snapshot', { cause: parsed.error });
    }
  }
  return { ...envelope, version: def.version, snapshot, timers };
}

// `restoreSnapshot` only uses the actor scope to re-create persisted children.
const restoreScope = { self: undefined } as never;

/** A restored case: the live XState snapshot and the (migrated) envelope it came from. */
export interface RestoredCase<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** The snapshot, ready for XState's `transition()` or `createActor(machine, { snapshot })`. */
  readonly snapshot: SnapshotFrom<TMachine>;
  /** The envelope at the definition's current version (migrated if it was older). */
  readonly envelope: CaseEnvelope;
  /** The version the envelope had before migration (equal to `envelope.version` when none ran). */
  readonly fromVersion: number;
  /** The envelope as it was given (before migration). */
  readonly stored: CaseEnvelope;
}

/**
 * Restore a persisted case into a machine: parse and validate the envelope with zod, check it
 * is for this machine and not from the future, migrate it from older versions, check its state
 * still exists (and its context against the definition's schema), and revive the snapshot.
 * An envelope returned by a kefu step for this same definition and unchanged since (the same
 * JSON) skips the shape, machine, version and state checks it passed when it was built — and so
 * does its JSON text (`StepResult.text`) given back as is, in the same process; the context schema
 * is still checked, and the live snapshot is always revived from a copy.
 *
 * @throws {MalformedSnapshotError} Not JSON, not an envelope, or a context that fails its schema.
 * @throws {UnknownMachineError} The envelope is for another machine.
 * @throws {FutureVersionError} The envelope was written by a newer version.
 * @throws {MigrationError} A migration is missing or failed.
 * @throws {UnknownStateError} The snapshot is in a state the machine no longer has.
 * @throws {TamperedSnapshotError} The machine signs its cases (`signingKey`) and this one's signature is missing or matches neither that key nor one of its `previousSigningKeys`.
 * @throws {InvariantViolationError} The snapshot is in status `error`, or its context fails the
 * machine's registered context schema or a state invariant (checked on envelopes from outside).
 *
 * @example
 * const { snapshot } = restore(complaintMachine, row.envelope);
 * const actor = createActor(complaintMachine, { snapshot }).start();
 */
export function restore<TMachine extends AnyStateMachine>(machine: MachineLike<TMachine>, input: unknown): RestoredCase<TMachine> {
  return restoreCase(toDefinition(machine), input).restored;
}

/** What {@link restoreCase} gives a step besides the restored case. Internal. */
export interface RestoredForStep<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly restored: RestoredCase<TMachine>;
  /**
   * The envelope's fields to read (machine, version, timers, applied ids), never to hand out: on a
   * trusted text its snapshot is the live one's. `restored.envelope` is the one to hand out.
   */
  readonly current: CaseEnvelope;
  /** The envelope's JSON text when kefu produced it and it is unchanged (trusted), else `undefined`. */
  readonly text: string | undefined;
  /** The timers of the envelope as it was given (before migration). */
  readonly storedTimers: readonly PendingTimer[];
}

const isEmptyRecord = (v: unknown): boolean => v === undefined || (isRecord(v) && Object.keys(v).length === 0);

/**
 * The live snapshot of a persisted one. `restoreSnapshot` revives children, history and actor
 * references in the context (walking the whole context, policy included); a trusted envelope
 * whose `text` has none of them — active, no children, no history, no `"xstate$$type"` marker —
 * is resolved by XState's public `resolveState` instead, which builds the same snapshot without
 * that walk (what bench/floor.ts does). Anything else takes `restoreSnapshot`.
 */
function revive<TMachine extends AnyStateMachine>(def: MachineDefinition<TMachine>, persisted: PersistedCaseSnapshot, text?: string): SnapshotFrom<TMachine> {
  if (
    text !== undefined &&
    persisted.status === 'active' &&
    isEmptyRecord(persisted.children) &&
    isEmptyRecord(persisted.historyValue) &&
    !text.includes('"xstate$$type"')
  ) {
    const resolved = def.machine.resolveState({ ...persisted, historyValue: {} } as never) as AnyMachineSnapshot;
    if (resolved.status === 'active') return resolved as SnapshotFrom<TMachine>;
  }
  return def.machine.restoreSnapshot({ children: {}, historyValue: {}, ...persisted } as never, restoreScope) as SnapshotFrom<TMachine>;
}

/** {@link restore} for a step: also the fields to read without copying, and the trusted text. Internal. */
export function restoreCase<TMachine extends AnyStateMachine>(def: MachineDefinition<TMachine>, given: unknown): RestoredForStep<TMachine> {
  // A store's remembered text, with its trust (see trustedRecord): as the text, without looking it up.
  const known = isTrust(given) ? given : undefined;
  const input = known ? known.text : given;
  if (typeof input === 'string') {
    const trust = known ?? producedTrust(input);
    if (trust !== undefined && producedFor(trust, def)) {
      // A text kefu produced for this definition, given back as is: one parse, for the live snapshot.
      const copy = JSON.parse(input) as CaseEnvelope;
      if (wellFormed(copy)) {
        checkContext(def, copy.snapshot.context);
        const snapshot = revive(def, copy.snapshot, input);
        // The envelope to hand out shares nothing with the live snapshot: parsed again, when asked for.
        let envelope: CaseEnvelope | undefined;
        const handOut = (): CaseEnvelope => {
          if (envelope === undefined) {
            envelope = JSON.parse(input) as CaseEnvelope;
            produced.set(envelope, trust);
          }
          return envelope;
        };
        const restored = Object.defineProperties({ snapshot, fromVersion: copy.version } as RestoredCase<TMachine>, {
          envelope: { get: handOut, enumerable: true, configurable: true },
          stored: { get: handOut, enumerable: true, configurable: true },
        });
        return { restored, current: copy, text: input, storedTimers: copy.timers };
      }
    }
  }
  const text = trustedText(def, input);
  if (text !== undefined) {
    // Produced by kefu for this definition and unchanged since: its shape, machine, version and
    // state are known good. One copy in, for the live snapshot.
    const envelope = input as CaseEnvelope;
    const copy = JSON.parse(text) as CaseEnvelope;
    checkContext(def, copy.snapshot.context);
    const snapshot = revive(def, copy.snapshot, text);
    return { restored: { snapshot, envelope, fromVersion: envelope.version, stored: envelope }, current: envelope, text, storedTimers: envelope.timers };
  }
  const parsed = parseEnvelope(input);
  checkSignature(def, parsed);
  const envelope = migrateEnvelope(def, parsed);
  checkStateExists(def.machine, envelope.snapshot.value);
  checkContext(def, envelope.snapshot.context);
  checkInvariants(def.id, envelope.snapshot);
  const snapshot = revive(def, jsonCopy(envelope.snapshot));
  return { restored: { snapshot, envelope, fromVersion: parsed.version, stored: parsed }, current: envelope, text: undefined, storedTimers: parsed.timers };
}

/**
 * Throw {@link InvariantViolationError} when the snapshot is in status `error`, or its context
 * fails the machine's registered context schema or one of its state invariants. With
 * `context: false` the schema is skipped (a snapshot the machine itself just produced). Internal.
 */
export function checkInvariants(machineId: string, snapshot: { status: string; value: StateValue; context: unknown }, options: { context?: boolean } = {}): void {
  const failures = invariantFailures(machineId, snapshot, options);
  if (failures.length > 0) throw new InvariantViolationError(machineId, failures);
}

/** Throw {@link TamperedSnapshotError} when the definition signs its cases and this one's signature is missing or wrong. */
function checkSignature(def: MachineDefinition, envelope: CaseEnvelope): void {
  if (def.signingKey === undefined || envelope.machine !== def.id) return;
  if (envelope.signature === undefined) throw new TamperedSnapshotError(def.id, 'unsigned');
  if (!hasValidSignature(envelope, def.signingKey) && !signedByAny(envelope, def.previousSigningKeys)) throw new TamperedSnapshotError(def.id, 'mismatch');
}

/** Throw {@link MalformedSnapshotError} when the context fails the definition's schema. */
function checkContext(def: MachineDefinition, context: unknown): void {
  if (def.context) {
    const ok = z.safeParse(def.context, context);
    if (!ok.success) {
      throw new MalformedSnapshotError('context does not match its schema', {
        issues: issuesFromZod(ok.error.issues, 'snapshot.context'),
        machineId: def.id,
        cause: ok.error,
      });
    }
  }
}

/** Options of {@link serialize}. */
export interface SerializeOptions {
  /** Time written into `updatedAt` (the host's clock). @default the current time */
  readonly now?: Instant;
  /**
   * Pending timers to record. Default: when serializing an actor, the delayed events its system
   * has scheduled for it (due = when scheduled + delay, on the actor's clock); otherwise none.
   */
  readonly timers?: readonly PendingTimer[];
  /** Recently applied event ids to record. @default [] */
  readonly appliedIds?: readonly string[];
}

function isActorRef(value: unknown): value is AnyActorRef {
  return typeof (value as AnyActorRef | null)?.getPersistedSnapshot === 'function' && typeof (value as AnyActorRef).send === 'function';
}

/** The delayed events an actor's system has scheduled for the actor itself. */
function scheduledTimers(actor: AnyActorRef): PendingTimer[] {
  const scheduled = actor.system?.getSnapshot?.()._scheduledEvents ?? {};
  const out: PendingTimer[] = [];
  for (const entry of Object.values(scheduled)) {
    if (entry.target !== actor || entry.source !== actor) continue;
    out.push({ id: entry.id, event: jsonCopy(entry.event), due: toIso(entry.startedAt + entry.delay) });
  }
  return out.sort((a, b) => toEpoch(a.due) - toEpoch(b.due));
}

/**
 * Serialize a case from a running actor or a machine snapshot into a versioned envelope.
 * The snapshot is XState's persisted snapshot passed through JSON, so what you store is what
 * you get back.
 *
 * @example
 * const envelope = serialize(complaintMachine, actor, { now: '2026-12-01T09:40:00+08:00' });
 * await db.save(caseId, JSON.stringify(envelope));
 */
export function serialize<TMachine extends AnyStateMachine>(
  machine: MachineLike<TMachine>,
  source: AnyActorRef | AnyMachineSnapshot,
  options: SerializeOptions = {},
): CaseEnvelope {
  const def = toDefinition(machine);
  const persisted = isActorRef(source) ? source.getPersistedSnapshot() : def.machine.getPersistedSnapshot(source as never);
  const timers = options.timers ?? (isActorRef(source) ? scheduledTimers(source) : []);
  return {
    machine: def.id,
    version: def.version,
    snapshot: jsonCopy(persisted) as PersistedCaseSnapshot,
    updatedAt: toIso(options.now ?? Date.now(), 'now'),
    timers: jsonCopy([...timers]),
    appliedIds: [...(options.appliedIds ?? [])],
  };
}

/** Options of {@link restoreActor}. */
export interface RestoreActorOptions {
  /** The host's clock, to compute how long each pending timer still has to run. @default the current time */
  readonly now?: Instant;
}

/**
 * Restore a persisted case into a started actor, for a single process (a browser, a script).
 * Unlike `createActor(machine, { snapshot })` alone, the envelope's pending timers are re-armed
 * on the actor's system with their remaining time (0 when already due), so an escalation whose
 * due time passed while nothing ran still fires (statelyai/xstate#5331).
 *
 * @example
 * const actor = restoreActor(complaintMachine, JSON.parse(text));
 */
export function restoreActor<TMachine extends AnyStateMachine>(
  machine: MachineLike<TMachine>,
  input: unknown,
  options: RestoreActorOptions = {},
): Actor<TMachine> {
  const def = toDefinition(machine);
  const { envelope } = restore(def, input);
  const actor = createActor(def.machine, { snapshot: jsonCopy(envelope.snapshot) } as never) as Actor<TMachine>;
  actor.start();
  const now = toEpoch(options.now ?? Date.now(), 'now');
  if ((actor.getSnapshot() as AnyMachineSnapshot).status === 'active') {
    for (const timer of envelope.timers) {
      actor.system.scheduler.schedule(actor, actor, timer.event, Math.max(0, toEpoch(timer.due) - now), timer.id);
    }
  }
  return actor;
}
