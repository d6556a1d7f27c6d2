import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, EventObject, InputFrom, SnapshotFrom, StateValue } from 'xstate';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { buildCaseFile, caseFileMarkdown, type CaseFile, type CaseFileOptions } from './case-file.js';
import { toDefinition, withSigningKey, type MachineDefinition, type MachineLike } from './definition.js';
import type { SigningKey } from './signing.js';
import { producedTrust, restore, storedTrust } from './envelope.js';
import type { CaseEnvelope, PendingTimer } from './envelope.types.js';
import { isCaseExistsError } from './errors/case-exists-error.js';
import { CaseNotFoundError } from './errors/case-not-found-error.js';
import { ConflictError, isConflictError } from './errors/conflict-error.js';
import { IdempotencyKeyReusedError } from './errors/idempotency-key-reused-error.js';
import { UnknownMachineError } from './errors/unknown-machine-error.js';
import { InMemoryCaseStore } from './memory-store.js';
import { guardStore } from './store-guard.js';
import { InMemoryScheduler } from './memory-scheduler.js';
import { InMemoryOutbox, OutboxWorker, outboxMessages, type Outbox, type OutboxEntry, type OutboxMessage, type OutboxOptions, type OutboxQuery } from './outbox.js';
import type { DeliverOptions, DeliverTimer, Scheduler } from './scheduler.js';
import {
  HISTORY_PAGE,
  OPEN_EVENT_TYPE,
  recordedEvent,
  sameRequest,
  SYSTEM_TIMER_PRINCIPAL,
  type HistoryEntry,
  type HistoryOptions,
  type HistoryPage,
  type HistoryPrincipal,
  type NewHistoryEntry,
} from './history.js';
import { initialStep, step, stepTimer, type StepEvent, type StepResult } from './step.js';
import type { CaseRecord, CaseStore, StatementPart, WrittenRecord } from './store.js';
import { netTimers, timerId, type DueTimer, type TimerInstructions } from './timers.js';
import { copyOwn } from './copy-own.js';
import type { Principal } from '../roles/principal.js';
import { reprojectCases, type ReprojectOptions, type ReprojectReport } from './reproject.js';
import { backfillCases, type BackfillOptions, type BackfillReport, type HistoryBackfill } from './backfill.js';
import { projectCase, toWorklistPage, worklistFilter, type CaseProjection, type WorklistPage, type WorklistQuery } from './worklist.js';

/** The result of a runtime call that changed (or tried to change) a case. */
export interface CaseResult<TMachine extends AnyStateMachine = AnyStateMachine> extends StepResult<TMachine> {
  /** The case. */
  readonly caseId: string;
  /** The record as stored after the call (unchanged when nothing was saved). */
  readonly record: CaseRecord;
  /** How many load–step–save attempts it took (more than 1 after version conflicts). */
  readonly attempts: number;
  /**
   * The history entry this call wrote (AUDIT-TRAIL); for a `duplicate`, the earlier entry whose
   * result it repeats. `undefined` when nothing was recorded (a stale or early timer).
   */
  readonly entry: HistoryEntry | undefined;
  /** The effects and emitted events written to the outbox with the change (none without `outbox`). */
  readonly outbox: readonly OutboxMessage[];
}

/** A case as read by {@link CaseRuntime.read}. */
export interface CaseView {
  readonly caseId: string;
  /** The row version (optimistic concurrency). */
  readonly version: number;
  /** The machine id. */
  readonly machine: string;
  /** The envelope (migrated in memory to the current machine version; stored as it was). */
  readonly envelope: CaseEnvelope;
  /** The restored XState snapshot. */
  readonly snapshot: AnyMachineSnapshot;
  /** Shortcut for `snapshot.value`. */
  readonly value: StateValue;
  /** Shortcut for `snapshot.status`. */
  readonly status: AnyMachineSnapshot['status'];
  /** Shortcut for `snapshot.context`. */
  readonly context: unknown;
  /** Pending timers, earliest first. */
  readonly timers: readonly PendingTimer[];
}

/** A case with timers whose due time has passed and that have not fired yet. */
export interface OverdueCase {
  readonly caseId: string;
  readonly machine: string;
  /** The overdue timers, earliest first. */
  readonly overdue: readonly { readonly sendId: string; readonly eventType: string; readonly due: string }[];
}

/** What {@link CaseRuntimeOptions.onCommitted} receives after every committed change. */
export type CommittedChange = CaseResult & { readonly kind: 'open' | 'send' | 'timer' };

