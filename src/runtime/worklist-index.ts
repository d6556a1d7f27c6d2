import { compareCodePoints, matchesWorklist, type WorklistFilter, type WorklistOrder, type WorklistPosition, type WorklistRow } from './worklist.js';

/**
 * The in-memory store's worklist index (internal: it may change without a major version). What
 * PostgreSQL's worklist indexes are to the cases table: every projected case sits in lists kept in
 * each worklist order — all of a status, and per assignee, role queue, unassigned role queue,
 * machine, member flag and state path — and, per status, in a list by opening time. A query walks
 * the smallest list its filters allow, in its order, from the cursor, and stops after `take` rows;
 * a time range (or a due bound in the priority order) that holds fewer cases than that walk may read
 * is read instead and only its matches sorted. A page costs about what it returns, not a scan and a
 * sort of every case. The index counts the cases of every list on each write; a family of lists
 * (say, per assignee in the priority order) is built by the first query that walks it and from then
 * on written with every change of a case's projection.
 */

/** One case as the index orders it: its row, and the numbers the orders and filters compare. */
interface Entry {
  readonly caseId: string;
  readonly row: WorklistRow;
  /** Next due time in epoch ms; `Infinity` for none (last in the due order, like `'infinity'` on PostgreSQL). */
  readonly due: number;
  readonly priority: number;
  readonly opened: number;
  /** The keys of the lists it is in (see {@link keysOf}). */
  readonly keys: readonly string[];
}

/**
 * The families of lists: all cases of a status, and per assignee, machine, role queue, unassigned
 * role queue, member flag and state path (each per status).
 */
type Family = 'all' | 'a' | 'm' | 'r' | 'u' | 'b' | 's';

type Compare<T> = (a: T, b: T) => number;

const compareDue = (a: Entry, b: Entry): number => (a.due !== b.due ? (a.due < b.due ? -1 : 1) : compareCodePoints(a.caseId, b.caseId));
const comparePriority = (a: Entry, b: Entry): number => (a.priority !== b.priority ? b.priority - a.priority : compareDue(a, b));
const compareOpened = (a: Entry, b: Entry): number => (a.opened !== b.opened ? (a.opened < b.opened ? -1 : 1) : compareCodePoints(a.caseId, b.caseId));
const ORDER: Record<WorklistOrder, Compare<Entry>> = { due: compareDue, priority: comparePriority };

/** Where an entry stands against a cursor position in an order: > 0 when it comes after it. */
function afterCursor(e: Entry, at: WorklistPosition, order: WorklistOrder): number {
  if (order === 'priority' && e.priority !== at.priority) return (at.priority ?? 0) - e.priority;
  const due = at.due ?? Infinity;
  if (e.due !== due) return e.due < due ? -1 : 1;
  return compareCodePoints(e.caseId, at.caseId);
}

/** Half a chunk's largest size: chunks are split beyond twice this. */
const CHUNK = 256;

const holds = <T>(e: T, before: (e: T) => boolean): boolean => before(e);

/** A position in a {@link SortedList}: chunk and index in it. */
interface Cursor {
  c: number;
  i: number;
}

/**
 * A list kept sorted by `compare` as a list of sorted chunks (each at most 2 × {@link CHUNK}): an
 * insert or delete is a binary search and a short splice, not a move of the whole list. Elements
 * are unique by `compare` (the case id breaks every tie).
 */
class SortedList<T> {
  #chunks: T[][] = [];
  #size = 0;
  constructor(readonly compare: Compare<T>) {}

  get size(): number {
    return this.#size;
  }

  /** The first position whose element is not `before` (`before` holds for a prefix of the list). */
  seek(before: (e: T) => boolean): Cursor {
    return this.#lowerBound(holds, before);
  }

