/**
 * What `runtime.backfill` can fill in on complaints stored by an older kefu, from their history.
 * Registered nowhere: a host runs it once after upgrading (see docs/runtime.md).
 */
import { principalOf, type Principal } from '../../src/roles/principal.js';
import type { HistoryBackfill } from '../../src/runtime/backfill.js';
import type { PersistedCaseSnapshot } from '../../src/runtime/envelope.types.js';
import type { HistoryEntry } from '../../src/runtime/history.js';

/** The principal of an entry: who the host said sent it, else the event's own `by` (both checked when it was applied). */
function senderOf(entry: { readonly by: Principal | null; readonly event: Record<string, unknown> }): Principal | undefined {
  const p = entry.by ?? principalOf(entry.event);
  return p && typeof p.id === 'string' && p.id !== '' && typeof p.role === 'string' && p.role !== '' ? { id: p.id, role: p.role } : undefined;
}

/**
 * `registeredBy`, the agent who registered the complaint (受理) and holds it in worklists: a
 * complaint stored before version 2 does not say it (`complaintMigrations[1]` invents nobody), but
 * its history does — the principal of its applied `COMPLAINT.REGISTER` entry. Fills only cases that
 * were registered (`registeredAt` set) and name nobody; a refused attempt to register, or an entry
 * that names no principal, is not a source.
 */
const registeredBy: HistoryBackfill<Principal> = Object.freeze({
  machine: 'complaint',
  field: 'registeredBy',
  lacks: (snapshot: PersistedCaseSnapshot) => snapshot.context.registeredAt !== undefined && snapshot.context.registeredBy === undefined,
  valueFrom: (entry: HistoryEntry) => (entry.eventType === 'COMPLAINT.REGISTER' && entry.outcome === 'applied' ? senderOf(entry) : undefined),
  fill: (snapshot: PersistedCaseSnapshot, value: Principal) => ({ ...snapshot, context: { ...snapshot.context, registeredBy: value } }),
});

/**
 * The complaint's history backfills, by the field each fills (see {@link registeredBy}), for
 * `runtime.backfill` of `kefu/runtime`.
 *
 * @example
 * const report = await runtime.backfill(complaintBackfills.registeredBy);
 * report.filled.map((c) => c.caseId) //=> ['C-OLD-1']
 */
export const complaintBackfills: { readonly registeredBy: HistoryBackfill<Principal> } = Object.freeze({ registeredBy });
