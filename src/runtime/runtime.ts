import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, EventObject, InputFrom, SnapshotFrom, StateValue } from 'xstate';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { toDefinition, type MachineDefinition, type MachineLike } from './definition.js';
import { restore } from './envelope.js';
import type { CaseEnvelope, PendingTimer } from './envelope.types.js';
import { isCaseExistsError } from './errors/case-exists-error.js';
import { CaseNotFoundError } from './errors/case-not-found-error.js';
import { ConflictError, isConflictError } from './errors/conflict-error.js';
import { UnknownMachineError } from './errors/unknown-machine-error.js';
import { InMemoryCaseStore } from './memory-store.js';
import { InMemoryScheduler } from './memory-scheduler.js';
import { InMemoryOutbox, OutboxWorker, outboxMessages, type Outbox, type OutboxEntry, type OutboxMessage, type OutboxOptions, type OutboxQuery } from './outbox.js';
import type { DeliverOptions, DeliverTimer, Scheduler } from './scheduler.js';
import { initialStep, step, stepTimer, type StepEvent, type StepResult } from './step.js';
import type { CaseRecord, CaseStore } from './store.js';
import { timerId, type DueTimer, type TimerInstructions } from './timers.js';

/** The result of a runtime call that changed (or tried to change) a case. */
export interface CaseResult<TMachine extends AnyStateMachine = AnyStateMachine> extends StepResult<TMachine> {
  /** The case. */
  readonly caseId: string;
  /** The record as stored after the call (unchanged when nothing was saved). */
  readonly record: CaseRecord;
  /** How many load–step–save attempts it took (more than 1 after version conflicts). */
  readonly attempts: number;
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
  /** How many applied event ids each case remembers (idempotency). @default 100 */
  readonly keepAppliedIds?: number;
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
  /** The event's id, for idempotency: the same id is applied to a case at most once. */
  readonly eventId?: string;
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
   * Send an event to a case. A refused event changes nothing and says why (`refusal`, `violations`).
   * @throws {CaseNotFoundError} When there is no such case.
   * @throws {ConflictError} When it kept conflicting with other writers for `maxAttempts` attempts.
   */
  send(caseId: string, event: CaseEvent, options?: CallOptions): Promise<CaseResult>;
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

/**
 * Create the runtime facade over a store and a scheduler (in memory by default; PostgreSQL and
 * pg-boss with `createPostgresRuntime` from `kefu/postgres`).
 *
 * @example
 * const runtime = createCaseRuntime({ machines: [complaintMachine] });
 * await runtime.open('C-1', 'complaint', { form });
 * const r = await runtime.send('C-1', { type: 'COMPLAINT.REGISTER' }, { eventId: 'req-42' });
 * if (r.status === 'refused') console.log(r.violations);
 */
export function createCaseRuntime<Tx = undefined>(options: CaseRuntimeOptions<Tx>): CaseRuntime<Tx> {
  const machines = new Map<string, MachineDefinition>();
  for (const m of options.machines) {
    const def = toDefinition(m);
    machines.set(def.id, def);
  }
  const store = options.store ?? (new InMemoryCaseStore() as unknown as CaseStore<Tx>);
  const scheduler = options.scheduler ?? (new InMemoryScheduler({ now: options.clock }) as unknown as Scheduler<Tx>);
  const clock = options.clock ?? Date.now;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const retryDelay = options.retryDelayMs ?? ((attempt: number) => Math.random() * Math.min(50, 2 ** attempt));
  const keepAppliedIds = options.keepAppliedIds ?? 100;
  const earlyToleranceMs = options.earlyToleranceMs ?? 1000;

  const nowOf = (o?: { now?: Instant }) => toEpoch(o?.now ?? clock(), 'now');
  const outboxStore: Outbox<Tx> | undefined = options.outbox ? (options.outbox.store ?? (new InMemoryOutbox() as Outbox<Tx>)) : undefined;
  const outboxWorker =
    outboxStore && options.outbox?.deliver
      ? new OutboxWorker(outboxStore as Outbox<never>, options.outbox.deliver, options.outbox as OutboxOptions<never>, () => toEpoch(clock(), 'now'))
      : undefined;

  /** The outbox messages of a change saved at `version` (none without an outbox, or when nothing was applied). */
  function messagesOf(caseId: string, result: StepResult, version: number, now: number): OutboxMessage[] {
    if (!outboxStore || (result.effects.length === 0 && result.emitted.length === 0)) return [];
    return outboxMessages(caseId, result.envelope.machine, version, now, result.effects, result.emitted);
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
      await options.onCommitted({ ...result, kind });
    }
  }