/** Options of {@link createCaseRuntime}. */
export interface CaseRuntimeOptions<Tx = unknown> {
  /** Every machine the runtime may meet in the store (bare machines or `defineMachine` definitions). */
  readonly machines: readonly MachineLike[];
  /**
   * Sign every case of every machine that has no key of its own (HMAC-SHA256, see
   * `defineMachine`'s `signingKey`): a row changed outside kefu is rejected with
   * `TamperedSnapshotError`. @default no signing
   */
  readonly signingKey?: SigningKey;
  /**
   * While rotating `signingKey`: older keys whose signatures are still accepted on load (see
   * `defineMachine`'s `previousSigningKeys`; re-sign the cases with `resignCases`). @default []
   */
  readonly previousSigningKeys?: readonly SigningKey[];
  /** Where cases live. @default new InMemoryCaseStore() */
  readonly store?: CaseStore<Tx>;
  /** Who delivers timers. @default new InMemoryScheduler() */
  readonly scheduler?: Scheduler<Tx>;
  /** The host's clock. @default Date.now */
  readonly clock?: () => Instant;
  /** Attempts of load–step–save before giving up on version conflicts with `ConflictError`. @default 10 */
  readonly maxAttempts?: number;
  /** Wait before retrying after a conflict, by attempt number (1-based). @default random 0..min(50, 2^attempt) ms */
  readonly retryDelayMs?: (attempt: number) => number;
  /** How early a timer may be delivered and still fire (clock skew). @default 1000 */
  readonly earlyToleranceMs?: number;
  /**
   * Called after every committed change with the side effects to run and the emitted events.
   * It runs after the commit: if it throws, the change stays and the error reaches the caller.
   */
  readonly onCommitted?: (change: CommittedChange) => void | Promise<void>;
  /**
   * The transactional outbox: every effect and emitted event of a change is written in the same
   * transaction as the case and delivered to `outbox.deliver` at least once, with a stable id,
   * retries with backoff and a dead-letter state. Without it nothing is written to an outbox
   * (use `onCommitted`, at most once).
   */
  readonly outbox?: OutboxOptions<Tx>;
  /** Called when delivering a timer failed (the scheduler retries it). @default ignore */
  readonly onTimerError?: (error: unknown, timer: DueTimer) => void;
}

/** The outbox as the runtime shows it: what waits, what was dead-lettered, and delivery by hand. */
export interface RuntimeOutbox {
  /** Messages not delivered yet (`pending`) or given up on (`dead`), oldest first. */
  list(query?: OutboxQuery): Promise<OutboxEntry[]>;
  /** Put a dead message back for delivery now. Returns whether there was such a dead message. */
  retry(id: string): Promise<boolean>;
  /** Deliver what is due now (needs `outbox.deliver`), e.g. with a simulated clock; returns how many were delivered. */
  deliverDue(): Promise<number>;
}

/** A case as read through a typed handle ({@link CaseRuntime.case}): the snapshot and context of its machine. */
export interface TypedCaseView<TMachine extends AnyStateMachine> extends Omit<CaseView, 'snapshot' | 'context'> {
  /** The restored XState snapshot. */
  readonly snapshot: SnapshotFrom<TMachine>;
  /** Shortcut for `snapshot.context`, typed by the machine. */
  readonly context: ContextFrom<TMachine>;
}

/**
 * One case of a known machine, typed by it: `open` takes the machine's input, `send` its events
 * (with `at` optional), `read` returns its context type. The machine is checked at run time too:
 * a case stored under another machine is refused with `UnknownMachineError`, nothing written.
 */
export interface TypedCase<TMachine extends AnyStateMachine> {
  /** The case id. */
  readonly caseId: string;
  /** Open the case with the machine's input. {@inheritDoc CaseRuntime.open} */
  open(input: InputFrom<TMachine>, options?: CallOptions): Promise<CaseResult<TMachine>>;
  /** Send one of the machine's events. {@inheritDoc CaseRuntime.send} */
  send(event: StepEvent<TMachine>, options?: CallOptions): Promise<CaseResult<TMachine>>;
  /** Read the case, or `undefined` when there is none. */
  read(): Promise<TypedCaseView<TMachine> | undefined>;
}

/** Options of {@link CaseRuntime.send} and {@link CaseRuntime.open}. */
export interface CallOptions {
  /** The time of the call (fills a missing `at`). @default the runtime's clock */
  readonly now?: Instant;
  /**
   * The event's id, for idempotency: unique per case, forever (kept in the case's history). A
   * retry of the same event with the same id returns the earlier result as `duplicate`; the same
   * id with a different event throws `IdempotencyKeyReusedError`.
   */
  readonly eventId?: string;
  /**
   * Who sends the event, from the host's authenticated session (ROLE-PERMIT): checked against the
   * policy's permission table and recorded in the case's history. Ignored by `open` except for the history.
   */
  readonly by?: Principal;
}

/** An event sent to a case: any event of its machine; `at` may be left out. */
export type CaseEvent = EventObject & Record<string, unknown>;

/**
 * The facade a host calls: open a case, send it events, read it, list overdue cases — with
 * optimistic concurrency (bounded retries on version conflicts), idempotent events, and timers
 * handed to a durable scheduler in the same write as the case.
 */
