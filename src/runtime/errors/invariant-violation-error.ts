import type { FieldIssue } from '../../errors/validation-error.js';
import type { InvariantFailure } from '../../rules/invariants.js';
import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/**
 * A case breaks what its machine says must hold: its context fails the registered context
 * schema (`invariant: 'context'`), a state invariant (`invariant: 'complaint.implement.approval'`),
 * or the snapshot is in status `error` (`invariant: 'status'`). Typically a row edited outside
 * kefu; nothing is applied to it.
 */
export class InvariantViolationError extends SnapshotError {
  static readonly [errorName]: string = 'InvariantViolationError';

  /** The first invariant that does not hold. */
  declare readonly invariant: string;
  /** Every invariant that does not hold. */
  declare readonly failures: readonly InvariantFailure[];
  /** The fields at fault, across failures. */
  declare readonly issues: readonly FieldIssue[];

  constructor(machineId: string, failures: readonly InvariantFailure[]) {
    const issues = failures.flatMap((f) => f.issues);
    const list = failures.map((f) => `${f.name} (${f.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`).join('; ');
    super('KEFU_SNAPSHOT_INVARIANT', 'invariant', `case of machine "${machineId}" breaks ${list}`, { machineId });
    this.invariant = failures[0]?.name ?? 'unknown';
    this.failures = failures;
    this.issues = issues;
  }
}

/**
 * Whether a value is an {@link InvariantViolationError}.
 *
 * @example
 * isInvariantViolationError(new InvariantViolationError('complaint', [])) //=> true
 */
export function isInvariantViolationError(error: unknown): error is InvariantViolationError {
  return error instanceof InvariantViolationError;
}