  /** What a change writes beside the case row, in its transaction; `undefined` when nothing. */
  function writesOf(
    result: StepResult,
    extra: TimerInstructions | undefined,
    messages: readonly OutboxMessage[],
    also: ((tx: Tx) => Promise<void>) | undefined,
  ): ((tx: Tx) => Promise<void>) | undefined {
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
   * Read, compute and write a case in one transaction (`store.update`), or load then save with
   * the version check for a store without `update`; retry on conflicts.
   */
  async function update(
    caseId: string,
    compute: (record: CaseRecord, def: MachineDefinition, now: number) => StepResult,
    now: () => number,
    extraTimers?: (result: StepResult) => TimerInstructions | undefined,
    also?: (tx: Tx) => Promise<void>,
  ): Promise<(CaseResult & { readonly wrote: boolean }) | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (store.update) {
          let result: StepResult | undefined;
          let messages: OutboxMessage[] = [];
          const done = await store.update(caseId, (record) => {
            const at = now();
            const r = compute(record, definition(record.envelope.machine), at);
            result = r;
            const extra = extraTimers?.(r);
            if (!r.changed && !extra) return { envelope: undefined };
            // The store writes the change at the next version.
            messages = messagesOf(caseId, r, record.version + 1, at);
            const writes = writesOf(r, extra, messages, also);
            return { envelope: r.envelope, ...(writes ? { inTransaction: (tx: Tx) => writes(tx) } : {}) };
          });
          if (!done) return undefined;
          const wrote = done.after !== done.before;
          return { ...result!, caseId, record: done.after, attempts: attempt, wrote, outbox: wrote ? messages : [] };
        }
        const record = await store.load(caseId);
        if (!record) return undefined;
        const at = now();
        const result = compute(record, definition(record.envelope.machine), at);
        const extra = extraTimers?.(result);
        if (!result.changed && !extra) return { ...result, caseId, record, attempts: attempt, wrote: false, outbox: [] };
        const messages = messagesOf(caseId, result, record.version + 1, at);
        const writes = writesOf(result, extra, messages, also);
        const saved = await store.save(caseId, result.envelope, { expectedVersion: record.version, ...(writes ? { inTransaction: writes } : {}) });
        return { ...result, caseId, record: saved, attempts: attempt, wrote: true, outbox: messages };
      } catch (error) {
        if (!isConflictError(error)) throw error;
        if (attempt >= maxAttempts) {
          throw new ConflictError(caseId, error.expectedVersion, { actualVersion: error.actualVersion, attempts: attempt, cause: error });
        }
        await sleep(retryDelay(attempt));
      }
    }
  }

  async function fireTimer(
    timer: { caseId: string; sendId: string; due?: string },
    o?: { now?: Instant },
    delivery?: DeliverOptions<Tx>,
  ): Promise<(CaseResult & { readonly wrote: boolean }) | undefined> {
    const result = await update(
      timer.caseId,
      (record, def, now) =>
        stepTimer(def, record.envelope, { sendId: timer.sendId, ...(timer.due ? { due: timer.due } : {}) }, {
          now,
          caseId: timer.caseId,
          keepAppliedIds,
          earlyToleranceMs,
        }),
      () => nowOf(o),
      (result) => {
        if (result.status !== 'not-due') return undefined;
        // Delivered early (clock skew): put the timer back for its due time.
        const pending = result.envelope.timers.find((t) => t.id === timer.sendId)!;
        return {
          schedule: [{ id: timerId(timer.caseId, pending.id), caseId: timer.caseId, sendId: pending.id, due: pending.due, event: pending.event }],
          cancel: [],
        };
      },
      delivery?.inTransaction,
    );
    if (result) await committed('timer', result);
    return result;
  }

  const deliver: DeliverTimer<Tx> = async (timer, delivery) => {
    try {
      return (await fireTimer(timer, {}, delivery))?.wrote ?? false;
    } catch (error) {
      options.onTimerError?.(error, timer);
      throw error;
    }
  };

  async function send(caseId: string, event: CaseEvent, o: CallOptions, expectMachine?: string): Promise<CaseResult> {
    const result = await update(
      caseId,
      (record, def, now) => {
        if (expectMachine !== undefined && record.envelope.machine !== expectMachine) throw new UnknownMachineError(record.envelope.machine, [expectMachine]);
        return step(def, record.envelope, event, { now, caseId, keepAppliedIds, ...(o.eventId !== undefined ? { eventId: o.eventId } : {}) });
      },
      () => nowOf(o),
    );
    if (!result) throw new CaseNotFoundError(caseId);
    await committed('send', result);
    return result;
  }

  const outbox: RuntimeOutbox | undefined = outboxStore && {
    list: (query) => outboxStore.list(query),
    retry: (id) => outboxStore.retry(id, clock()),
    async deliverDue() {
      if (!outboxWorker) throw new TypeError('outbox.deliverDue needs outbox.deliver in the runtime options');
      return outboxWorker.deliverDue();
    },
  };

  const runtime: CaseRuntime<Tx> = {
    machines,
    store,
    scheduler,
    outbox,

    async open(caseId, machine, input, o = {}) {
      const def = definition(typeof machine === 'string' ? machine : toDefinition(machine).id);
      const now = nowOf(o);
      const result = initialStep(def, input as never, { now, caseId, ...(o.eventId !== undefined ? { eventId: o.eventId } : {}) });
      const messages = messagesOf(caseId, result, 1, now);
      const writes = writesOf(result, undefined, messages, undefined);
      try {
        const record = await store.create(caseId, result.envelope, writes ? { inTransaction: writes } : {});
        const out: CaseResult = { ...result, caseId, record, attempts: 1, outbox: messages };
        await committed('open', out);
        return out;
      } catch (error) {
        if (!isCaseExistsError(error) || o.eventId === undefined) throw error;
        const record = await store.load(caseId);
        if (!record || !record.envelope.appliedIds.includes(o.eventId)) throw error;
        const restored = restore(definition(record.envelope.machine), record.envelope);
        return {
          ...result,
          status: 'duplicate',
          changed: false,
          envelope: restored.envelope,
          snapshot: restored.snapshot,
          emitted: [],
          effects: [],
          timers: { schedule: [], cancel: [] },
          caseId,
          record,
          attempts: 1,
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

    async read(caseId) {
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
    },

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