export interface CaseRuntime<Tx = unknown> {
  /** The machines the runtime knows, by id. */
  readonly machines: ReadonlyMap<string, MachineDefinition>;
  /** The store. */
  readonly store: CaseStore<Tx>;
  /** The scheduler. */
  readonly scheduler: Scheduler<Tx>;
  /** The outbox, when the runtime was created with `outbox`. */
  readonly outbox: RuntimeOutbox | undefined;
  /**
   * Open a case: start the machine with `input` and store it at version 1 with its timers.
   * @throws {CaseExistsError} When the id is taken (unless `eventId` matches the call that opened it: then the result is `duplicate`).
   * @throws {ValidationError} When the input fails the machine's schema.
   */
  open(caseId: string, machine: string | MachineLike, input: unknown, options?: CallOptions): Promise<CaseResult>;
  /**
   * Send an event to a case. A refused event changes nothing and says why (`refusal`, `violations`);
   * one the rules allow but the machine cannot apply is refused too (`refusal.reason: 'failed'`, as
   * `send` and `step` say it). Applied or refused, the attempt is appended to the case's history (AUDIT-TRAIL).
   * @throws {CaseNotFoundError} When there is no such case.
   * @throws {ConflictError} When it kept conflicting with other writers for `maxAttempts` attempts.
   * @throws {StoreUnavailableError} When the database could not be reached or broke off (`retrySafe` says whether to repeat the call).
   * @throws {IdempotencyKeyReusedError} When `eventId` was already used on this case for a different event.
   */
  send(caseId: string, event: CaseEvent, options?: CallOptions): Promise<CaseResult>;
  /**
   * A page of the case's history (AUDIT-TRAIL), oldest first: every applied event and refused
   * attempt with who, when, the outcome and the rules. Page with `after: page.next`.
   * @throws {CaseNotFoundError} When there is no such case.
   * @throws {ValidationError} When `limit` or `after` is out of range.
   */
  history(caseId: string, options?: HistoryOptions): Promise<HistoryPage>;
  /**
   * The case file (AUDIT-TRAIL; for a complaint, the 投诉归档资料): the case, its whole history and
   * the names of its steps in zh/en — as a JSON-safe object, or as Markdown with
   * `format: 'markdown'`. Personal data is masked (PRIVACY) unless `reveal: true`.
   * @throws {CaseNotFoundError} When there is no such case.
   */
  exportCaseFile(caseId: string, options: CaseFileOptions & { readonly format: 'markdown' }): Promise<string>;
  exportCaseFile(caseId: string, options?: CaseFileOptions & { readonly format?: 'json' }): Promise<CaseFile>;
  /** Read a case, or `undefined` when there is none. */
  read(caseId: string): Promise<CaseView | undefined>;
  /**
   * A handle on one case typed by its machine (which the runtime must know). The untyped `open`,
   * `send` and `read` stay for hosts that route events dynamically.
   *
   * @example
   * const complaint = runtime.case(complaintMachine, 'C-1');
   * await complaint.open({ form });
   * await complaint.send({ type: 'COMPLAINT.REGISTER' });
   * const view = await complaint.read(); // view.context: ComplaintContext
   */
  case<TMachine extends AnyStateMachine>(machine: MachineLike<TMachine>, caseId: string): TypedCase<TMachine>;
  /**
   * A worklist: the cases matching every filter given — machine, state (nested states included),
   * assignee, role queue, overdue at / due before, member, opened from/to, status (open by default)
   * — overdue first, then by next due time (cases without one last), the case id breaking ties.
   * Keyset pages: pass `next` as `after`. Fields come from each machine's worklist projection,
   * stored with the case (on PostgreSQL in indexed columns, written in the same transaction).
   *
   * @example
   * const mine = await runtime.worklist({ assignee: 'agent-07', limit: 20 });
   * for (const c of mine.items) console.log(c.caseId, c.overdue, c.nextDueAt);
   * @throws {ValidationError} When a filter is malformed or names an unknown machine or state (`issues` name the fields).
   */
  worklist(query?: WorklistQuery): Promise<WorklistPage>;
  /**
   * Recompute the stored worklist projection of cases from their envelopes — after a machine's
   * projection changed (`machine`), or for cases stored without one (`unprojectedOnly`) — in
   * batches by case id. Each case is restored as any load restores it, projected by its machine's
   * current projection and written alone if it is still at the version read; a case written
   * meanwhile is left to its writer, which projected it. Safe to run beside live traffic, and to
   * run again after a failure.
   *
   * @example
   * const report = await runtime.reproject({ machine: 'complaint' });
   * console.log(report.projected, report.failed);
   * @throws {ValidationError} When `machine` is unknown or `batchSize` is not 1–1000.
   * @throws {TypeError} When the store cannot list or write projections.
   */
  reproject(options?: ReprojectOptions): Promise<ReprojectReport>;
  /**
   * Fill in, from each case's history, a value its context lacks (AUDIT-TRAIL: never silently) —
   * e.g. who registered a complaint stored before complaints recorded it
   * (`complaintBackfills.registeredBy` of `kefu/machines/complaint`). For every case of the
   * backfill's machine that lacks the value, the oldest history entry holding it is found, and the
   * case is written at its next version — migrated, checked as any load checks it, with its
   * worklist projection — together with a `kefu.backfill` history entry naming the field, the value
   * and the entry it came from (`by`: `options.by`, else `BACKFILL_PRINCIPAL`). A case written
   * meanwhile is read again and retried (`maxAttempts`), then reported in `conflicts`; a case whose
   * history holds no such entry is left as it is and reported in `noEntry`. Safe beside live
   * traffic, and to run again: a case already filled is counted `complete`, nothing written.
   *
   * @example
   * const report = await runtime.backfill(complaintBackfills.registeredBy, { by: { id: 'ops-1', role: 'supervisor' } });
   * console.log(report.filled.length, report.noEntry);
   * @throws {ValidationError} When the backfill names an unknown machine, or `batchSize` or `by` is malformed.
   * @throws {TypeError} When the store cannot list cases.
   * @throws {StoreUnavailableError} When the database could not be reached (cases filled so far stay filled; run it again).
   */
  backfill<TValue>(backfill: HistoryBackfill<TValue>, options?: BackfillOptions): Promise<BackfillReport>;
  /** Cases with timers due at `now` (default: the clock) that have not fired yet. */
  listOverdue(options?: { readonly now?: Instant; readonly limit?: number }): Promise<OverdueCase[]>;
  /**
   * Deliver one timer of a case (what the scheduler calls). Stale deliveries are ignored and an
   * early delivery is rescheduled; returns `undefined` when the case no longer exists.
   */
  fireTimer(timer: { readonly caseId: string; readonly sendId: string; readonly due?: string }, options?: { readonly now?: Instant }): Promise<CaseResult | undefined>;
  /** Fire every overdue timer found in the store (a sweep; safe to run next to the scheduler). Returns how many fired. */
  fireOverdue(options?: { readonly now?: Instant; readonly limit?: number }): Promise<number>;
  /** Start delivering timers (a non-durable scheduler is first re-armed from the store) and, with `outbox.deliver`, outbox messages. */
  start(): Promise<void>;
  /** Stop delivering timers and outbox messages. */
  stop(): Promise<void>;
}

