import {
  initialTransition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EmittedFrom,
  type EventObject,
  type InputFrom,
  type SnapshotFrom,
} from 'xstate';
import { isKefuError } from '../errors/kefu-error.js';
import { parseOrThrow } from '../errors/validation-error.js';
import { checkEvent, explain, failedRefusal, type Acceptance, type Outcome, type Refusal } from '../rules/outcome.js';
import { bindPrincipal } from '../roles/permit.js';
import { exactPrincipal, type Principal } from '../roles/principal.js';
import { machineSchemasFor } from '../rules/registry.js';
import type { EventInputOf } from '../rules/event-input.js';
import type { Violation } from '../rules/violation.js';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { toDefinition, type MachineDefinition, type MachineLike } from './definition.js';
import { checkInvariants, produceEnvelope, restoreCase, type RestoredForStep } from './envelope.js';
import type { CaseEnvelope, PendingTimer, PersistedCaseSnapshot } from './envelope.types.js';
import { MachineFailedError } from './errors/machine-failed-error.js';
import { ChildActorsError } from './errors/child-actors-error.js';
import { diffTimers, type TimerInstructions } from './timers.js';
import { pureTransition, sharingTransitionData } from './pure-transition.js';

/** A named action of the machine for the host to run (send the SMS, notify the supervisor…), with its params. */
export interface SideEffect {
  /** The action's name, e.g. `notifyCustomer`. */
  readonly type: string;
  /** The params the machine resolved for it. */
  readonly params: unknown;
}

/**
 * What became of an event:
 * - `applied`: the machine took it;
 * - `refused`: a schema or rule said no, or the rules allowed the event but the machine could not
 *   apply it (`refusal.reason: 'failed'`, as `send` says it) — see `refusal`; or a delivered timer
 *   no longer had a transition;
 * - `duplicate`: an event with this id was already applied; nothing happened again;
 * - `stale-timer`: a delivered timer is no longer pending (cancelled, fired, or rescheduled);
 * - `not-due`: a delivered timer is not due yet (early delivery); nothing happened.
 */
export type StepStatus = 'applied' | 'refused' | 'duplicate' | 'stale-timer' | 'not-due';

/** The result of {@link step}, {@link stepTimer} or {@link initialStep}. */
export interface StepResult<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** What became of the event. */
  readonly status: StepStatus;
  /** Whether the event took effect now or earlier (`applied` or `duplicate`). */
  readonly accepted: boolean;
  /** Whether the envelope differs from the one passed in and must be saved. */
  readonly changed: boolean;
  /**
   * The new envelope (the old one, migrated, when nothing changed). Parsed from {@link text} when
   * first read: a host that stores the text does not pay for the object.
   */
  readonly envelope: CaseEnvelope;
  /**
   * The envelope as JSON text: what to store. Given back as is to the next step in the same
   * process (from memory or from a store), it is trusted like the envelope object — not validated
   * again — and restored with a single parse.
   */
  readonly text: string;
  /** The XState snapshot after the step. */
  readonly snapshot: SnapshotFrom<TMachine>;
  /** The event as it was applied (with `at` filled in), if it reached the machine. */
  readonly event: EventObject | undefined;
  /** The outcome from kefu's rules (`explain` / `validateEvent`), when they were consulted. */
  readonly outcome: Outcome | undefined;
  /** Why the event was refused (rule IDs and messages, or field issues). */
  readonly refusal: Refusal | undefined;
  /** The rule violations that refused the event (empty unless refused by a rule). */
  readonly violations: readonly Violation[];
  /** Events the machine emitted (`emit(...)`), for the host's listeners. */
  readonly emitted: readonly EmittedFrom<TMachine>[];
  /** Named actions for the host to run, in order, with their params. */
  readonly effects: readonly SideEffect[];
  /** Timers to schedule and cancel, with stable ids (case id + send id). */
  readonly timers: TimerInstructions;
}

/**
 * An event a host sends a machine, where `at` may be left out (the step fills it from `now`): the
 * input type of the machine's event schema (fields with schema defaults optional; see
 * `withEventSchema`), else its XState event type. The step parses it with the registered schema.
 */
