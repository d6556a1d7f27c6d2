import type { FieldIssue } from '../../errors/validation-error.js';
import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/**
 * A persisted case is not valid JSON, or its JSON is not a well-formed envelope
 * (`issues` name the fields), or its context fails the machine's context schema.
 */
export class MalformedSnapshotError extends SnapshotError {
  static readonly [errorName]: string = 'MalformedSnapshotError';

  /** The fields at fault (empty when the text is not JSON at all). */
  declare readonly issues: readonly FieldIssue[];

  constructor(message: string, options: { issues?: readonly FieldIssue[]; machineId?: string; cause?: unknown } = {}) {
    const issues = options.issues ?? [];
    const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super('KEFU_SNAPSHOT_MALFORMED', 'malformed', list ? `${message}: ${list}` : message, options);
    this.issues = issues;
  }
}

/**
 * Whether a value is a {@link MalformedSnapshotError}.
 *
 * @example
 * isMalformedSnapshotError(new MalformedSnapshotError('not JSON')) //=> true
 */
export function isMalformedSnapshotError(error: unknown): error is MalformedSnapshotError {
  return error instanceof MalformedSnapshotError;
}
