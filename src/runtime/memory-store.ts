import { toEpoch, toIso } from '../time/instant.js';
import { producedTrust, trustedRecord, trustOf, type EnvelopeTrust } from './envelope.js';
import type { CaseEnvelope, PendingTimer } from './envelope.types.js';
import { CaseExistsError } from './errors/case-exists-error.js';
import { CaseNotFoundError } from './errors/case-not-found-error.js';
import { ConflictError } from './errors/conflict-error.js';
import { historyPaging, toPage, type HistoryEntry, type HistoryOptions, type HistoryPage, type NewHistoryEntry } from './history.js';
import type {
  AppendHistoryOptions,
  CaseChange,
  CaseRecord,
  CaseStore,
  CaseTimers,
  CaseUpdate,
  CreateOptions,
  ListDueOptions,
  ProjectionBatchOptions,
  SaveOptions,
  UpdateOptions,
  WrittenRecord,
} from './store.js';
import { compareCodePoints, type CaseProjection, type WorklistFilter, type WorklistRow } from './worklist.js';
import { WorklistIndex } from './worklist-index.js';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A stored case: the envelope as JSON text (the copy in; every read parses a fresh copy out),
 * with what `listDue` needs kept beside it.
 */
interface Stored {
  readonly caseId: string;
  readonly version: number;
  readonly text: string;
  readonly machine: string;
  readonly timers: readonly PendingTimer[];
  /** Set when the envelope was produced by a kefu step and saved unchanged: its copies skip the zod check on restore. */
  readonly trust: EnvelopeTrust | undefined;
  /** The worklist projection written with the envelope (frozen copy), if any. */
  readonly worklist: WorklistRow | undefined;
  /** When the case was opened: kept across saves. */
  readonly openedAt: string;
}

/**
 * What to store of a new envelope: its text and the fields beside it — from the text kefu produced
 * and the fields it noted then (a step's `text`, given as `text`: nothing stringified, the envelope
 * object never read, so a lazy one is never parsed), else from the envelope.
 */
function store(caseId: string, version: number, source: { readonly envelope: CaseEnvelope | undefined; readonly text?: string | undefined }, projection?: CaseProjection, openedAt?: string): Stored {
  const produced = producedTrust(source.text);
  let head: { machine: string; status: string; value: () => unknown; updatedAt: string; timers: readonly PendingTimer[] | undefined };
  let text: string;
  let trust: EnvelopeTrust | undefined;
  if (produced) {
    const h = produced.head;
    text = produced.text;
    trust = produced;
    head = { machine: h.machine, status: h.status, value: () => JSON.parse(h.state), updatedAt: h.updatedAt, timers: h.timers };
  } else {
    const envelope = source.envelope!;
    text = JSON.stringify(envelope);
    trust = trustOf(envelope, text);
    head = { machine: envelope.machine, status: envelope.snapshot.status, value: () => copy(envelope.snapshot.value), updatedAt: envelope.updatedAt, timers: envelope.timers };
  }
  // A copy of the timers alone (small), for listDue; the same JSON as in `text`.
  const timers = head.timers === undefined ? head.timers : copy(head.timers);
  const opened = openedAt ?? projection?.openedAt ?? toIso(head.updatedAt);
  const worklist: WorklistRow | undefined = projection
    ? Object.freeze({
        ...copy(projection),
        openedAt: opened,
        caseId,
        machine: head.machine,
        version,
        status: head.status,
        value: head.value() as WorklistRow['value'],
        updatedAt: toIso(head.updatedAt),
      })
    : undefined;
  return { caseId, version, text, machine: head.machine, timers: timers as readonly PendingTimer[], trust, worklist, openedAt: opened };
}

/** A record with the worklist projection stored beside it, as {@link InMemoryCaseStore.records} gives it. */
export interface ProjectedRecord extends CaseRecord {
  /** The worklist projection stored with the case; absent when it was written without one. */
  readonly worklist?: CaseProjection;
}

/** The projection part of a worklist row (a fresh copy). */
function projectionOf(row: WorklistRow): CaseProjection {
  return { assignee: row.assignee, role: row.role, nextDueAt: row.nextDueAt, priority: row.priority, member: row.member, states: [...row.states], openedAt: row.openedAt };
}