  /** Where `x` is or would go; no closure per call (every write runs it). */
  #find(x: T): Cursor {
    return this.#lowerBound(this.#less, x);
  }

  readonly #less = (e: T, x: T): boolean => this.compare(e, x) < 0;

  /** The first position whose element `e` has `below(e, probe)` false (true for a prefix of the list). */
  #lowerBound<P>(below: (e: T, probe: P) => boolean, probe: P): Cursor {
    const chunks = this.#chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid]!;
      if (below(chunk[chunk.length - 1]!, probe)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return { c: lo, i: 0 };
    const chunk = chunks[lo]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (below(chunk[mid]!, probe)) a = mid + 1;
      else b = mid;
    }
    return { c: lo, i: a };
  }

  /** How many elements are `before` (a prefix of the list). */
  count(before: (e: T) => boolean): number {
    const at = this.seek(before);
    let n = at.i;
    for (let c = 0; c < at.c; c++) n += this.#chunks[c]!.length;
    return n;
  }

  /** The element at a cursor, moving it on; `undefined` at the end. */
  next(at: Cursor): T | undefined {
    const chunk = this.#chunks[at.c];
    if (!chunk) return undefined;
    const e = chunk[at.i]!;
    if (++at.i === chunk.length) {
      at.c++;
      at.i = 0;
    }
    return e;
  }

  /** Add `items` (sorted here) to the list: in one sort when it is empty. */
  fill(items: T[]): void {
    if (this.#size > 0) {
      for (const x of items) this.insert(x);
      return;
    }
    items.sort(this.compare);
    for (let i = 0; i < items.length; i += CHUNK) this.#chunks.push(items.slice(i, i + CHUNK));
    this.#size = items.length;
  }

  insert(x: T): void {
    const chunks = this.#chunks;
    this.#size++;
    if (chunks.length === 0) {
      chunks.push([x]);
      return;
    }
    const at = this.#find(x);
    // After every element: the end of the last chunk.
    if (at.c === chunks.length) at.i = chunks[(at.c = chunks.length - 1)]!.length;
    const chunk = chunks[at.c]!;
    chunk.splice(at.i, 0, x);
    if (chunk.length > 2 * CHUNK) chunks.splice(at.c + 1, 0, chunk.splice(CHUNK));
  }

  delete(x: T): void {
    const at = this.#find(x);
    const chunk = this.#chunks[at.c];
    if (!chunk || chunk[at.i] !== x) throw new Error('worklist index: an entry is missing from its list (a bug in kefu)');
    chunk.splice(at.i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(at.c, 1);
  }
}

/**
 * A list's key: the status, the family's tag and the value. The one free-form value (an assignee,
 * a state path) comes last, so no two keys of a family can be confused; `null` has a tag of its own.
 */
const key = (status: string, tag: string, value = ''): string => `${status}\u0000${tag}\u0000${value}`;

/** The keys of the lists a row is in: of its status, and per filter value (each with the status). */
function keysOf(row: WorklistRow): string[] {
  const s = row.status;
  const keys = [key(s, ''), row.assignee === null ? key(s, 'a-') : key(s, 'a', row.assignee), key(s, 'm', row.machine)];
  if (row.role !== null) keys.push(key(s, 'r', row.role));
  if (row.role !== null && row.assignee === null) keys.push(key(s, 'u', row.role));
  if (row.member !== null) keys.push(key(s, row.member ? 'b+' : 'b-'));
  for (const path of row.states) keys.push(key(s, `s\u0000${row.machine}`, path));
  return keys;
}

/** The family of a key: the first character of its tag (`all` for the empty tag). */
function familyOf(k: string): Family {
  const tag = k.charAt(k.indexOf('\u0000') + 1);
  return tag === '\u0000' ? 'all' : (tag as Family);
}

/** The key of a family's list for a filter's value, in a status (as {@link keysOf} makes them). */
function keyOf(status: string, family: Family, f: WorklistFilter): string {
  switch (family) {
    case 'all':
      return key(status, '');
    case 'a':
      return f.assignee === null ? key(status, 'a-') : key(status, 'a', f.assignee);
    case 'm':
      return key(status, 'm', f.machine);
    case 'r':
      return key(status, 'r', f.role);
    case 'u':
      return key(status, 'u', f.role);
    case 'b':
      return key(status, f.member ? 'b+' : 'b-');
    case 's':
      return key(status, `s\u0000${f.machine}`, f.state);
  }
}

/** Whether an entry passes a filter: `matchesWorklist`, with the instants the entry keeps. */
const passes = (e: Entry, f: WorklistFilter): boolean => matchesWorklist(e.row, e.due === Infinity ? null : e.due, f, e.opened);

/** Whether an entry's due time passes the filter's due bounds (none: `Infinity`, never). */
const dueWithin = (e: Entry, f: WorklistFilter): boolean =>
  (f.overdueAt === undefined || e.due <= f.overdueAt) && (f.dueBefore === undefined || e.due < f.dueBefore);

const ORDERS = ['due', 'priority'] as const;
/** The name of a family in an order, as {@link WorklistIndex} keeps it in use. */
const USE = Object.fromEntries((['all', 'a', 'm', 'r', 'u', 'b', 's'] as const).map((f) => [f, { due: `${f}/due`, priority: `${f}/priority` }])) as Record<Family, Record<WorklistOrder, string>>;

