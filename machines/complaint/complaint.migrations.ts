/**
 * How a complaint stored by an older kefu is brought up to the current shape on load. Registered
 * with the machine (version {@link COMPLAINT_VERSION}); the runtime runs them before it validates a
 * stored case, and a case they cannot bring up is refused with the field at fault.
 */
import type { SnapshotMigration } from '../../src/runtime/definition.js';
import type { PersistedCaseSnapshot } from '../../src/runtime/envelope.types.js';

/**
 * Version of the complaint's persisted shape. 1: cases stored before CP-PROPOSE verdicts,
 * CP-ACCOUNTABILITY targets and provisions, and the registering agent (`registeredBy`) were
 * recorded; 2: the current shape.
 */
export const COMPLAINT_VERSION = 2;

interface StoredPrincipal {
  readonly id: string;
  readonly role: string;
}

/** The parts of a version-1 context the migration reads; everything else passes through. */
interface ContextV1 {
  readonly proposals?: readonly { readonly id: string; readonly verdict?: unknown; readonly [key: string]: unknown }[];
  readonly approval?: { readonly proposalId: string; readonly by?: StoredPrincipal; readonly at: string };
  readonly investigation?: { readonly responsiblePerson?: string };
  readonly accountability?: readonly { readonly person?: string; readonly target?: string; readonly [key: string]: unknown }[];
  readonly [key: string]: unknown;
}

/**
 * Version 1 → 2. What the old case says is carried over; nothing is invented:
 * - the approved proposal gets the supervisor's `accept` verdict, dated at the approval: before
 *   per-proposal verdicts (CP-PROPOSE 一一过目), approving a remedy was the supervisor's acceptance
 *   of it. Other proposals stay without a verdict, so the supervisor gives one before approving
 *   anything again;
 * - an accountability record naming the person the investigation found responsible is the
 *   measure against the direct responsible person (`target: 'direct'`). A record about anyone
 *   else, and any record's `provision` (the rule applied, 按照有关规定), are not in the old case:
 *   such a case is refused on load naming the field (`snapshot.context.accountability.0.provision`)
 *   until the host supplies them (compose a migration of its own after this one);
 * - `registeredBy` is not derived: no field of an old case says who registered it (the case's
 *   history does, as the principal of its `COMPLAINT.REGISTER` entry). The case is unassigned in
 *   worklists (`assignee` null, found with `{ assignee: null }`) until
 *   `runtime.backfill(complaintBackfills.registeredBy)` writes it from the history, with an entry saying so.
 *
 * A case already in the current shape (a version-1 row written after these fields existed) is
 * returned as it was.
 *
 * @example
 * complaintMigrations[1](storedV1).context.proposals
 * //=> [{ id: 'P1', … }, { id: 'P2', …, verdict: { decision: 'accept', at: '2026-12-01T17:00:00+08:00' } }]
 */
function fromVersion1(snapshot: PersistedCaseSnapshot): PersistedCaseSnapshot {
  const context = snapshot.context as ContextV1;
  const approval = context.approval;
  const responsible = context.investigation?.responsiblePerson?.trim();
  const proposals = context.proposals?.map((p) =>
    p.verdict === undefined && approval !== undefined && p.id === approval.proposalId
      ? { ...p, verdict: { decision: 'accept', ...(approval.by ? { by: approval.by } : {}), at: approval.at } }
      : p,
  );
  const accountability = context.accountability?.map((a) =>
    a.target === undefined && responsible && a.person?.trim() === responsible ? { ...a, target: 'direct' } : a,
  );
  return {
    ...snapshot,
    context: {
      ...context,
      ...(proposals ? { proposals } : {}),
      ...(accountability ? { accountability } : {}),
    },
  };
}

/**
 * The complaint's migrations, keyed by the version they start from (see {@link fromVersion1}).
 * Registered with the machine, so every load through `restore`, `step` or the runtime uses them.
 * A host whose old cases need more (say, the provisions of old accountability records, from its
 * own files) composes its step after kefu's:
 *
 * @example
 * defineMachine(complaintMachine, { migrations: { 1: (s) => addProvisions(complaintMigrations[1](s)) } })
 */
export const complaintMigrations: { readonly 1: SnapshotMigration } = Object.freeze({ 1: fromVersion1 });
