import { errorName, KefuError } from '../../errors/kefu-error.js';

/**
 * The stateless runtime was asked to run a machine that has child actors (spawned or invoked).
 * `step()` stores one snapshot per case and schedules that case's own timers; a child's timers
 * and the events sent to it would be lost silently, so the step is refused instead and nothing is
 * saved. Run such a machine (e.g. the return-visit cycle, which spawns one visit per customer) as
 * a live actor, or run each child process as its own case.
 */
export class ChildActorsError extends KefuError {
  static readonly [errorName]: string = 'ChildActorsError';

  /** The machine that has children. */
  declare readonly machineId: string;
  /** The ids of its child actors. */
  declare readonly children: readonly string[];

  constructor(machineId: string, children: readonly string[]) {
    super(
      'KEFU_CHILD_ACTORS',
      `machine "${machineId}" has child actors (${children.slice(0, 3).join(', ')}${children.length > 3 ? ', …' : ''}); the stateless runtime runs one snapshot per case: run this machine as a live actor, or each child as its own case`,
    );
    this.machineId = machineId;
    this.children = children;
  }
}

/**
 * Whether a value is a {@link ChildActorsError}.
 *
 * @example
 * isChildActorsError(new ChildActorsError('m', ['c'])) //=> true
 */
export function isChildActorsError(error: unknown): error is ChildActorsError {
  return error instanceof ChildActorsError;
}
