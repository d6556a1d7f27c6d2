import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { PollingLoop } from './polling-loop.js';
import type { StatementPart } from './store.js';

/**
 * An effect (a named action of the machine for the host to run: `notifyCustomer`,
 * `notifySupervisor`, …) or an emitted event, written to the outbox in the same transaction as
 * the change of its case and delivered to the host at least once.
 */
export interface OutboxMessage {
  /**
   * Stable id, the same on every delivery of this message: `<caseId>@<row version>#<n>`. Hosts
   * deduplicate on it (a message can be delivered twice when a worker dies after delivering it
   * and before recording that it did).
   */
  readonly id: string;
  /** The case whose change wrote it. */
  readonly caseId: string;
  /** The machine id of the case. */
  readonly machine: string;
  /** `effect`: a named action with its params; `emitted`: an event the machine emitted. */
  readonly kind: 'effect' | 'emitted';
  /** The action's name, or the emitted event's type. */
  readonly type: string;
  /** The action's params, or the emitted event. */
  readonly payload: unknown;
  /** When the change was made (the runtime's clock), ISO-8601 UTC. */
  readonly createdAt: string;
}

/** A message in the outbox with its delivery state. Delivered messages leave the outbox. */
export interface OutboxEntry extends OutboxMessage {
  /** `pending`: waiting for (another) delivery; `dead`: gave up after the policy's number of attempts. */
  readonly status: 'pending' | 'dead';
  /** Deliveries started so far. */
  readonly attempts: number;
  /** When the next delivery may start (for a claimed message: when its lease runs out), ISO-8601 UTC. */
  readonly nextAttemptAt: string;
  /** The error of the last failed delivery. */
  readonly lastError: string | undefined;
}

/** Filter of {@link Outbox.list}. */
export interface OutboxQuery {
  /** Only messages in this state. */
  readonly status?: OutboxEntry['status'];
  /** Only messages of this case. */
  readonly caseId?: string;
  /** At most this many, oldest first. @default 100 */
  readonly limit?: number;
}

/** How deliveries ended, for {@link Outbox.settle}. */
export interface OutboxSettlement {
  /** Delivered: removed from the outbox. */
  readonly delivered: readonly string[];
  /** Failed: retried at `retryAt`, or dead-lettered when `retryAt` is undefined. */
  readonly failed: readonly { readonly id: string; readonly error: string; readonly retryAt: Instant | undefined }[];
}

/**
 * Where effects wait for delivery: written with the case in one transaction (`add` with the
 * store's transaction), claimed by workers with a lease (a worker that dies releases its claims
 * when the lease runs out), settled after delivery. kefu ships one in memory and one on
 * PostgreSQL (`kefu/postgres`).
 */
export interface Outbox<Tx = unknown> {
  /** Add messages in the store's transaction `tx`. */
  add(messages: readonly OutboxMessage[], tx: Tx): Promise<void>;
  /**
   * The messages as a statement part, written in the case's own statement by a store that accepts
   * parts (see `CaseStore.acceptsParts`) instead of `add`; `undefined` when it cannot. Optional.
   */
  statementParts?(messages: readonly OutboxMessage[]): readonly StatementPart[] | undefined;
  /** Claim up to `limit` pending messages due at `now`, oldest first: their attempts go up by one and they are leased until `now + leaseMs`. */
  claim(options: { readonly now: Instant; readonly limit: number; readonly leaseMs: number }): Promise<OutboxEntry[]>;
  /** Record how claimed messages' deliveries ended. */
  settle(settlement: OutboxSettlement): Promise<void>;
  /** Messages still in the outbox (pending or dead), oldest first. */
  list(query?: OutboxQuery): Promise<OutboxEntry[]>;
  /** Put a dead message back to pending, due at `now`, its attempts reset. Returns whether there was such a dead message. */
  retry(id: string, now: Instant): Promise<boolean>;
}

/** The host's delivery of one outbox message. Throw (or reject) to have it retried. */
export type DeliverMessage = (message: OutboxMessage) => void | Promise<void>;