export type StepEvent<TMachine extends AnyStateMachine> =
  EventInputOf<TMachine> extends infer E ? (E extends { at: unknown } ? Omit<E, 'at'> & { at?: E['at'] } : E) : never;

/** Options of {@link step}. */
export interface StepOptions {
  /** The host's clock: fills a missing `at`, stamps `updatedAt`, and is the base of timers when the case has no clock. */
  readonly now: Instant;
  /** The case id, used in stable timer ids. */
  readonly caseId?: string;
  /**
   * The event's id, for idempotency: an id among the envelope's `appliedIds` (the last
   * `keepAppliedIds` applied) is not applied again. A window, for hosts that store envelopes
   * themselves: a retry after that many later events applies again. The runtime facade does not
   * use it; its ids are unique per case forever, through the case's history.
   */
  readonly eventId?: string;
  /** How many applied event ids the envelope remembers (the window of `eventId`). @default 100 */
  readonly keepAppliedIds?: number;
  /**
   * Who sends the event, from the host's authenticated session (ROLE-PERMIT). Put on the event
   * as `by`; an event whose own `by` disagrees is refused.
   */
  readonly by?: Principal;
}

/** Options of {@link stepTimer}. */
export interface StepTimerOptions extends Omit<StepOptions, 'eventId' | 'by'> {
  /** How early (ms) a timer may be delivered and still fire (clock skew between servers). @default 1000 */
  readonly earlyToleranceMs?: number;
}

/** Options of {@link initialStep}. */
export interface InitialStepOptions {
  /** The host's clock: stamps `updatedAt`, base of timers when the case has no clock. */
  readonly now: Instant;
  /** The case id, used in stable timer ids. */
  readonly caseId?: string;
  /** An id to remember as applied (e.g. the id of the request that opened the case). */
  readonly eventId?: string;
}

const DEFAULT_KEEP_APPLIED = 100;
/** Largest epoch ms a Date can hold; a timer due later never fires (e.g. a `MAX_SAFE_INTEGER` delay). */
const MAX_EPOCH = 8.64e15;

function epochOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return toEpoch(value);
  } catch {
    return undefined;
  }
}

/** The instant delays are measured from: the definition's clock, the context's `now`, the event's `at`, or the host's now. */
function caseClock(def: MachineDefinition, snapshot: AnyMachineSnapshot, event: EventObject | undefined, now: number): number {
  const fromDef = def.clock ? epochOrUndefined(def.clock(snapshot)) : undefined;
  if (fromDef !== undefined) return fromDef;
  const fromContext = epochOrUndefined((snapshot.context as { now?: unknown } | undefined)?.now);
  if (fromContext !== undefined) return fromContext;
  const fromEvent = epochOrUndefined((event as { at?: unknown } | undefined)?.at);
  return fromEvent ?? now;
}

interface ExecutableLike {
  type: string;
  params?: unknown;
}

/** Turn XState's executable actions into emitted events, side effects and the new pending timers. */
function collect(
  def: MachineDefinition,
  next: AnyMachineSnapshot,
  actions: readonly ExecutableLike[],
  pending: readonly PendingTimer[],
  event: EventObject | undefined,
  now: number,
) {
  const timers = new Map(pending.map((t) => [t.id, t]));
  const emitted: EventObject[] = [];
  const effects: SideEffect[] = [];
  const base = caseClock(def, next, event, now);
  for (const action of actions) {
    const params = (action.params ?? {}) as Record<string, unknown>;
    switch (action.type) {
      case 'xstate.raise': {
        if (typeof params.delay !== 'number') break; // immediate raises were processed by the macrostep
        const delayed = params.event as EventObject;
        const dueMs = base + Math.max(0, params.delay);
        if (!Number.isFinite(dueMs) || dueMs > MAX_EPOCH) break; // "never"
        const due = toIso(dueMs);
        const id = typeof params.id === 'string' ? params.id : `${delayed.type}@${due}`;
        // Copied to JSON with the rest of the envelope (see ownEnvelope).
        timers.set(id, { id, event: delayed, due });
        break;
      }
      case 'xstate.cancel':
        if (typeof params.sendId === 'string') timers.delete(params.sendId);
        break;
      case 'xstate.emit':
        emitted.push(params.event as EventObject);
        break;
      default:
        // Other builtins (log, sendTo/sendParent, spawn/stop child) have no meaning for a stored case.
        if (!action.type.startsWith('xstate.')) effects.push({ type: action.type, params: action.params });
    }
  }
  // A case that ended waits for nothing.
  const after = next.status === 'active' ? [...timers.values()] : [];
  if (after.length > 1) {
    const dueMs = new Map(after.map((t) => [t, toEpoch(t.due)]));
    after.sort((a, b) => dueMs.get(a)! - dueMs.get(b)! || a.id.localeCompare(b.id));
  }
  return { emitted, effects, timers: after };
}