const hasWork = (t: TimerInstructions) => t.schedule.length > 0 || t.cancel.length > 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a call asked for, as the history records it and compares it for idempotency. */
interface Request {
  /** The event as the host sent it (a timer's event is taken from the step). */
  readonly event?: unknown;
  readonly eventId?: string;
  readonly by?: HistoryPrincipal;
}

const optional = (o: CallOptions): Pick<Request, 'eventId' | 'by'> => ({
  ...(o.eventId !== undefined ? { eventId: o.eventId } : {}),
  ...(o.by !== undefined ? { by: o.by } : {}),
});

/**
 * What a step restores a stored record from: the text a kefu store remembered it by, with its trust
 * (restored with one parse, the envelope object never built), else the record's envelope.
 */
const stepInput = (record: CaseRecord): unknown => storedTrust(record) ?? record.envelope;

/** The machine id of a stored record (without parsing a remembered text). */
const machineOf = (record: CaseRecord): string => storedTrust(record)?.head.machine ?? record.envelope.machine;

/**
 * A step's result with more fields, its `envelope` and `text` left as they are: parsed or made only
 * when the host reads them (spreading the result would make both).
 */
function extend<T extends object, U extends object>(result: T, fields: U): T & U {
  const out = {};
  copyOwn(out, result);
  copyOwn(out, fields);
  return out as T & U;
}

/** Epoch ms of an event's `at`, or `fallback` when it is not a valid instant (the event was refused for it). */
function safeEpoch(at: string | number, fallback: number): number {
  try {
    return toEpoch(at);
  } catch {
    return fallback;
  }
}

/**
 * Create the runtime facade over a store and a scheduler (in memory by default; PostgreSQL and
 * pg-boss with `createPostgresRuntime` from `kefu/postgres`).
 *
 * @example
 * const runtime = createCaseRuntime({ machines: [complaintMachine] });
 * await runtime.open('C-1', 'complaint', { form });
 * const r = await runtime.send('C-1', { type: 'COMPLAINT.REGISTER' }, { eventId: 'req-42', by: { id: 'u-7', role: 'agent' } });
 * if (r.status === 'refused') console.log(r.violations);
 */