/** The outbox policy of a runtime (`CaseRuntimeOptions.outbox`). */
export interface OutboxOptions<Tx = unknown> {
  /** Where messages wait. @default an in-memory outbox (`kefu/postgres`: the outbox table) */
  readonly store?: Outbox<Tx>;
  /**
   * Deliver one message to the host (send the SMS, notify the supervisor, publish the event).
   * Without it this process only writes messages, and processes that have it deliver them once
   * started (`runtime.start()`).
   */
  readonly deliver?: DeliverMessage;
  /** Deliveries of a message before it is dead-lettered. @default 10 */
  readonly maxAttempts?: number;
  /** Wait before the next delivery after the `attempt`-th failed. @default 1 s × 2^(attempt−1), at most 10 min */
  readonly backoffMs?: (attempt: number) => number;
  /** How long a claimed message is held by its worker before another may deliver it (a worker that died). @default 60000 */
  readonly leaseMs?: number;
  /** Messages claimed per round. @default 50 */
  readonly batchSize?: number;
  /** Wait between rounds when the outbox is empty. @default 1000 */
  readonly pollMs?: number;
  /** Called when a delivery failed (it is retried, or dead-lettered after `maxAttempts`), or claiming failed (`message` undefined). @default ignore */
  readonly onError?: (error: unknown, message: OutboxEntry | undefined) => void;
}

/** The default backoff: 1 s, 2 s, 4 s … at most 10 minutes. */
export const defaultOutboxBackoff = (attempt: number): number => Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * The messages a committed change writes: its effects, then its emitted events, with ids from the
 * case id and the row version the change was saved at (stable across retries of delivery).
 */
export function outboxMessages(
  caseId: string,
  machine: string,
  version: number,
  createdAt: Instant,
  effects: readonly { readonly type: string; readonly params: unknown }[],
  emitted: readonly { readonly type: string }[],
): OutboxMessage[] {
  const at = toIso(createdAt);
  const out: OutboxMessage[] = [];
  for (const e of effects) out.push({ id: `${caseId}@${version}#${out.length}`, caseId, machine, kind: 'effect', type: e.type, payload: e.params ?? {}, createdAt: at });
  for (const e of emitted) out.push({ id: `${caseId}@${version}#${out.length}`, caseId, machine, kind: 'emitted', type: e.type, payload: e, createdAt: at });
  // One JSON copy: the outbox shares nothing with the step's result.
  return JSON.parse(JSON.stringify(out)) as OutboxMessage[];
}

interface Held {
  entry: OutboxEntry;
  readonly seq: number;
}

/**
 * The embedded default outbox: messages in memory, written in the in-memory store's write (so a
 * change and its messages are kept together), lost with the process like the cases themselves.
 *
 * @example
 * const runtime = createCaseRuntime({ machines: [complaintMachine], outbox: { deliver: async (m) => sms.send(m) } });
 */
export class InMemoryOutbox implements Outbox<unknown> {
  readonly #entries = new Map<string, Held>();
  #seq = 0;