function remember(ids: readonly string[], id: string | undefined, keep: number): readonly string[] {
  if (id === undefined) return ids;
  const out = [...ids.filter((x) => x !== id), id];
  return out.length > keep ? out.slice(out.length - keep) : out;
}

const NO_TIMERS: TimerInstructions = Object.freeze({ schedule: Object.freeze([]), cancel: Object.freeze([]) });

/** A step result whose `envelope` and `text` are produced when first read. */
function withEnvelope<TMachine extends AnyStateMachine>(
  fields: Omit<StepResult<TMachine>, 'envelope' | 'text'>,
  envelope: () => CaseEnvelope,
  text: () => string,
): StepResult<TMachine> {
  return Object.defineProperties(fields, {
    envelope: { get: envelope, enumerable: true, configurable: true },
    text: { get: text, enumerable: true, configurable: true },
  }) as StepResult<TMachine>;
}

function unchanged<TMachine extends AnyStateMachine>(
  status: StepStatus,
  r: RestoredForStep<TMachine>,
  caseId: string | undefined,
  extra: { event?: EventObject; outcome?: Outcome } = {},
): StepResult<TMachine> {
  const { restored } = r;
  const refusal = extra.outcome && !extra.outcome.accepted ? extra.outcome : undefined;
  const migrated = restored.fromVersion !== r.current.version;
  let text = r.text;
  return withEnvelope<TMachine>(
    {
      status,
      accepted: status === 'duplicate',
      // A migrated envelope is worth saving (with its renamed timers) even when the event did nothing.
      changed: migrated,
      snapshot: restored.snapshot,
      event: extra.event,
      outcome: extra.outcome,
      refusal,
      violations: refusal?.violations ?? [],
      emitted: [],
      effects: [],
      timers: migrated ? diffTimers(caseId, r.storedTimers, r.current.timers) : NO_TIMERS,
    },
    () => restored.envelope,
    () => (text ??= JSON.stringify(restored.envelope)),
  );
}

/** A child's timers and the events sent to it would be lost between steps: refuse, save nothing. */
function refuseChildren(machineId: string, snapshot: AnyMachineSnapshot): void {
  const children = Object.keys(snapshot.children ?? {});
  if (children.length > 0) throw new ChildActorsError(machineId, children);
}

/** XState's pure `transition()`: the next snapshot and its actions, or the error the machine failed with. */
type Computed =
  | { readonly failed: false; readonly next: AnyMachineSnapshot; readonly actions: ExecutableLike[] }
  | { readonly failed: true; readonly error: unknown };

function compute(def: MachineDefinition, snapshot: AnyMachineSnapshot, event: EventObject): Computed {
  try {
    const [next, actions] = pureTransition(def.machine, snapshot, event);
    return next.status === 'error' ? { failed: true, error: next.error } : { failed: false, next, actions };
  } catch (error) {
    return { failed: true, error };
  }
}

/**
 * What the rules say of `event` (kefu's `explain`) and, when they accept it, what the machine makes
 * of it — the event's transitions selected once for both (see `sharingTransitionData`).
 */
function decide(
  def: MachineDefinition,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): { readonly accepted: false; readonly outcome: Refusal } | { readonly accepted: true; readonly outcome: Acceptance; readonly computed: Computed } {
  return sharingTransitionData(def.machine, snapshot, event, () => {
    const outcome = explain(snapshot, event);
    return outcome.accepted ? { accepted: true, outcome, computed: compute(def, snapshot, event) } : { accepted: false, outcome };
  });
}