export function createCaseRuntime<Tx = undefined>(options: CaseRuntimeOptions<Tx>): CaseRuntime<Tx> {
  if ((options.previousSigningKeys?.length ?? 0) > 0 && options.signingKey === undefined) {
    throw new TypeError('previousSigningKeys needs a signingKey to sign new envelopes with');
  }
  const machines = new Map<string, MachineDefinition>();
  for (const m of options.machines) {
    const own = toDefinition(m);
    const def = options.signingKey !== undefined && own.signingKey === undefined ? withSigningKey(own, options.signingKey, options.previousSigningKeys) : own;
    machines.set(def.id, def);
  }
  const rawStore = options.store ?? (new InMemoryCaseStore() as unknown as CaseStore<Tx>);
  // Database outages reach the host as StoreUnavailableError (with retrySafe), not as driver errors.
  const store = guardStore(rawStore);
  const scheduler = options.scheduler ?? (new InMemoryScheduler({ now: options.clock }) as unknown as Scheduler<Tx>);
  const clock = options.clock ?? Date.now;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const retryDelay = options.retryDelayMs ?? ((attempt: number) => Math.random() * Math.min(50, 2 ** attempt));
  const earlyToleranceMs = options.earlyToleranceMs ?? 1000;

  const nowOf = (o?: { now?: Instant }) => toEpoch(o?.now ?? clock(), 'now');
  const outboxStore: Outbox<Tx> | undefined = options.outbox ? (options.outbox.store ?? (new InMemoryOutbox() as Outbox<Tx>)) : undefined;
  const outboxWorker =
    outboxStore && options.outbox?.deliver
      ? new OutboxWorker(outboxStore as Outbox<never>, options.outbox.deliver, options.outbox as OutboxOptions<never>, () => toEpoch(clock(), 'now'))
      : undefined;

  /** The outbox messages of a change saved at `version` (none without an outbox, or when nothing was applied). */
  function messagesOf(caseId: string, machine: string, result: StepResult, version: number, now: number): OutboxMessage[] {
    if (!outboxStore || (result.effects.length === 0 && result.emitted.length === 0)) return [];
    return outboxMessages(caseId, machine, version, now, result.effects, result.emitted);
  }

  function definition(machineId: string): MachineDefinition {
    const def = machines.get(machineId);
    if (!def) throw new UnknownMachineError(machineId, [...machines.keys()]);
    return def;
  }

  async function writeTimers(timers: TimerInstructions, tx: Tx): Promise<void> {
    for (const c of timers.cancel) await scheduler.cancel(c, tx);
    for (const s of timers.schedule) await scheduler.schedule(s, tx);
  }

  async function committed(kind: CommittedChange['kind'], result: CaseResult): Promise<void> {
    if (result.outbox.length > 0) outboxWorker?.wake();
    if (options.onCommitted && result.changed && (result.status === 'applied' || result.status === 'refused')) {
      await options.onCommitted(extend(result, { kind }));
    }
  }

  /** The worklist projection of a step's new envelope (the store keeps the opening time it has). */
  function projectionOf(def: MachineDefinition, result: StepResult, openedAt: number): CaseProjection {
    // The timers as the step noted them when it made the text: the envelope is not parsed for them.
    return projectCase(def.worklist, result.snapshot as AnyMachineSnapshot, producedTrust(result.text)?.head ?? result.envelope, toIso(openedAt));
  }

  /** The record without the history entry the store wrote with it. */
  const bare = (saved: WrittenRecord): CaseRecord => {
    // A kefu store's envelope stays a getter that parses the text when first read.
    const record = {};
    copyOwn(record, saved, 'history');
    return record as CaseRecord;
  };

  /** The state a record was in, from the remembered text's noted state when a kefu store gave it. */
  function beforeState(record: CaseRecord): NewHistoryEntry['stateBefore'] {
    const trust = storedTrust(record);
    return trust ? (JSON.parse(trust.head.state) as NewHistoryEntry['stateBefore']) : record.envelope.snapshot.value;
  }

  /** The history entry of a step: an applied event or a refused attempt; none when nothing happened. */
  function entryOf(result: StepResult, record: CaseRecord, request: Request, now: number): NewHistoryEntry | undefined {
    if (result.status !== 'applied' && result.status !== 'refused') return undefined;
    const refusal = result.refusal;
    const at = (result.event as { at?: unknown } | undefined)?.at;
    return {
      eventId: request.eventId ?? null,
      eventType: result.event?.type ?? refusal?.eventType ?? String((request.event as { type?: unknown } | undefined)?.type ?? '(unknown)'),
      event: recordedEvent(request.event ?? result.event),
      by: request.by ?? null,
      at: toIso(typeof at === 'string' || typeof at === 'number' ? safeEpoch(at, now) : now),
      outcome: result.status,
      refusal: refusal
        ? { reason: refusal.reason, rules: refusal.violations.map((v) => v.rule), violations: refusal.violations, issues: refusal.issues, message: refusal.message }
        : null,
      stateBefore: beforeState(record),
      stateAfter: result.snapshot.value as NewHistoryEntry['stateAfter'],
    };
  }

  /** The earlier result of an event id, or the error for an id reused with another event. */
  function duplicateOf(caseId: string, record: CaseRecord, earlier: HistoryEntry, request: Request, base: { attempts: number }): CaseResult {
    if (!sameRequest(earlier, recordedEvent(request.event), request.by ?? null)) {
      throw new IdempotencyKeyReusedError(caseId, request.eventId!, earlier, String((request.event as { type?: unknown } | undefined)?.type ?? '(unknown)'));
    }
    const restored = restore(definition(record.envelope.machine), record.envelope);
    const refusal = earlier.refusal
      ? { accepted: false as const, eventType: earlier.eventType, reason: earlier.refusal.reason, violations: earlier.refusal.violations, issues: earlier.refusal.issues, message: earlier.refusal.message }
      : undefined;
    return {
      status: 'duplicate',
      accepted: earlier.outcome === 'applied',
      changed: false,
      envelope: restored.envelope,
      text: JSON.stringify(restored.envelope),
      snapshot: restored.snapshot,
      event: undefined,
      outcome: refusal ?? { accepted: true, eventType: earlier.eventType },
      refusal,
      violations: refusal?.violations ?? [],
      emitted: [],
      effects: [],
      timers: { schedule: [], cancel: [] },
      caseId,
      record,
      attempts: base.attempts,
      outbox: [],
      entry: earlier,
    };
  }

  /** What a change writes beside the case row, in its transaction; `undefined` when nothing. */
  function writesOf(
    result: StepResult,
    extra: TimerInstructions | undefined,
    messages: readonly OutboxMessage[],
    delivery: DeliverOptions<Tx> | undefined,
  ): ((tx: Tx) => Promise<void>) | undefined {
    const also = delivery?.inTransaction?.bind(delivery);
    const timerWork = hasWork(result.timers) || (extra !== undefined && hasWork(extra));
    if (!timerWork && messages.length === 0 && !also) return undefined;
    return async (tx: Tx) => {
      await writeTimers(result.timers, tx);
      if (extra) await writeTimers(extra, tx);
      await also?.(tx);
      // Last: the in-memory store has no rollback, so nothing that can fail comes after it.
      if (messages.length > 0) await outboxStore!.add(messages, tx);
    };
  }

  /**
   * What a change writes beside the case row, as statement parts of the case's own statement — when
   * the store accepts parts and the scheduler (for timers and the delivery) and the outbox (for
   * messages) can render theirs; else `undefined`, and the change goes through {@link writesOf}.
   */
  function partsOf(
    result: StepResult,
    extra: TimerInstructions | undefined,
    messages: readonly OutboxMessage[],
    delivery: DeliverOptions<Tx> | undefined,
  ): readonly StatementPart[] | undefined {
    if (!store.acceptsParts) return undefined;
    const timers = extra ? netTimers(result.timers, extra) : result.timers;
    const parts: StatementPart[] = [];
    if (hasWork(timers) || delivery) {
      const own = scheduler.statementParts?.(timers, delivery);
      if (!own) return undefined;
      parts.push(...own);
    }
    if (messages.length > 0) {
      const rows = outboxStore!.statementParts?.(messages);
      if (!rows) return undefined;
      parts.push(...rows);
    }
    return parts;
  }

  /** The writes of a change beside its case row: statement parts when they can be, else `inTransaction`. */
  function sideWrites(
    result: StepResult,
    extra: TimerInstructions | undefined,
    messages: readonly OutboxMessage[],
    delivery: DeliverOptions<Tx> | undefined,
  ): { readonly parts?: readonly StatementPart[]; readonly inTransaction?: (tx: Tx) => Promise<void> } {
    const parts = partsOf(result, extra, messages, delivery);
    if (parts) return parts.length > 0 ? { parts } : {};
    const writes = writesOf(result, extra, messages, delivery);
    return writes ? { inTransaction: writes } : {};
  }

  /**
   * Read, compute and write a case with its history entry in one transaction (`store.update`),
   * or load then save with the version check for a store without `update`; retry on conflicts.
   * A reused event id returns the earlier result (or throws when the event differs).
   */
  async function update(
    caseId: string,
    compute: (record: CaseRecord, def: MachineDefinition, now: number) => StepResult,
    now: () => number,
    request: Request,
    extraTimers?: (result: StepResult) => TimerInstructions | undefined,
    delivery?: DeliverOptions<Tx>,
  ): Promise<(CaseResult & { readonly wrote: boolean; readonly wroteParts?: boolean }) | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (store.update) {
          let result: StepResult | undefined;
          let duplicate: CaseResult | undefined;
          let messages: OutboxMessage[] = [];
          const done = await store.update(
            caseId,
            (record, earlier) => {
            if (earlier) {
              duplicate = duplicateOf(caseId, record, earlier, request, { attempts: attempt });
              return { envelope: undefined };
            }
            const at = now();
            const def = definition(machineOf(record));
            const r = compute(record, def, at);
            result = r;
            const extra = extraTimers?.(r);
            const entry = entryOf(r, record, request, at);
            const history = entry ? { history: entry } : {};
            if (!r.changed && !extra) {
              // A stale timer writes nothing: a store that accepts parts may complete its job in the
              // statement that finds the case as it was stepped on (else the scheduler completes it).
              const finish = !entry && delivery && store.acceptsParts ? scheduler.statementParts?.({ schedule: [], cancel: [] }, delivery) : undefined;
              return { envelope: undefined, ...history, ...(finish && finish.length > 0 ? { parts: finish } : {}) };
            }
            // The store writes the change at the next version.
            messages = messagesOf(caseId, def.id, r, record.version + 1, at);
            const writes = sideWrites(r, extra, messages, delivery);
            const worklist = projectionOf(def, r, at);
            // The text is what a kefu store writes; the envelope object is made only if a store reads it.
            return {
              get envelope() {
                return r.envelope;
              },
              text: r.text,
              worklist,
              ...history,
              ...writes,
            };
            },
            request.eventId !== undefined ? { eventId: request.eventId } : {},
          );
          if (!done) return undefined;
          if (duplicate) return { ...duplicate, wrote: false };
          const wrote = done.after !== done.before;
          const parts = done.wroteParts === true ? { wroteParts: true } : {};
          return extend(result!, { caseId, record: done.after, attempts: attempt, wrote, outbox: wrote ? messages : [], entry: done.history, ...parts });
        }
        const record = await store.load(caseId);
        if (!record) return undefined;
        const earlier = request.eventId === undefined ? undefined : await store.findHistoryEvent(caseId, request.eventId);
        if (earlier) return { ...duplicateOf(caseId, record, earlier, request, { attempts: attempt }), wrote: false };
        const at = now();
        const def = definition(record.envelope.machine);
        const result = compute(record, def, at);
        const extra = extraTimers?.(result);
        const entry = entryOf(result, record, request, at);
        if (!result.changed && !extra) {
          // A refused attempt changes nothing but is recorded; a stale or early timer is not.
          const written = entry ? await store.appendHistory(caseId, entry, { expectedVersion: record.version }) : undefined;
          return { ...result, caseId, record, attempts: attempt, wrote: false, outbox: [], entry: written };
        }
        const messages = messagesOf(caseId, def.id, result, record.version + 1, at);
        const saved = await store.save(caseId, result.envelope, {
          expectedVersion: record.version,
          text: result.text,
          worklist: projectionOf(def, result, at),
          ...(entry ? { history: entry } : {}),
          ...sideWrites(result, extra, messages, delivery),
        });
        return extend(result, { caseId, record: bare(saved), attempts: attempt, wrote: true, outbox: messages, entry: saved.history });
      } catch (error) {
        if (!isConflictError(error)) throw error;
        if (attempt >= maxAttempts) {
          throw new ConflictError(caseId, error.expectedVersion, { actualVersion: error.actualVersion, attempts: attempt, cause: error });
        }
        await sleep(retryDelay(attempt));
      }
    }
  }

  async function readCase(caseId: string): Promise<CaseView | undefined> {
    const record = await store.load(caseId);
    if (!record) return undefined;
    const { snapshot, envelope } = restore(definition(record.envelope.machine), record.envelope);
    const s = snapshot as AnyMachineSnapshot;
    return {
      caseId,
      version: record.version,
      machine: envelope.machine,
      envelope,
      snapshot: s,
      value: s.value,
      status: s.status,
      context: s.context,
      timers: envelope.timers,
    };
  }

  async function fireTimer(
    timer: { caseId: string; sendId: string; due?: string },
    o?: { now?: Instant },
    delivery?: DeliverOptions<Tx>,
  ): Promise<(CaseResult & { readonly wrote: boolean; readonly wroteParts?: boolean }) | undefined> {
    const result = await update(
      timer.caseId,
      (record, def, now) =>
        stepTimer(def, stepInput(record), { sendId: timer.sendId, ...(timer.due ? { due: timer.due } : {}) }, {
          now,
          caseId: timer.caseId,
          earlyToleranceMs,
        }),
      () => nowOf(o),
      { by: SYSTEM_TIMER_PRINCIPAL },
      (result) => {
        if (result.status !== 'not-due') return undefined;
        // Delivered early (clock skew): put the timer back for its due time.
        const pending = result.envelope.timers.find((t) => t.id === timer.sendId)!;
        return {
          schedule: [{ id: timerId(timer.caseId, pending.id), caseId: timer.caseId, sendId: pending.id, due: pending.due, event: pending.event }],
          cancel: [],
        };
      },
      delivery,
    );
    if (result) await committed('timer', result);
    return result;
  }

  const deliver: DeliverTimer<Tx> = async (timer, delivery) => {
    try {
      const fired = await fireTimer(timer, {}, delivery);
      // Finished with the delivery: the case written with it, or a stale timer's check with its parts (the job's completion).
      return fired?.wrote === true || fired?.wroteParts === true;
    } catch (error) {
      options.onTimerError?.(error, timer);
      throw error;
    }
  };

  const outbox: RuntimeOutbox | undefined = outboxStore && {
    list: (query) => outboxStore.list(query),
    retry: (id) => outboxStore.retry(id, clock()),
    async deliverDue() {
      if (!outboxWorker) throw new TypeError('outbox.deliverDue needs outbox.deliver in the runtime options');
      return outboxWorker.deliverDue();
    },
  };

  async function send(caseId: string, event: CaseEvent, o: CallOptions, expectMachine?: string): Promise<CaseResult> {
    const result = await update(
      caseId,
      (record, def, now) => {
        if (expectMachine !== undefined && def.id !== expectMachine) throw new UnknownMachineError(def.id, [expectMachine]);
        return step(def, stepInput(record), event, {
          now,
          caseId,
          // Cases written before the history kept their recent event ids in the envelope.
          ...(o.eventId !== undefined && (storedTrust(record)?.head.appliedIds ?? record.envelope.appliedIds).includes(o.eventId) ? { eventId: o.eventId } : {}),
          ...(o.by !== undefined ? { by: o.by } : {}),
        });
      },
      () => nowOf(o),
      { event, ...optional(o) },
    );
    if (!result) throw new CaseNotFoundError(caseId);
    await committed('send', result);
    return result;
  }

  const runtime: CaseRuntime<Tx> = {
    machines,
    store: rawStore,
    scheduler,
    outbox,

    async open(caseId, machine, input, o = {}) {
      const def = definition(typeof machine === 'string' ? machine : toDefinition(machine).id);
      const now = nowOf(o);
      const result = initialStep(def, input as never, { now, caseId });
      const request: Request = { event: { type: OPEN_EVENT_TYPE, machine: def.id, input }, ...optional(o) };
      const entry: NewHistoryEntry = {
        eventId: o.eventId ?? null,
        eventType: OPEN_EVENT_TYPE,
        event: recordedEvent(request.event),
        by: o.by ?? null,
        at: toIso(now),
        outcome: 'applied',
        refusal: null,
        stateBefore: null,
        stateAfter: result.snapshot.value as NewHistoryEntry['stateAfter'],
      };
      const messages = messagesOf(caseId, def.id, result, 1, now);
      try {
        const saved = await store.create(caseId, result.envelope, {
          text: result.text,
          history: entry,
          worklist: projectionOf(def, result, now),
          ...sideWrites(result, undefined, messages, undefined),
        });
        const out: CaseResult = extend(result, { caseId, record: bare(saved), attempts: 1, outbox: messages, entry: saved.history });
        await committed('open', out);
        return out;
      } catch (error) {
        if (!isCaseExistsError(error) || o.eventId === undefined) throw error;
        const record = await store.load(caseId);
        if (!record) throw error;
        const earlier = await store.findHistoryEvent(caseId, o.eventId);
        if (earlier) return duplicateOf(caseId, record, earlier, request, { attempts: 1 });
        // A case opened before the history existed remembers its opening id in the envelope.
        if (!record.envelope.appliedIds.includes(o.eventId)) throw error;
        const restored = restore(definition(record.envelope.machine), record.envelope);
        return {
          ...result,
          status: 'duplicate',
          changed: false,
          envelope: restored.envelope,
          text: JSON.stringify(restored.envelope),
          snapshot: restored.snapshot,
          emitted: [],
          effects: [],
          timers: { schedule: [], cancel: [] },
          caseId,
          record,
          attempts: 1,
          entry: undefined,
          outbox: [],
        };
      }
    },

    send: (caseId, event, o = {}) => send(caseId, event, o),

    case<TMachine extends AnyStateMachine>(machine: MachineLike<TMachine>, caseId: string): TypedCase<TMachine> {
      const id = definition(toDefinition(machine).id).id;
      return {
        caseId,
        open: (input, o) => runtime.open(caseId, id, input, o) as Promise<CaseResult<TMachine>>,
        send: (event, o = {}) => send(caseId, event as CaseEvent, o, id) as Promise<CaseResult<TMachine>>,
        async read() {
          const view = await runtime.read(caseId);
          if (view && view.machine !== id) throw new UnknownMachineError(view.machine, [id]);
          return view as TypedCaseView<TMachine> | undefined;
        },
      };
    },

    exportCaseFile: (async (caseId: string, o: CaseFileOptions = {}) => {
      const view = await readCase(caseId);
      if (!view) throw new CaseNotFoundError(caseId);
      const entries: HistoryEntry[] = [];
      for (let after: number | undefined = 0; after !== undefined; ) {
        const page = await store.readHistory(caseId, { after, limit: HISTORY_PAGE.max });
        entries.push(...page.entries);
        after = page.next;
      }
      const file = buildCaseFile(definition(view.machine).machine, { ...view, updatedAt: view.envelope.updatedAt }, entries, o);
      return o.format === 'markdown' ? caseFileMarkdown(file) : file;
    }) as CaseRuntime<Tx>['exportCaseFile'],

    async history(caseId, o = {}) {
      const page = await store.readHistory(caseId, o);
      if (page.entries.length === 0 && !(await store.load(caseId))) throw new CaseNotFoundError(caseId);
      return page;
    },

    read: readCase,

    async worklist(query = {}) {
      const filter = worklistFilter(query, machines);
      if (!store.worklist) throw new TypeError('this store has no worklist query (CaseStore.worklist)');
      const rows = await store.worklist(filter);
      return toWorklistPage(rows, filter, nowOf());
    },

    reproject: (o = {}) => reprojectCases(store, machines, o),

    backfill: (b, o = {}) => backfillCases(store, machines, b as HistoryBackfill, o, { now: () => nowOf(), maxAttempts, retryDelay }),

    async listOverdue(o = {}) {
      const now = nowOf(o);
      const cases = await store.listDue({ dueBy: now, ...(o.limit !== undefined ? { limit: o.limit } : {}) });
      return cases.map((c) => ({
        caseId: c.caseId,
        machine: c.machine,
        overdue: c.timers
          .filter((t) => toEpoch(t.due) <= now)
          .map((t) => ({ sendId: t.id, eventType: t.event.type, due: toIso(t.due) })),
      }));
    },

    fireTimer,

    async fireOverdue(o = {}) {
      const now = nowOf(o);
      let fired = 0;
      for (const c of await store.listDue({ dueBy: now, ...(o.limit !== undefined ? { limit: o.limit } : {}) })) {
        for (const t of c.timers) {
          if (toEpoch(t.due) > now) continue;
          const r = await fireTimer({ caseId: c.caseId, sendId: t.id, due: t.due }, { now });
          if (r && (r.status === 'applied' || r.status === 'refused')) fired++;
        }
      }
      return fired;
    },

    async start() {
      if (!scheduler.durable) {
        for (const c of await store.listDue()) {
          for (const t of c.timers) {
            await scheduler.schedule({ id: timerId(c.caseId, t.id), caseId: c.caseId, sendId: t.id, due: t.due, event: t.event });
          }
        }
      }
      await scheduler.start(deliver);
      outboxWorker?.start();
    },

    async stop() {
      await outboxWorker?.stop();
      await scheduler.stop();
    },
  };
  return runtime;
}
