import { toEpoch } from '../time/instant.js';
import type { CaseEnvelope } from './envelope.types.js';
import { CaseExistsError } from './errors/case-exists-error.js';
import { CaseNotFoundError } from './errors/case-not-found-error.js';
import { ConflictError } from './errors/conflict-error.js';
import type { CaseRecord, CaseStore, CaseTimers, CreateOptions, ListDueOptions, SaveOptions } from './store.js';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The embedded default store: cases in a `Map`, with the same semantics as the PostgreSQL
 * store (version check on save, `inTransaction` before commit, copies in and out so callers
 * never share objects with the store). Writes to one case are serialized.
 *
 * @example
 * const store = new InMemoryCaseStore();
 * const runtime = createCaseRuntime({ machines: [complaintMachine], store });
 */
export class InMemoryCaseStore implements CaseStore<undefined> {
  readonly #records = new Map<string, CaseRecord>();
  readonly #locks = new Map<string, Promise<unknown>>();

  /** @param records Records to start with (e.g. from {@link InMemoryCaseStore.records} of another store). */
  constructor(records: Iterable<CaseRecord> = []) {
    for (const r of records) this.#records.set(r.caseId, copy(r));
  }

  /** A copy of every stored record (to persist them elsewhere, or to seed another store). */
  records(): CaseRecord[] {
    return [...this.#records.values()].map(copy);
  }

  async #exclusive<T>(caseId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(caseId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#locks.set(caseId, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(caseId) === tail) this.#locks.delete(caseId);
    }
  }

  /** {@inheritDoc CaseStore.create} */
  create(caseId: string, envelope: CaseEnvelope, options: CreateOptions<undefined> = {}): Promise<CaseRecord> {
    return this.#exclusive(caseId, async () => {
      if (this.#records.has(caseId)) throw new CaseExistsError(caseId);
      const record: CaseRecord = { caseId, version: 1, envelope: copy(envelope) };
      await options.inTransaction?.(undefined);
      this.#records.set(caseId, record);
      return copy(record);
    });
  }

  /** {@inheritDoc CaseStore.load} */
  async load(caseId: string): Promise<CaseRecord | undefined> {
    const record = this.#records.get(caseId);
    return record ? copy(record) : undefined;
  }

  /** {@inheritDoc CaseStore.save} */
  save(caseId: string, envelope: CaseEnvelope, options: SaveOptions<undefined>): Promise<CaseRecord> {
    return this.#exclusive(caseId, async () => {
      const current = this.#records.get(caseId);
      if (!current) throw new CaseNotFoundError(caseId);
      if (current.version !== options.expectedVersion) {
        throw new ConflictError(caseId, options.expectedVersion, { actualVersion: current.version });
      }
      const record: CaseRecord = { caseId, version: current.version + 1, envelope: copy(envelope) };
      await options.inTransaction?.(undefined);
      this.#records.set(caseId, record);
      return copy(record);
    });
  }

  /** {@inheritDoc CaseStore.listDue} */
  async listDue(options: ListDueOptions = {}): Promise<CaseTimers[]> {
    const by = options.dueBy === undefined ? Infinity : toEpoch(options.dueBy, 'dueBy');
    const found: { first: number; item: CaseTimers }[] = [];
    for (const r of this.#records.values()) {
      if (r.envelope.timers.length === 0) continue;
      const first = Math.min(...r.envelope.timers.map((t) => toEpoch(t.due)));
      if (first <= by) found.push({ first, item: { caseId: r.caseId, machine: r.envelope.machine, timers: copy(r.envelope.timers) } });
    }
    found.sort((a, b) => a.first - b.first);
    return found.slice(0, options.limit ?? found.length).map((f) => f.item);
  }
}