/** Apply an event the rules accepted and the machine computed: envelope, effects and timers. */
function apply<TMachine extends AnyStateMachine>(
  def: MachineDefinition<TMachine>,
  envelope: CaseEnvelope,
  computed: { readonly next: AnyMachineSnapshot; readonly actions: ExecutableLike[] },
  event: EventObject,
  pending: readonly PendingTimer[],
  options: { now: number; caseId: string | undefined; eventId: string | undefined; keep: number; outcome: Outcome; stored: readonly PendingTimer[] },
): StepResult<TMachine> {
  const { next, actions } = computed;
  refuseChildren(def.id, next);
  // A chart that breaks its own invariants is caught here, before anything is saved.
  checkInvariants(def.id, next, { context: false });
  const { emitted, effects, timers } = collect(def, next, actions, pending, event, options.now);
  const result = produceEnvelope(def, {
    machine: def.id,
    version: def.version,
    snapshot: def.machine.getPersistedSnapshot(next) as PersistedCaseSnapshot,
    updatedAt: toIso(options.now),
    timers,
    appliedIds: remember(envelope.appliedIds, options.eventId, options.keep),
  }, event.type);
  return withEnvelope<TMachine>(
    {
      status: 'applied',
      accepted: true,
      changed: true,
      snapshot: next as SnapshotFrom<TMachine>,
      event,
      outcome: options.outcome,
      refusal: undefined,
      violations: [],
      emitted: emitted as EmittedFrom<TMachine>[],
      effects,
      // Diff against what is stored, so timers renamed by a migration are cancelled and rescheduled.
      // (The envelope's timers are these, through JSON; the instructions are JSON copies.)
      timers: diffTimers(options.caseId, options.stored, timers),
    },
    () => result.envelope(),
    () => result.rememberedText(),
  );
}

function withAt(event: unknown, at: string): unknown {
  if (event && typeof event === 'object' && !Array.isArray(event) && !('at' in event)) return { ...event, at };
  return event;
}

function reservedRefusal(type: string): Refusal {
  return {
    accepted: false,
    eventType: type,
    reason: 'invalid-event',
    violations: [],
    issues: [{ path: 'type', message: 'event types starting with "xstate." are internal to the machine' }],
    message: {
      zh: `事件格式不正确(type: ${type} 为状态机内部事件)`,
      en: `malformed event (type: ${type} is internal to the machine)`,
    },
  };
}

/**
 * Apply one event to a stored case, without an actor: restore the envelope (validating and
 * migrating it), check the event against its schema and the machine's rules, take XState's
 * pure `transition()`, and return the new envelope with what the host must do — emitted
 * events, side effects (named actions with params) and timer instructions (schedule with an
 * absolute due time, cancel), each timer with a stable id (case id + send id).
 *
 * The event's `at` is filled from `now` when missing. An event carrying an `eventId` that was
 * already applied has no second effect (`status: 'duplicate'`). A refused event leaves the
 * case exactly as it was; `refusal` says which rules refused it and why. An event whose `at`
 * lies before the case's clock, or after `now`, by more than the policy's clock tolerance is
 * refused as `invalid-event`, like one over the policy's text and list limits. An event the rules
 * allow but the machine cannot apply (an action throws, e.g. a deadline beyond the calendar's
 * range) is refused with `reason: 'failed'`, exactly as `send` refuses it: the case is unchanged and
 * never in `status: 'error'` (retrying the same event fails again; the refusal's issue names the
 * machine's error).
 *
 * @throws {EnvelopeTooLargeError} When the new envelope would be over the policy's `limits.envelopeBytes` (nothing to save).
 *
 * @example
 * const r = step(complaintMachine, envelope, { type: 'COMPLAINT.REGISTER' }, { now: Date.now(), caseId: 'C-1' });
 * if (r.status === 'refused') console.log(r.violations.map((v) => v.rule));
 * else await save(r.envelope, r.timers);
 */
