import { toEpoch, type Instant } from '../time/instant.js';
import type { DeliverTimer, Scheduler } from './scheduler.js';
import type { DueTimer, TimerCancel, TimerSchedule } from './timers.js';

/** Options of {@link InMemoryScheduler}. */
export interface InMemorySchedulerOptions {
  /** The clock deciding what is due. @default Date.now */
  readonly now?: () => Instant;
  /** Wait before delivering a timer again after its delivery failed. @default 1000 */
  readonly retryDelayMs?: number;
  /**
   * Arm a real `setTimeout` for the next due timer once started. Turn off with a simulated clock
   * and call {@link InMemoryScheduler.deliverDue} yourself. @default true
   */
  readonly autoDeliver?: boolean;
}

interface Entry {
  readonly timer: DueTimer;
  readonly dueMs: number;
  notBefore: number;
}

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * The embedded default scheduler: timers in memory, delivered by `setTimeout` (or by calling
 * {@link InMemoryScheduler.deliverDue} with a simulated clock). Not durable: the runtime
 * re-arms pending timers from its store when it starts, so a due time that passed while
 * nothing ran still fires.
 *
 * @example
 * const scheduler = new InMemoryScheduler({ now: () => clock.now, autoDeliver: false });
 * await scheduler.deliverDue(); // delivers what is due on the simulated clock
 */
export class InMemoryScheduler implements Scheduler<undefined> {
  /** Not durable: timers are lost with the process (the runtime re-arms them from the store). */
  readonly durable = false;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #retryDelayMs: number;
  readonly #auto: boolean;
  #deliver: DeliverTimer<undefined> | undefined;
  #handle: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<number> | undefined;

  constructor(options: InMemorySchedulerOptions = {}) {
    const now = options.now ?? Date.now;
    this.#now = () => toEpoch(now(), 'now');
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#auto = options.autoDeliver ?? true;
  }

  /** The timers waiting, earliest first. */
  pending(): DueTimer[] {
    return [...this.#entries.values()].sort((a, b) => a.dueMs - b.dueMs).map((e) => e.timer);
  }

  /** {@inheritDoc Scheduler.schedule} */
  async schedule(timer: TimerSchedule): Promise<void> {
    if (timer.caseId === undefined) throw new TypeError('a scheduled timer needs a case id');
    const dueMs = toEpoch(timer.due, 'due');
    this.#entries.set(timer.id, { timer: { id: timer.id, caseId: timer.caseId, sendId: timer.sendId, due: timer.due }, dueMs, notBefore: dueMs });
    this.#arm();
  }

  /** {@inheritDoc Scheduler.cancel} */
  async cancel(timer: TimerCancel): Promise<void> {
    this.#entries.delete(timer.id);
    this.#arm();
  }

  /** {@inheritDoc Scheduler.start} */
  async start(deliver: DeliverTimer<undefined>): Promise<void> {
    this.#deliver = deliver;
    this.#arm();
  }

  /** {@inheritDoc Scheduler.stop} */
  async stop(): Promise<void> {
    this.#deliver = undefined;
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
    await this.#running;
  }

  /**
   * Deliver every timer due at `now` (default: the scheduler's clock), earliest first, and
   * return how many were delivered. A delivery that fails is retried after `retryDelayMs`.
   */
  deliverDue(now?: Instant): Promise<number> {
    const run = (this.#running ?? Promise.resolve(0)).then(() => this.#deliverDue(now === undefined ? this.#now() : toEpoch(now, 'now')));
    this.#running = run.finally(() => {
      if (this.#running === tracked) this.#running = undefined;
    });
    const tracked = this.#running;
    return run;
  }

  async #deliverDue(now: number): Promise<number> {
    const deliver = this.#deliver;
    if (!deliver) return 0;
    const due = [...this.#entries.values()].filter((e) => e.notBefore <= now).sort((a, b) => a.dueMs - b.dueMs);
    let delivered = 0;
    for (const entry of due) {
      if (this.#entries.get(entry.timer.id) !== entry) continue; // cancelled or replaced meanwhile
      this.#entries.delete(entry.timer.id);
      try {
        await deliver(entry.timer);
        delivered++;
      } catch {
        if (!this.#entries.has(entry.timer.id)) {
          entry.notBefore = now + this.#retryDelayMs;
          this.#entries.set(entry.timer.id, entry);
        }
      }
    }
    this.#arm();
    return delivered;
  }

  #arm(): void {
    if (!this.#auto || !this.#deliver) return;
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
    let next = Infinity;
    for (const e of this.#entries.values()) next = Math.min(next, e.notBefore);
    if (next === Infinity) return;
    const wait = Math.min(MAX_TIMEOUT, Math.max(0, next - this.#now()));
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      void this.deliverDue();
    }, wait);
    this.#handle.unref?.();
  }
}