/**
 * A projection handed in with a record has the shape the runtime writes, or the store refuses it.
 * @throws {TypeError} Naming the case and the field.
 */
function checkProjection(caseId: string, p: CaseProjection): void {
  const bad = (field: string, what: string): never => {
    throw new TypeError(`record "${caseId}": worklist.${field} must be ${what}`);
  };
  const instant = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (p === null || typeof p !== 'object') bad('', 'an object');
  if (p.assignee !== null && typeof p.assignee !== 'string') bad('assignee', 'a string or null');
  if (p.role !== null && typeof p.role !== 'string') bad('role', 'a string or null');
  if (p.nextDueAt !== null && !instant(p.nextDueAt)) bad('nextDueAt', 'an ISO-8601 instant or null');
  if (!Number.isSafeInteger(p.priority)) bad('priority', 'an integer');
  if (p.member !== null && typeof p.member !== 'boolean') bad('member', 'a boolean or null');
  if (!Array.isArray(p.states) || !p.states.every((x) => typeof x === 'string')) bad('states', 'an array of state paths');
  if (!instant(p.openedAt)) bad('openedAt', 'an ISO-8601 instant');
}

/** A fresh record of a stored case: produced by a kefu step and stored as it was, its envelope is parsed when first read (the runtime's step restores it from the text). */
function read(stored: Stored): CaseRecord {
  if (stored.trust) return trustedRecord(stored.caseId, stored.version, stored.trust);
  return { caseId: stored.caseId, version: stored.version, envelope: JSON.parse(stored.text) as CaseEnvelope };
}

/** A case's history: the entries (as JSON text, by `seq` − 1) and the seq of each event id. */
interface StoredHistory {
  readonly entries: string[];
  readonly byEventId: Map<string, number>;
}

// Assigned, not spread: a record's envelope may be a getter that parses when first read.
const written = (record: CaseRecord, history: HistoryEntry | undefined): WrittenRecord => (history ? Object.assign(record, { history }) : record);