export function step<TMachine extends AnyStateMachine>(
  machine: MachineLike<TMachine>,
  envelope: unknown,
  event: StepEvent<TMachine>,
  options: StepOptions,
): StepResult<TMachine> {
  const def = toDefinition(machine);
  const now = toEpoch(options.now, 'now');
  const r = restoreCase(def, envelope);
  const { restored, current } = r;
  const caseId = options.caseId;
  if (options.eventId !== undefined && current.appliedIds.includes(options.eventId)) {
    return unchanged('duplicate', r, caseId, {
      outcome: { accepted: true, eventType: String((event as EventObject | null)?.type ?? '(unknown)') },
    });
  }
  let filled = withAt(event, toIso(now));
  const type = (filled as EventObject | null)?.type;
  if (typeof type === 'string' && type.startsWith('xstate.')) {
    return unchanged('refused', r, caseId, { outcome: reservedRefusal(type) });
  }
  if (options.by !== undefined && filled && typeof filled === 'object' && typeof type === 'string') {
    const bound = bindPrincipal(filled as EventObject, options.by);
    if (bound.violation) {
      return unchanged('refused', r, caseId, { outcome: explain(restored.snapshot as AnyMachineSnapshot, filled as EventObject, { by: options.by }) });
    }
    filled = bound.event;
  }
  const valid = checkEvent(restored.snapshot as AnyMachineSnapshot, filled, { now }, exactPrincipal);
  if ((valid as Refusal).accepted === false && 'reason' in (valid as object)) {
    return unchanged('refused', r, caseId, { outcome: valid as Refusal });
  }
  const parsed = valid as EventObject;
  const snapshot = restored.snapshot as AnyMachineSnapshot;
  // The rules' `can` and the transition select the event's transitions once between them.
  const decided = decide(def, snapshot, parsed);
  if (!decided.accepted) return unchanged('refused', r, caseId, { event: parsed, outcome: decided.outcome });
  const { outcome, computed } = decided;
  // The rules allowed it but the machine cannot apply it: refused like `send` refuses it, case unchanged.
  if (computed.failed) {
    return unchanged('refused', r, caseId, { event: parsed, outcome: failedRefusal(parsed.type, computed.error) });
  }
  return apply(def, current, computed, parsed, current.timers, {
    now,
    caseId,
    eventId: options.eventId,
    keep: options.keepAppliedIds ?? DEFAULT_KEEP_APPLIED,
    outcome,
    stored: r.storedTimers,
  });
}

/**
 * Deliver one of the case's pending timers (what a scheduler calls when a timer is due). The
 * timer is looked up in the envelope by its send id: one that is no longer pending, or pending
 * for another due time, is stale and ignored; one delivered before its due time (beyond
 * `earlyToleranceMs`) is not applied. Otherwise its event is applied with the case clock at
 * least at the due time, and the timer is consumed even if the machine no longer takes it.
 * Applying the same timer twice has no second effect: the first delivery consumed it.
 *
 * Unlike {@link step}, a timer whose event the machine cannot apply throws: a deadline is not
 * dropped as a refusal, it stays pending with the scheduler, which retries it.
 *
 * @throws {MachineFailedError} When the machine fails applying the timer's event (nothing to save; the timer stays pending).
 *
 * @example
 * const r = stepTimer(complaintMachine, envelope, { sendId, due }, { now: Date.now(), caseId });
 */
