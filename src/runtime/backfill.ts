import type { AnyMachineSnapshot } from 'xstate';
import * as z from 'zod/mini';
import { issuesFromZod, ValidationError, type FieldIssue } from '../errors/validation-error.js';
import { PrincipalSchema, type Principal } from '../roles/principal.js';
import { toIso } from '../time/instant.js';
import type { MachineDefinition } from './definition.js';
import { produceEnvelope, restore } from './envelope.js';
import type { PersistedCaseSnapshot } from './envelope.types.js';
import { isConflictError } from './errors/conflict-error.js';
import { HISTORY_PAGE, recordedEvent, type HistoryEntry, type HistoryPrincipal, type NewHistoryEntry } from './history.js';
import type { CaseChange, CaseRecord, CaseStore } from './store.js';
import { batchSizeOf, unknownMachineIssue } from './reproject.js';
import { projectCase } from './worklist.js';

/**
 * Filling in, from a case's history, a value its context should hold but does not — e.g. who
 * registered a complaint stored before the complaint recorded it (`registeredBy`): the history
 * kept the principal of that `COMPLAINT.REGISTER` entry. Each filled case is written at its next
 * version with a history entry of its own (AUDIT-TRAIL) naming the field, the value and the entry
 * it came from — never silently.
 */

/** The event type of the history entry a backfill writes (`runtime.backfill`). */
export const BACKFILL_EVENT_TYPE = 'kefu.backfill';

/** Who a backfill is recorded as when the call names nobody (`BackfillOptions.by`). */
export const BACKFILL_PRINCIPAL: HistoryPrincipal = Object.freeze({ id: 'backfill', role: 'system' });

/**
 * A value a machine's cases may lack and their history holds, and how to write it into a case. A
 * machine module ships its own (`complaintBackfills.registeredBy`); the runtime runs it on the
 * cases of `machine` with `runtime.backfill`.
 */
export interface HistoryBackfill<TValue = unknown> {
  /** The id of the machine whose cases it fills. */
  readonly machine: string;
  /** The context field it fills, as the history entry of the backfill names it (`registeredBy`). */
  readonly field: string;
  /** Whether a case lacks the value: its snapshot, migrated to the machine's current version. */
  lacks(snapshot: PersistedCaseSnapshot): boolean;
  /**
   * The value one entry of the case's history holds, or `undefined` when it holds none. The
   * entries are read oldest first; the first that holds a value is the source.
   */
  valueFrom(entry: HistoryEntry): TValue | undefined;
  /** The snapshot with the value written into it (a new object; the snapshot given is a copy). */
  fill(snapshot: PersistedCaseSnapshot, value: TValue): PersistedCaseSnapshot;
}

/** Options of `runtime.backfill`. */
export interface BackfillOptions {
  /** Who runs the backfill (the operator), recorded as the `by` of each entry it writes. @default BACKFILL_PRINCIPAL */
  readonly by?: Principal;
  /** Cases read per batch, 1–1000. @default 200 */
  readonly batchSize?: number;
}

/** A case `runtime.backfill` filled. */
export interface BackfilledCase {
  readonly caseId: string;
  /** The history entry the value came from. */
  readonly source: { readonly seq: number; readonly eventType: string };
  /** The `seq` of the history entry that records the backfill. */
  readonly entry: number;
  /** The row version the case was written at. */
  readonly version: number;
  /** Load–write attempts it took (more than 1 after a concurrent write). */
  readonly attempts: number;
}

/** What `runtime.backfill` did, case by case. */
export interface BackfillReport {
  /** Cases of the machine read. */
  readonly scanned: number;
  /** Cases filled, each at its next version with a history entry. */
  readonly filled: readonly BackfilledCase[];
  /** Cases that already hold the value (filled by an earlier run, or never lacking it): left as they were. */
  readonly complete: number;
  /** Cases that lack the value and whose history holds no entry with it: left as they were. */
  readonly noEntry: readonly string[];
  /** Cases another writer kept writing on every attempt: left as they were (run the backfill again). */
  readonly conflicts: readonly string[];
  /** Cases left as they were, with why: an envelope that does not restore, a fill the machine refuses, a case deleted meanwhile. */
  readonly failed: readonly { readonly caseId: string; readonly reason: string }[];
}