/** The index of the first id in `sorted` (code-point order) that comes strictly after `after`. */
function firstAfter(sorted: readonly string[], after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(sorted[mid]!, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The embedded default store: cases in a `Map`, with the same semantics as the PostgreSQL
 * store (version check on save, `inTransaction` before commit, the history entry written with
 * the case or not at all, copies in and out so callers never share objects with the store).
 * Writes to one case are serialized.
 *
 * @example
 * const store = new InMemoryCaseStore();
 * const runtime = createCaseRuntime({ machines: [complaintMachine], store });
 */
export class InMemoryCaseStore implements CaseStore<undefined> {
  readonly #records = new Map<string, Stored>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #history = new Map<string, StoredHistory>();
  /** The case ids in code-point order, for `projectionBatch`'s keyset (sorted once, then kept). */
  #sortedIds: string[] = [];
  /** Case ids created since `#sortedIds` was last brought up to date. */
  #newIds: string[] = [];
  /** The worklist rows in each order and per filter value, written with every write of a case. */
  readonly #worklists = new WorklistIndex();

  /**
   * @param records Records to start with (e.g. from {@link InMemoryCaseStore.records} of another
   * store), each with the worklist projection it was stored with: the store then lists them as the
   * store they came from did. A record without one is not listed until its next write, or until
   * `runtime.reproject()` projects it.
   * @throws {TypeError} When a record's projection is malformed (the case and the field named).
   */
  constructor(records: Iterable<ProjectedRecord> = []) {
    for (const r of records) {
      if (r.worklist !== undefined) checkProjection(r.caseId, r.worklist);
      if (!this.#records.has(r.caseId)) this.#newIds.push(r.caseId);
      this.#put(store(r.caseId, r.version, r, r.worklist));
    }
  }

  /**
   * A copy of every stored record with its worklist projection (to persist them elsewhere, or to
   * seed another store: `new InMemoryCaseStore(store.records())` lists the same worklists).
   */
  records(): ProjectedRecord[] {
    return [...this.#records.values()].map((r) => (r.worklist ? { ...read(r), worklist: projectionOf(r.worklist) } : read(r)));
  }

  /** Store a case's next version, and its worklist row in the worklist index. */
  #put(record: Stored): void {
    this.#records.set(record.caseId, record);
    this.#worklists.put(record.caseId, record.worklist);
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
  create(caseId: string, envelope: CaseEnvelope, options: CreateOptions<undefined> = {}): Promise<WrittenRecord> {
    return this.#exclusive(caseId, async () => {
      if (this.#records.has(caseId)) throw new CaseExistsError(caseId);
      const record = store(caseId, 1, { envelope, text: options.text }, options.worklist);
      const commitHistory = this.#prepareHistory(caseId, options.history, 1);
      await options.inTransaction?.(undefined);
      this.#put(record);
      this.#newIds.push(caseId);
      return written(read(record), commitHistory());
    });
  }

  /** {@inheritDoc CaseStore.load} */
  async load(caseId: string): Promise<CaseRecord | undefined> {
    const record = this.#records.get(caseId);
    return record ? read(record) : undefined;
  }

  /** {@inheritDoc CaseStore.save} */
  save(caseId: string, envelope: CaseEnvelope, options: SaveOptions<undefined>): Promise<WrittenRecord> {
    return this.#exclusive(caseId, async () => {
      const current = this.#records.get(caseId);
      if (!current) throw new CaseNotFoundError(caseId);
      if (current.version !== options.expectedVersion) {
        throw new ConflictError(caseId, options.expectedVersion, { actualVersion: current.version });
      }
      const record = store(caseId, current.version + 1, { envelope, text: options.text }, options.worklist, current.openedAt);
      const commitHistory = this.#prepareHistory(caseId, options.history, record.version, options.expectedVersion);
      await options.inTransaction?.(undefined);
      this.#put(record);
      return written(read(record), commitHistory());
    });
  }

  /**
   * Check an entry can be appended (its event id is new to the case) and return the commit
   * that appends it; nothing changes until the commit runs.
   */
  #prepareHistory(caseId: string, entry: NewHistoryEntry | undefined, version: number, expectedVersion = version): () => HistoryEntry | undefined {
    if (!entry) return () => undefined;
    const history = this.#history.get(caseId) ?? { entries: [], byEventId: new Map<string, number>() };
    if (entry.eventId !== null && history.byEventId.has(entry.eventId)) {
      throw new ConflictError(caseId, expectedVersion, { actualVersion: this.#records.get(caseId)?.version ?? expectedVersion, eventId: entry.eventId });
    }
    const seq = history.entries.length + 1;
    const text = JSON.stringify({ caseId, seq, ...entry, version });
    return () => {
      history.entries.push(text);
      if (entry.eventId !== null) history.byEventId.set(entry.eventId, seq);
      this.#history.set(caseId, history);
      return JSON.parse(text) as HistoryEntry;
    };
  }

  /** {@inheritDoc CaseStore.appendHistory} */
  appendHistory(caseId: string, entry: NewHistoryEntry, options: AppendHistoryOptions): Promise<HistoryEntry> {
    return this.#exclusive(caseId, async () => {
      const current = this.#records.get(caseId);
      if (!current) throw new CaseNotFoundError(caseId);
      if (current.version !== options.expectedVersion) {
        throw new ConflictError(caseId, options.expectedVersion, { actualVersion: current.version });
      }
      return this.#prepareHistory(caseId, entry, current.version)()!;
    });
  }

  /** {@inheritDoc CaseStore.readHistory} */
  async readHistory(caseId: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    const { limit, after } = historyPaging(options);
    const entries = this.#history.get(caseId)?.entries ?? [];
    // seq n is at index n - 1: the page starts right after `after`.
    return toPage(entries.slice(after, after + limit + 1).map((t) => JSON.parse(t) as HistoryEntry), limit);
  }

  /** {@inheritDoc CaseStore.findHistoryEvent} */
  async findHistoryEvent(caseId: string, eventId: string): Promise<HistoryEntry | undefined> {
    return this.#entryOf(caseId, eventId);
  }

  #entryOf(caseId: string, eventId: string): HistoryEntry | undefined {
    const history = this.#history.get(caseId);
    const seq = history?.byEventId.get(eventId);
    return seq === undefined ? undefined : (JSON.parse(history!.entries[seq - 1]!) as HistoryEntry);
  }

  /** {@inheritDoc CaseStore.update} */
  update(
    caseId: string,
    compute: (record: CaseRecord, earlier: HistoryEntry | undefined) => CaseChange<undefined>,
    options: UpdateOptions = {},
  ): Promise<CaseUpdate | undefined> {
    return this.#exclusive(caseId, async () => {
      const current = this.#records.get(caseId);
      if (!current) return undefined;
      const before = read(current);
      const change = compute(before, options.eventId === undefined ? undefined : this.#entryOf(caseId, options.eventId));
      if (change.text === undefined && change.envelope === undefined) {
        // A refused attempt: its entry is recorded, the case row is not written.
        const history = this.#prepareHistory(caseId, change.history, current.version)();
        return history ? { before, after: before, history } : { before, after: before };
      }
      const record = store(caseId, current.version + 1, change, change.worklist, current.openedAt);
      const after = read(record);
      const commitHistory = this.#prepareHistory(caseId, change.history, record.version, current.version);
      await change.inTransaction?.(undefined, after);
      this.#put(record);
      const history = commitHistory();
      return history ? { before, after, history } : { before, after };
    });
  }

  /**
   * {@inheritDoc CaseStore.worklist}
   *
   * From lists kept in each worklist order, per status and per filter value (`WorklistIndex`,
   * written with every write): the smallest list the filters allow is walked from the cursor and the
   * walk stops after `take` rows, so a page costs about what it returns — the same rows as the
   * PostgreSQL store's indexed query.
   */
  async worklist(filter: WorklistFilter): Promise<WorklistRow[]> {
    return this.#worklists.query(filter).map(copy);
  }

  /**
   * {@inheritDoc CaseStore.projectionBatch}
   *
   * Case ids in code-point order: a binary search finds `after` in the sorted ids (sorted on the
   * first batch; the ids created since are merged in on the next) and the batch reads on from there,
   * so a batch costs the cases it reads, not a sort of every case.
   */
  async projectionBatch(options: ProjectionBatchOptions): Promise<CaseRecord[]> {
    const ids = this.#caseIdsInOrder();
    const found: CaseRecord[] = [];
    for (let i = options.after === undefined ? 0 : firstAfter(ids, options.after); i < ids.length && found.length < options.limit; i++) {
      const r = this.#records.get(ids[i]!)!;
      if (options.machine !== undefined && r.machine !== options.machine) continue;
      if (options.unprojectedOnly && r.worklist !== undefined) continue;
      found.push(read(r));
    }
    return found;
  }

  /** Every case id in code-point order: the ids created since the last call merged into the sorted ones. */
  #caseIdsInOrder(): string[] {
    if (this.#newIds.length === 0) return this.#sortedIds;
    const fresh = this.#newIds.sort(compareCodePoints);
    this.#newIds = [];
    const old = this.#sortedIds;
    const merged = new Array<string>(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) merged[k++] = compareCodePoints(old[i]!, fresh[j]!) <= 0 ? old[i++]! : fresh[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    this.#sortedIds = merged;
    return merged;
  }

  /** {@inheritDoc CaseStore.writeWorklist} */
  writeWorklist(caseId: string, version: number, worklist: CaseProjection): Promise<boolean> {
    return this.#exclusive(caseId, async () => {
      const current = this.#records.get(caseId);
      if (!current || current.version !== version) return false;
      this.#put({ ...current, worklist: store(caseId, version, { envelope: JSON.parse(current.text) as CaseEnvelope }, worklist, current.openedAt).worklist });
      return true;
    });
  }

  /** {@inheritDoc CaseStore.listDue} */
  async listDue(options: ListDueOptions = {}): Promise<CaseTimers[]> {
    const by = options.dueBy === undefined ? Infinity : toEpoch(options.dueBy, 'dueBy');
    const found: { first: number; item: CaseTimers }[] = [];
    for (const r of this.#records.values()) {
      if (r.timers.length === 0) continue;
      const first = Math.min(...r.timers.map((t) => toEpoch(t.due)));
      if (first <= by) found.push({ first, item: { caseId: r.caseId, machine: r.machine, timers: copy(r.timers) } });
    }
    found.sort((a, b) => a.first - b.first);
    return found.slice(0, options.limit ?? found.length).map((f) => f.item);
  }
}