export function stepTimer<TMachine extends AnyStateMachine>(
  machine: MachineLike<TMachine>,
  envelope: unknown,
  timer: { readonly sendId: string; readonly due?: Instant },
  options: StepTimerOptions,
): StepResult<TMachine> {
  const def = toDefinition(machine);
  const now = toEpoch(options.now, 'now');
  const r = restoreCase(def, envelope);
  const { restored, current } = r;
  const caseId = options.caseId;
  const pending = current.timers.find((t) => t.id === timer.sendId);
  if (!pending || (timer.due !== undefined && toEpoch(timer.due, 'due') !== toEpoch(pending.due))) {
    return unchanged('stale-timer', r, caseId);
  }
  const due = toEpoch(pending.due);
  if (due > now + (options.earlyToleranceMs ?? 1000)) return unchanged('not-due', r, caseId);
  const at = Math.max(now, due);
  const event = withAt(pending.event, toIso(at)) as EventObject;
  const rest = current.timers.filter((t) => t !== pending);
  const keep = options.keepAppliedIds ?? DEFAULT_KEEP_APPLIED;
  // The delivered timer is consumed, not cancelled: the scheduler is the one delivering it.
  const stored = r.storedTimers.filter((t) => t.id !== pending.id);
  const snapshot = restored.snapshot as AnyMachineSnapshot;
  const decided = decide(def, snapshot, event);
  if (!decided.accepted) {
    const outcome = decided.outcome;
    // The machine no longer takes it (e.g. its state was left without a cancel): consume the timer.
    // (From the envelope to hand out: on a trusted text, `current.snapshot` is the live snapshot's.)
    const consumed = produceEnvelope(def, { ...restored.envelope, timers: rest, updatedAt: toIso(at) });
    return withEnvelope<TMachine>(
      {
        status: 'refused',
        accepted: false,
        changed: true,
        snapshot: restored.snapshot,
        event,
        outcome,
        refusal: outcome,
        violations: outcome.violations,
        emitted: [],
        effects: [],
        timers: diffTimers(caseId, stored, rest),
      },
      () => consumed.envelope(),
      () => consumed.rememberedText(),
    );
  }
  const { outcome, computed } = decided;
  // A deadline is not dropped: the scheduler keeps the timer and retries it.
  if (computed.failed) throw new MachineFailedError(def.id, event.type, { cause: computed.error });
  return apply(def, current, computed, event, rest, {
    now: at,
    caseId,
    eventId: undefined,
    keep,
    outcome,
    stored,
  });
}

/**
 * Start a case without an actor: validate the input against the machine's registered input
 * schema, take XState's pure `initialTransition()`, and return the first envelope with the
 * emitted events, side effects and timers of the initial state.
 *
 * @throws {ValidationError} When the input fails the registered schema (or the machine's own validation).
 * @throws {MachineFailedError} When the machine fails to start for another reason.
 * @throws {EnvelopeTooLargeError} When the first envelope is over the policy's `limits.envelopeBytes`.
 *
 * @example
 * const r = initialStep(complaintMachine, { form }, { now: Date.now(), caseId: form.caseId });
 * await store.create(form.caseId, r.envelope);
 */
export function initialStep<TMachine extends AnyStateMachine>(
  machine: MachineLike<TMachine>,
  input: InputFrom<TMachine>,
  options: InitialStepOptions,
): StepResult<TMachine> {
  const def = toDefinition(machine);
  const now = toEpoch(options.now, 'now');
  const schemas = machineSchemasFor(def.id);
  if (schemas?.input) parseOrThrow(schemas.input, input, `${def.id} input`);
  let first: AnyMachineSnapshot;
  let actions: ExecutableLike[];
  try {
    [first, actions] = initialTransition(def.machine, input as never) as unknown as [AnyMachineSnapshot, ExecutableLike[]];
  } catch (cause) {
    throw isKefuError(cause) ? cause : new MachineFailedError(def.id, 'xstate.init', { cause });
  }
  if (first.status === 'error') {
    throw isKefuError(first.error) ? first.error : new MachineFailedError(def.id, 'xstate.init', { cause: first.error });
  }
  refuseChildren(def.id, first);
  const { emitted, effects, timers } = collect(def, first, actions, [], undefined, now);
  const envelope = produceEnvelope(def, {
    machine: def.id,
    version: def.version,
    snapshot: def.machine.getPersistedSnapshot(first) as PersistedCaseSnapshot,
    updatedAt: toIso(now),
    timers,
    appliedIds: options.eventId === undefined ? [] : [options.eventId],
  }, 'xstate.init');
  return withEnvelope<TMachine>(
    {
      status: 'applied',
      accepted: true,
      changed: true,
      snapshot: first as SnapshotFrom<TMachine>,
      event: undefined,
      outcome: undefined,
      refusal: undefined,
      violations: [],
      emitted: emitted as EmittedFrom<TMachine>[],
      effects,
      timers: diffTimers(options.caseId, [], timers),
    },
    () => envelope.envelope(),
    () => envelope.rememberedText(),
  );
}