/** Internal: see the module comment. */
export class WorklistIndex {
  readonly #entries = new Map<string, Entry>();
  /** The lists by key and order; only of the families in use. */
  readonly #lists = new Map<string, Partial<Record<WorklistOrder, SortedList<Entry>>>>();
  /**
   * The families (with their order) a query has used so far, and `opened` once a time range was
   * asked for: only those are built (on that first query) and then written with every change, so a
   * host pays on each write for the lists its worklists read, not for every filter there is.
   */
  readonly #inUse = new Set<string>();
  /** Per status: its cases by opening time, for `from`/`to` (once in use). */
  readonly #opened = new Map<string, SortedList<Entry>>();
  /**
   * How many cases each list holds or would hold, kept for every key whether its family is in use or
   * not: a query picks its list by these, and builds only the family it walks.
   */
  readonly #counts = new Map<string, number>();
  /** How many cases of each status are indexed. */
  readonly #statuses = new Map<string, number>();

  /** Index a case's projected row, or take it out (`undefined`: written without a projection). */
  put(caseId: string, row: WorklistRow | undefined): void {
    const old = this.#entries.get(caseId);
    if (row === undefined) {
      if (old) this.#remove(old);
      return;
    }
    // The row's instants were written by kefu as ISO-8601 UTC (or checked as instants when a store is seeded).
    const due = row.nextDueAt === null ? Infinity : Date.parse(row.nextDueAt);
    const opened = Date.parse(row.openedAt);
    const keys = keysOf(row);
    // In the same lists (the counts stay), maybe at other places in them.
    const same = old !== undefined && sameKeys(old.keys, keys);
    if (same && old.due === due && old.priority === row.priority && old.opened === opened) {
      // At the same places too: only its row changes.
      (old as { row: WorklistRow }).row = row;
      return;
    }
    const entry: Entry = { caseId, row, due, priority: row.priority, opened, keys };
    if (old) this.#remove(old, !same);
    this.#entries.set(caseId, entry);
    if (!same) {
      this.#statuses.set(row.status, (this.#statuses.get(row.status) ?? 0) + 1);
      for (const k of keys) this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
    }
    if (this.#inUse.size > 0) this.#place(entry, (list, e) => list.insert(e));
  }

  /** Apply `op` to the entry in every list in use that holds it. */
  #place(entry: Entry, op: (list: SortedList<Entry>, e: Entry) => void, only?: string): void {
    for (const k of entry.keys) {
      const family = familyOf(k);
      for (const order of ORDERS) {
        const use = USE[family][order];
        if (only !== undefined ? use !== only : !this.#inUse.has(use)) continue;
        const lists = this.#lists.get(k) ?? {};
        if (!this.#lists.has(k)) this.#lists.set(k, lists);
        op((lists[order] ??= new SortedList(ORDER[order])), entry);
      }
    }
    if (only !== undefined ? only === 'opened' : this.#inUse.has('opened')) {
      let list = this.#opened.get(entry.row.status);
      if (!list) this.#opened.set(entry.row.status, (list = new SortedList(compareOpened)));
      op(list, entry);
    }
  }

  /** Take an entry out of the lists in use, and out of the counts unless `uncount` is false (it comes back to the same lists). */
  #remove(entry: Entry, uncount = true): void {
    this.#entries.delete(entry.caseId);
    if (uncount) {
      const status = entry.row.status;
      const n = this.#statuses.get(status)! - 1;
      if (n === 0) this.#statuses.delete(status);
      else this.#statuses.set(status, n);
      for (const k of entry.keys) {
        const left = this.#counts.get(k)! - 1;
        if (left === 0) this.#counts.delete(k);
        else this.#counts.set(k, left);
      }
    }
    if (this.#inUse.size > 0) this.#place(entry, (list, e) => list.delete(e));
  }

  /** Bring a family (in an order), or `opened`, into use: built from every case, then kept. */
  #use(what: string): void {
    if (this.#inUse.has(what)) return;
    // Gathered per list, then each sorted once: not one insert per case.
    const gathered = new Map<SortedList<Entry>, Entry[]>();
    for (const entry of this.#entries.values()) {
      this.#place(entry, (list, e) => {
        const into = gathered.get(list);
        if (into) into.push(e);
        else gathered.set(list, [e]);
      }, what);
    }
    for (const [list, entries] of gathered) list.fill(entries);
    this.#inUse.add(what);
  }