  /** {@inheritDoc Outbox.add} */
  async add(messages: readonly OutboxMessage[]): Promise<void> {
    for (const m of messages) {
      if (this.#entries.has(m.id)) continue; // written once per id
      this.#entries.set(m.id, { seq: this.#seq++, entry: { ...m, status: 'pending', attempts: 0, nextAttemptAt: m.createdAt, lastError: undefined } });
    }
  }

  #sorted(): Held[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** {@inheritDoc Outbox.claim} */
  async claim(options: { readonly now: Instant; readonly limit: number; readonly leaseMs: number }): Promise<OutboxEntry[]> {
    const now = toEpoch(options.now, 'now');
    const claimed: OutboxEntry[] = [];
    for (const held of this.#sorted()) {
      if (claimed.length >= options.limit) break;
      if (held.entry.status !== 'pending' || toEpoch(held.entry.nextAttemptAt) > now) continue;
      held.entry = { ...held.entry, attempts: held.entry.attempts + 1, nextAttemptAt: toIso(now + options.leaseMs) };
      claimed.push(held.entry);
    }
    return claimed;
  }

  /** {@inheritDoc Outbox.settle} */
  async settle(settlement: OutboxSettlement): Promise<void> {
    for (const id of settlement.delivered) this.#entries.delete(id);
    for (const f of settlement.failed) {
      const held = this.#entries.get(f.id);
      if (!held) continue;
      held.entry =
        f.retryAt === undefined
          ? { ...held.entry, status: 'dead', lastError: f.error }
          : { ...held.entry, nextAttemptAt: toIso(f.retryAt), lastError: f.error };
    }
  }

  /** {@inheritDoc Outbox.list} */
  async list(query: OutboxQuery = {}): Promise<OutboxEntry[]> {
    return this.#sorted()
      .map((h) => h.entry)
      .filter((e) => (query.status === undefined || e.status === query.status) && (query.caseId === undefined || e.caseId === query.caseId))
      .slice(0, query.limit ?? 100);
  }

  /** {@inheritDoc Outbox.retry} */
  async retry(id: string, now: Instant): Promise<boolean> {
    const held = this.#entries.get(id);
    if (!held || held.entry.status !== 'dead') return false;
    held.entry = { ...held.entry, status: 'pending', attempts: 0, nextAttemptAt: toIso(now) };
    return true;
  }
}

/** Delivers an outbox's messages to the host: claim a batch, deliver each, settle; wait when empty. */
export class OutboxWorker {
  readonly #outbox: Outbox<never>;
  readonly #deliver: DeliverMessage;
  readonly #options: OutboxOptions<never>;
  readonly #now: () => number;
  readonly #polling = new PollingLoop();
  #woken = false;

  constructor(outbox: Outbox<never>, deliver: DeliverMessage, options: OutboxOptions<never>, now: () => number) {
    this.#outbox = outbox;
    this.#deliver = deliver;
    this.#options = options;
    this.#now = now;
  }

  /** Deliver every message due now, in rounds, and return how many were delivered. */
  async deliverDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, delivered } = await this.#round();
      total += delivered;
      if (claimed < (this.#options.batchSize ?? 50)) return total;
    }
  }

  async #round(): Promise<{ claimed: number; delivered: number }> {
    const now = this.#now();
    const batch = await this.#outbox.claim({ now, limit: this.#options.batchSize ?? 50, leaseMs: this.#options.leaseMs ?? 60_000 });
    const delivered: string[] = [];
    const failed: { id: string; error: string; retryAt: number | undefined }[] = [];
    const maxAttempts = this.#options.maxAttempts ?? 10;
    const backoff = this.#options.backoffMs ?? defaultOutboxBackoff;
    for (const entry of batch) {
      try {
        await this.#deliver(stripState(entry));
        delivered.push(entry.id);
      } catch (error) {
        this.#options.onError?.(error, entry);
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ id: entry.id, error: message.slice(0, 500), retryAt: entry.attempts >= maxAttempts ? undefined : this.#now() + backoff(entry.attempts) });
      }
    }
    if (batch.length > 0) await this.#outbox.settle({ delivered, failed });
    return { claimed: batch.length, delivered: delivered.length };
  }

  /** Start delivering in the background. */
  start(): void {
    this.#polling.start(() => this.#run());
  }

  /** Deliver soon (a change of this process wrote messages). */
  wake(): void {
    this.#woken = true;
    this.#polling.wake();
  }

  async #run(): Promise<void> {
    const pollMs = this.#options.pollMs ?? 1000;
    while (!this.#polling.stopping) {
      this.#woken = false;
      let claimed = 0;
      try {
        claimed = (await this.#round()).claimed;
      } catch (error) {
        this.#options.onError?.(error, undefined);
      }
      if (claimed === 0 && !this.#woken && !this.#polling.stopping) await this.#polling.pause(pollMs);
    }
  }

  /** Stop delivering; waits for the round in progress. */
  stop(): Promise<void> {
    return this.#polling.stop();
  }
}

function stripState(entry: OutboxEntry): OutboxMessage {
  return { id: entry.id, caseId: entry.caseId, machine: entry.machine, kind: entry.kind, type: entry.type, payload: entry.payload, createdAt: entry.createdAt };
}
