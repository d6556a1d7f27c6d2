import type { EventObject, StateValue } from 'xstate';

/**
 * A machine snapshot as XState persists it (`getPersistedSnapshot`), JSON-safe: status, state
 * value, context, history, output/error, and the persisted children (which the stateless runtime
 * does not run).
 */
export interface PersistedCaseSnapshot {
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly value: StateValue;
  readonly context: Record<string, unknown>;
  readonly historyValue?: Record<string, unknown>;
  readonly children?: Record<string, unknown>;
  readonly output?: unknown;
  readonly error?: unknown;
  readonly [key: string]: unknown;
}

/**
 * A delayed event the machine is waiting for (an `after` transition or a delayed `raise`),
 * kept in the envelope with its absolute due time so no timer is lost when a process stops.
 */
export interface PendingTimer {
  /** XState's send id, e.g. `xstate.after.assessDeadline.complaint.assess`. */
  readonly id: string;
  /** The event to deliver when it is due. */
  readonly event: EventObject;
  /** Absolute due time, ISO-8601 UTC. */
  readonly due: string;
}

/**
 * What kefu persists for one case: which machine and version wrote it, XState's persisted
 * snapshot, when it was last updated, the pending timers and the ids of recently applied
 * events (for idempotency).
 *
 * @example
 * { machine: 'complaint', version: 1, snapshot: { status: 'active', value: 'assess', ... },
 *   updatedAt: '2026-12-01T01:40:00.000Z', timers: [...], appliedIds: ['evt-1'] }
 */
export interface CaseEnvelope {
  /** The machine id (`machine.id`). */
  readonly machine: string;
  /** Version of the machine's persisted shape the snapshot has (see `defineMachine`). */
  readonly version: number;
  /** XState's persisted snapshot. */
  readonly snapshot: PersistedCaseSnapshot;
  /** When the envelope was written (the host's clock), ISO-8601 UTC. */
  readonly updatedAt: string;
  /** Delayed events not yet delivered, with absolute due times. */
  readonly timers: readonly PendingTimer[];
  /** Ids of the most recently applied events, oldest first (bounded). */
  readonly appliedIds: readonly string[];
  /** `hmac-sha256:<hex>` of the rest, when the machine has a signing key (`defineMachine(m, { signingKey })`). */
  readonly signature?: string;
}
