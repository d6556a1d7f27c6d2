import { isConflictError } from './errors/conflict-error.js';
import { isSnapshotError, type SnapshotError } from './errors/snapshot-error.js';
import { TamperedSnapshotError } from './errors/tampered-snapshot-error.js';
import { parseEnvelope } from './envelope.js';
import type { CaseEnvelope } from './envelope.types.js';
import { assertSigningKey, hasValidSignature, signatureOf, signedByAny, type SigningKey } from './signing.js';
import type { CaseRecord, CaseStore } from './store.js';
import { guardStore } from './store-guard.js';

/**
 * Key rotation (tamper evidence, issue 10): re-sign stored envelopes with a new HMAC key after
 * checking them against the old one, one envelope at a time or across a store.
 */

/** Options of {@link resignEnvelope} and {@link resignCases}. */
export interface ResignOptions {
  /**
   * The key (or keys) the envelopes are signed with now; a signature must match one of them.
   * `'unsigned'` adopts envelopes that carry no signature at all (cases stored before the host set
   * a key) — an explicit opt-in, since nothing proves kefu wrote them; `restore` still checks their
   * context and invariants when they are next loaded. An envelope signed with any other key is
   * refused either way.
   */
  readonly from: SigningKey | readonly SigningKey[] | 'unsigned';
  /** The key to sign with (at least 32 characters or bytes). */
  readonly to: SigningKey;
}

function fromKeys(options: ResignOptions): readonly SigningKey[] {
  assertSigningKey(options.to);
  if (options.from === 'unsigned') return [];
  const keys = (Array.isArray(options.from) ? options.from : [options.from]) as readonly SigningKey[];
  keys.forEach(assertSigningKey);
  return keys;
}

function resignWith(envelope: unknown, from: readonly SigningKey[], options: ResignOptions): CaseEnvelope {
  const parsed = parseEnvelope(envelope);
  if (parsed.signature === undefined) {
    if (options.from !== 'unsigned') throw new TamperedSnapshotError(parsed.machine, 'unsigned');
  } else if (!hasValidSignature(parsed, options.to) && !signedByAny(parsed, from)) {
    throw new TamperedSnapshotError(parsed.machine, 'mismatch');
  }
  // A JSON copy of what was stored (not the parsed defaults), signed anew.
  const { signature: _old, ...rest } = JSON.parse(JSON.stringify(envelope)) as CaseEnvelope;
  return { ...rest, signature: signatureOf(rest, options.to) };
}

/**
 * Re-sign a stored envelope for a host that rotates its signing key: check its signature against
 * the old key(s), then sign it with the new one. Nothing else changes (state, context, timers,
 * applied ids); the result is a JSON copy. One already signed with `to` comes back with the same
 * signature. No machine is needed: `restore` checks the rest when the case is next loaded.
 *
 * @throws {MalformedSnapshotError} The input is not an envelope.
 * @throws {TamperedSnapshotError} Its signature matches none of `from` (nor `to`): it was changed outside kefu; or it is unsigned and `from` is not `'unsigned'`.
 * @throws {RangeError} A key shorter than 32 characters (or bytes).
 *
 * @example
 * const fresh = resignEnvelope(row.envelope, { from: OLD_KEY, to: NEW_KEY });
 */
export function resignEnvelope(envelope: unknown, options: ResignOptions): CaseEnvelope {
  return resignWith(envelope, fromKeys(options), options);
}

/** What {@link resignCases} did, case by case. */
export interface ResignReport {
  /** Re-signed with the new key and saved (at the next row version, with no history entry: it is not a step of the case). */
  readonly resigned: readonly string[];
  /** Already signed with the new key (a step since the deploy signed it): left as they were. */
  readonly current: readonly string[];
  /** No such case. */
  readonly missing: readonly string[];
  /**
   * Left as they were: the row is not an envelope (`MalformedSnapshotError`), or its signature
   * matches none of the keys — changed outside kefu, or unsigned (`TamperedSnapshotError`).
   * Investigate these before dropping the old key: after that they no longer load.
   */
  readonly refused: readonly { readonly caseId: string; readonly error: SnapshotError }[];
}

/** Attempts per case when a concurrent writer saves it between our load and save. */
const MAX_ATTEMPTS = 5;

/**
 * Re-sign the cases `caseIds` of a store with a new key (key rotation). For each case: load it,
 * leave it if it is already signed with `to`, check its signature against `from`, and save it
 * signed with `to` — in one locked transaction where the store has `update` (PostgreSQL), else with
 * the version check (retried when a step saved the case in between). A case that fails the check
 * is reported in `refused`, not changed, and the run goes on. Run it while the runtime signs with
 * the new key and still accepts the old one (`previousSigningKeys`), so cases keep working
 * throughout; drop the old key once `refused` is empty (or its cases are dealt with).
 *
 * `caseIds` comes from the host (the store has no list of every case), e.g. on PostgreSQL
 * `SELECT case_id FROM kefu_cases` (`runtime.store.table`), read in batches.
 *
 * @throws {StoreUnavailableError} When the database could not be reached (cases re-signed so far stay re-signed; run it again).
 * @throws {RangeError} A key shorter than 32 characters (or bytes).
 *
 * @example
 * const report = await resignCases(runtime.store, ids, { from: OLD_KEY, to: NEW_KEY });
 * if (report.refused.length > 0) console.warn(report.refused);
 */
export async function resignCases<Tx>(
  store: CaseStore<Tx>,
  caseIds: Iterable<string> | AsyncIterable<string>,
  options: ResignOptions,
): Promise<ResignReport> {
  const from = fromKeys(options);
  const guarded = guardStore(store);
  const report = { resigned: [] as string[], current: [] as string[], missing: [] as string[], refused: [] as { caseId: string; error: SnapshotError }[] };
  /** The re-signed envelope of a record, `undefined` when it is current; throws a SnapshotError when refused. */
  const resigned = (record: CaseRecord): CaseEnvelope | undefined => {
    const signature = (record.envelope as { signature?: unknown }).signature;
    if (typeof signature === 'string' && hasValidSignature(record.envelope, options.to)) return undefined;
    return resignWith(record.envelope, from, options);
  };
  for await (const caseId of caseIds) {
    try {
      const outcome = await resignOne(guarded, caseId, resigned);
      report[outcome].push(caseId);
    } catch (error) {
      if (!isSnapshotError(error)) throw error;
      report.refused.push({ caseId, error });
    }
  }
  return report;
}

async function resignOne<Tx>(store: CaseStore<Tx>, caseId: string, resigned: (record: CaseRecord) => CaseEnvelope | undefined): Promise<'resigned' | 'current' | 'missing'> {
  if (store.update) {
    let outcome: 'resigned' | 'current' = 'current';
    const done = await store.update(caseId, (record) => {
      const envelope = resigned(record);
      outcome = envelope ? 'resigned' : 'current';
      return { envelope };
    });
    return done ? outcome : 'missing';
  }
  for (let attempt = 1; ; attempt++) {
    const record = await store.load(caseId);
    if (!record) return 'missing';
    const envelope = resigned(record);
    if (!envelope) return 'current';
    try {
      await store.save(caseId, envelope, { expectedVersion: record.version });
      return 'resigned';
    } catch (error) {
      if (!isConflictError(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