  /** The lists of a family's key in an order, per status (brought into use first). */
  #listsOf(statuses: readonly string[], family: Family, f: WorklistFilter, order: WorklistOrder): SortedList<Entry>[] {
    this.#use(USE[family][order]);
    const out: SortedList<Entry>[] = [];
    for (const s of statuses) {
      const list = this.#lists.get(keyOf(s, family, f))?.[order];
      if (list && list.size > 0) out.push(list);
    }
    return out;
  }

  /**
   * The first `take` rows passing the filter, in its order (the stored rows themselves: the caller
   * copies them out).
   */
  query(f: WorklistFilter): WorklistRow[] {
    const statuses = f.status === 'any' ? [...this.#statuses.keys()] : this.#statuses.has(f.status) ? [f.status] : [];
    if (statuses.length === 0) return [];
    const bounded = f.overdueAt !== undefined || f.dueBefore !== undefined;
    const beforeBound = (e: Entry) => dueWithin(e, f);

    // The lists to walk: of the filter values given, the one with the fewest cases it may read.
    const given: Family[] = ['all'];
    if (f.assignee !== undefined) given.push('a');
    if (f.machine !== undefined) given.push('m');
    if (f.role !== undefined) given.push(f.assignee === null ? 'u' : 'r');
    if (f.member !== undefined) given.push('b');
    if (f.state !== undefined) given.push('s');
    // In the due order a due bound ends the walk: only the cases before it may be read (counted in a
    // list in use; a family not in use is judged by its size, and built only if it is walked).
    const costOf = (lists: readonly SortedList<Entry>[]) => lists.reduce((n, l) => n + (bounded && f.order === 'due' ? l.count(beforeBound) : l.size), 0);
    let best: Family = 'all';
    let least = Infinity;
    for (const family of given) {
      const cost = this.#inUse.has(USE[family][f.order])
        ? costOf(this.#listsOf(statuses, family, f, f.order))
        : statuses.reduce((n, s) => n + (this.#counts.get(keyOf(s, family, f)) ?? 0), 0);
      if (cost < least) [least, best] = [cost, family];
    }
    if (least === 0) return [];
    const walk = this.#listsOf(statuses, best, f, f.order);
    const walkCost = costOf(walk);
    if (walkCost === 0) return [];

    // A set holding every match, not in the order: the cases opened in `from`/`to`, or (priority
    // order) those before the due bound in the walked lists. Read when it is smaller than the walk may be.
    let range: { size: number; read: () => Entry[] } | undefined;
    if (f.from !== undefined || f.to !== undefined) {
      this.#use('opened');
      const lists = statuses.map((s) => this.#opened.get(s)).filter((l) => l !== undefined);
      const from = (l: SortedList<Entry>) => (f.from === undefined ? 0 : l.count((e) => e.opened < f.from!));
      const to = (l: SortedList<Entry>) => (f.to === undefined ? l.size : l.count((e) => e.opened < f.to!));
      const size = lists.reduce((n, l) => n + to(l) - from(l), 0);
      range = {
        size,
        read: () => {
          const out: Entry[] = [];
          for (const l of lists) {
            const at = l.seek((e) => f.from !== undefined && e.opened < f.from);
            for (let e = l.next(at); e !== undefined && (f.to === undefined || e.opened < f.to); e = l.next(at)) out.push(e);
          }
          return out;
        },
      };
    }
    if (bounded && f.order === 'priority') {
      const lists = this.#listsOf(statuses, best, f, 'due');
      const size = lists.reduce((n, l) => n + l.count(beforeBound), 0);
      if (range === undefined || size < range.size) {
        range = {
          size,
          read: () => {
            const out: Entry[] = [];
            for (const l of lists) {
              const at = l.seek(() => false);
              for (let e = l.next(at); e !== undefined && beforeBound(e); e = l.next(at)) out.push(e);
            }
            return out;
          },
        };
      }
    }

    // Walk in order; once it has read as many cases as the set holds without filling the page, read the set.
    const budget = range !== undefined && range.size < walkCost ? range.size : Infinity;
    const walked = this.#walk(walk, f, budget);
    if (walked !== undefined) return walked;
    return range!
      .read()
      .filter((e) => passes(e, f))
      .sort(ORDER[f.order])
      .slice(0, f.take)
      .map((e) => e.row);
  }

  /** The first `take` matches of `lists` merged in the filter's order, from its cursor; `undefined` past `budget` cases read. */
  #walk(lists: readonly SortedList<Entry>[], f: WorklistFilter, budget: number): WorklistRow[] | undefined {
    const compare = ORDER[f.order];
    const after = f.after;
    const sources = lists.map((list) => {
      const at = after === undefined ? list.seek(() => false) : list.seek((e) => afterCursor(e, after, f.order) <= 0);
      return { list, at, head: list.next(at) };
    });
    const stopAtBound = f.order === 'due' && (f.overdueAt !== undefined || f.dueBefore !== undefined);
    const out: WorklistRow[] = [];
    let read = 0;
    while (out.length < f.take) {
      // The smallest head of the (at most four: one per status) lists.
      let best: (typeof sources)[number] | undefined;
      for (const s of sources) if (s.head !== undefined && (best === undefined || compare(s.head, best.head!) < 0)) best = s;
      if (best === undefined) break;
      const e = best.head!;
      // In the due order nothing after the due bound can pass.
      if (stopAtBound && !dueWithin(e, f)) break;
      if (++read > budget) return undefined;
      if (passes(e, f)) out.push(e.row);
      best.head = best.list.next(best.at);
    }
    return out;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