/** What the runtime lends a backfill: its clock and its retry policy on version conflicts. */
export interface BackfillContext {
  readonly now: () => number;
  readonly maxAttempts: number;
  readonly retryDelay: (attempt: number) => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const reasonOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** The entry a value came from, and the opening time of the case (its first entry's). */
interface Source {
  readonly entry: HistoryEntry;
  readonly value: unknown;
  readonly openedAt: string | undefined;
}

/** The oldest entry of the case's history that holds the value, read page by page. */
async function findSource(store: CaseStore<unknown>, caseId: string, backfill: HistoryBackfill): Promise<Source | undefined> {
  let openedAt: string | undefined;
  for (let after: number | undefined = 0; after !== undefined; ) {
    const page = await store.readHistory(caseId, { after, limit: HISTORY_PAGE.max });
    for (const entry of page.entries) {
      if (entry.seq === 1) openedAt = entry.at;
      const value = backfill.valueFrom(entry);
      if (value !== undefined) return { entry, value, openedAt };
    }
    after = page.next;
  }
  return undefined;
}

/** What one attempt on a case decided. */
type Plan =
  | { readonly kind: 'complete' | 'missing' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'write'; readonly change: CaseChange<unknown> & { readonly history: NewHistoryEntry } };

/**
 * Run a backfill over the cases of its machine, in batches by case id (`projectionBatch`, as
 * `reproject` reads them). For each case: restore it (migrated, checked, as any load); if it lacks
 * the value, find the oldest history entry that holds it; then, under the store's lock (`update`)
 * or with the version check (`load`, `save`), check again that it still lacks the value, fill it,
 * check the filled case as any load checks a case (context schema, invariants, signature), and write
 * it at the next version with its worklist projection and a `kefu.backfill` history entry, under the
 * event id `kefu.backfill.<field>` (one backfill of a field per case, ever). A version conflict is
 * retried with the runtime's policy, then reported. Internal: the runtime's `backfill`.
 * @throws {ValidationError} When an option is malformed or the backfill names an unknown machine.
 * @throws {TypeError} When the store cannot list cases.
 */
export async function backfillCases<Tx>(
  store: CaseStore<Tx>,
  machines: ReadonlyMap<string, MachineDefinition>,
  backfill: HistoryBackfill,
  options: BackfillOptions,
  context: BackfillContext,
): Promise<BackfillReport> {
  const issues: FieldIssue[] = [];
  const def = machines.get(backfill.machine);
  if (!def) issues.push(unknownMachineIssue(backfill.machine, machines));
  if (typeof backfill.field !== 'string' || backfill.field === '') issues.push({ path: 'field', message: 'must be a non-empty string' });
  const size = batchSizeOf(options.batchSize, issues);
  if (options.by !== undefined) {
    const by = z.safeParse(PrincipalSchema, options.by);
    if (!by.success) issues.push(...issuesFromZod(by.error.issues, 'by'));
  }
  if (issues.length > 0 || !def) throw new ValidationError('backfill', issues);
  if (!store.projectionBatch) throw new TypeError('this store cannot list cases for a backfill (CaseStore.projectionBatch)');
  const cases = store as CaseStore<unknown>;
  const by: HistoryPrincipal = options.by ? { id: options.by.id, role: options.by.role } : BACKFILL_PRINCIPAL;
  const eventId = `${BACKFILL_EVENT_TYPE}.${backfill.field}`;

  /** The backfill of one record as read (under the lock, or before a version-checked save). */
  function plan(record: CaseRecord, earlier: HistoryEntry | undefined, source: Source): Plan {
    try {
      const { envelope } = restore(def!, record.envelope);
      const lacking = backfill.lacks(envelope.snapshot);
      if (earlier) {
        return lacking ? { kind: 'failed', reason: `backfilled before (history entry ${earlier.seq}), yet it lacks ${backfill.field} again` } : { kind: 'complete' };
      }
      if (!lacking) return { kind: 'complete' };
      const at = toIso(context.now());
      const snapshot = backfill.fill(JSON.parse(JSON.stringify(envelope.snapshot)) as PersistedCaseSnapshot, source.value);
      const produced = produceEnvelope(def!, { ...envelope, snapshot, updatedAt: at });
      // Checked as a case from outside is checked on load: a plain copy, not the produced object kefu would trust.
      const checked = restore(def!, JSON.parse(produced.text));
      if (backfill.lacks(checked.envelope.snapshot)) return { kind: 'failed', reason: `the fill left ${backfill.field} missing` };
      const worklist = projectCase(def!.worklist, checked.snapshot as AnyMachineSnapshot, checked.envelope, source.openedAt ?? toIso(record.envelope.updatedAt));
      const state = JSON.parse(JSON.stringify(snapshot.value)) as NewHistoryEntry['stateBefore'];
      const history: NewHistoryEntry = {
        eventId,
        eventType: BACKFILL_EVENT_TYPE,
        event: recordedEvent({
          type: BACKFILL_EVENT_TYPE,
          field: backfill.field,
          value: source.value,
          from: { seq: source.entry.seq, eventType: source.entry.eventType, eventId: source.entry.eventId },
        }),
        by,
        at,
        outcome: 'applied',
        refusal: null,
        stateBefore: state,
        stateAfter: state!,
      };
      const text = produced.rememberedText();
      return { kind: 'write', change: { envelope: produced.envelope(), text, worklist, history } };
    } catch (error) {
      return { kind: 'failed', reason: reasonOf(error) };
    }
  }

  /** One case: its source, then the write, retried on version conflicts. */
  async function backfillOne(caseId: string, source: Source): Promise<Plan | BackfilledCase | 'conflict'> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (cases.update) {
          let decided = { kind: 'missing' } as Plan;
          const done = await cases.update(
            caseId,
            (record, earlier) => {
              decided = plan(record, earlier, source);
              return decided.kind === 'write' ? decided.change : { envelope: undefined };
            },
            { eventId },
          );
          if (!done) return { kind: 'missing' };
          if (decided.kind !== 'write') return decided;
          return { caseId, source: { seq: source.entry.seq, eventType: source.entry.eventType }, entry: done.history!.seq, version: done.after.version, attempts: attempt };
        }
        const record = await cases.load(caseId);
        if (!record) return { kind: 'missing' };
        const decided = plan(record, await cases.findHistoryEvent(caseId, eventId), source);
        if (decided.kind !== 'write') return decided;
        const { envelope, text, worklist, history } = decided.change;
        const saved = await cases.save(caseId, envelope!, { expectedVersion: record.version, text, worklist, history });
        return { caseId, source: { seq: source.entry.seq, eventType: source.entry.eventType }, entry: saved.history!.seq, version: saved.version, attempts: attempt };
      } catch (error) {
        if (!isConflictError(error)) throw error;
        if (attempt >= context.maxAttempts) return 'conflict';
        await sleep(context.retryDelay(attempt));
      }
    }
  }

  let scanned = 0;
  let complete = 0;
  const filled: BackfilledCase[] = [];
  const noEntry: string[] = [];
  const conflicts: string[] = [];
  const failed: { caseId: string; reason: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await store.projectionBatch({ limit: size, machine: def.id, ...(after !== undefined ? { after } : {}) });
    for (const record of batch) {
      scanned++;
      let lacking: boolean;
      try {
        lacking = backfill.lacks(restore(def, record.envelope).envelope.snapshot);
      } catch (error) {
        failed.push({ caseId: record.caseId, reason: reasonOf(error) });
        continue;
      }
      if (!lacking) {
        complete++;
        continue;
      }
      const source = await findSource(cases, record.caseId, backfill);
      if (!source) {
        noEntry.push(record.caseId);
        continue;
      }
      const outcome = await backfillOne(record.caseId, source);
      if (outcome === 'conflict') conflicts.push(record.caseId);
      else if ('caseId' in outcome) filled.push(outcome);
      else if (outcome.kind === 'complete') complete++;
      else if (outcome.kind === 'missing') failed.push({ caseId: record.caseId, reason: 'the case was deleted meanwhile' });
      else if (outcome.kind === 'failed') failed.push({ caseId: record.caseId, reason: outcome.reason });
    }
    if (batch.length < size) return { scanned, filled, complete, noEntry, conflicts, failed };
    after = batch[batch.length - 1]!.caseId;
  }
}
