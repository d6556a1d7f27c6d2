import { errorName, KefuError } from './kefu-error.js';

/**
 * ROLE-PERMIT: a machine registered a permission table under a key that already holds a different
 * one (`withRolePermit`). Two machines with the same permission key would otherwise share one
 * table silently, the later replacing the earlier; the table already registered stays in force.
 */
export class PermissionTableConflictError extends KefuError {
  static readonly [errorName]: string = 'PermissionTableConflictError';

  /** The permission key both tables were registered under (the machine id in kebab case, e.g. `my-process`). */
  declare readonly key: string;
  /** The event types whose roles differ between the two tables (listed in one and not the other, or given other roles). */
  declare readonly events: readonly string[];

  constructor(key: string, events: readonly string[]) {
    super(
      'KEFU_PERMISSION_TABLE_CONFLICT',
      `a different permission table is already registered under "${key}" (events that differ: ${events.join(', ')}); give the machine another id`,
    );
    this.key = key;
    this.events = events;
  }
}

/**
 * Whether a value is a {@link PermissionTableConflictError}.
 *
 * @example
 * isPermissionTableConflictError(new PermissionTableConflictError('my-process', ['MY.APPROVE'])) //=> true
 */
export function isPermissionTableConflictError(error: unknown): error is PermissionTableConflictError {
  return error instanceof PermissionTableConflictError;
}
