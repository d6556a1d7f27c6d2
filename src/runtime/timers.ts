import type { EventObject } from 'xstate';
import { toEpoch } from '../time/instant.js';
import type { PendingTimer } from './envelope.types.js';

/** An instruction to the scheduler: deliver `event` to the case at `due`, replacing any timer with the same id. */
export interface TimerSchedule {
  /** Stable id: the case id and XState's send id (see {@link timerId}). */
  readonly id: string;
  /** The case the timer belongs to (`undefined` when the step was given no case id). */
  readonly caseId: string | undefined;
  /** XState's send id, e.g. `xstate.after.assessDeadline.complaint.assess`. */
  readonly sendId: string;
  /** Absolute due time, ISO-8601 UTC. */
  readonly due: string;
  /** The delayed event. */
  readonly event: EventObject;
}

/** An instruction to the scheduler: drop the timer with this id (its state was left, or it was cancelled). */
export interface TimerCancel {
  /** Stable id, as in {@link TimerSchedule}. */
  readonly id: string;
  /** The case the timer belongs to. */
  readonly caseId: string | undefined;
  /** XState's send id. */
  readonly sendId: string;
}

/** What the scheduler must do after a step: timers to (re)schedule and timers to cancel. */
export interface TimerInstructions {
  readonly schedule: readonly TimerSchedule[];
  readonly cancel: readonly TimerCancel[];
}

/** A timer the scheduler says is due: enough to find it in the case again. */
export interface DueTimer {
  /** Stable id, as in {@link TimerSchedule}. */
  readonly id: string;
  readonly caseId: string;
  readonly sendId: string;
  /** The due time it was scheduled for (a delivery for an older due time is stale and ignored). */
  readonly due: string;
}

/**
 * The stable id of a case's timer: the case id and XState's send id. Scheduling the same id
 * again replaces the timer.
 *
 * @example
 * timerId('C-1', 'xstate.after.assessDeadline.complaint.assess')
 * //=> 'C-1#xstate.after.assessDeadline.complaint.assess'
 */
export function timerId(caseId: string | undefined, sendId: string): string {
  return caseId === undefined ? sendId : `${caseId}#${sendId}`;
}

/** The timer instructions that turn the pending timers `before` into `after`. */
export function diffTimers(caseId: string | undefined, before: readonly PendingTimer[], after: readonly PendingTimer[]): TimerInstructions {
  const old = new Map(before.map((t) => [t.id, t]));
  const next = new Map(after.map((t) => [t.id, t]));
  const schedule: TimerSchedule[] = [];
  const cancel: TimerCancel[] = [];
  for (const t of after) {
    const prev = old.get(t.id);
    // The very timer that was pending (a step keeps the objects of timers it did not touch).
    if (prev === t) continue;
    const event = JSON.stringify(t.event);
    if (!prev || toEpoch(prev.due) !== toEpoch(t.due) || JSON.stringify(prev.event) !== event) {
      // A copy: the instruction shares nothing with the envelope the timer came from.
      schedule.push({ id: timerId(caseId, t.id), caseId, sendId: t.id, due: t.due, event: JSON.parse(event) as EventObject });
    }
  }
  for (const t of before) {
    if (!next.has(t.id)) cancel.push({ id: timerId(caseId, t.id), caseId, sendId: t.id });
  }
  return { schedule, cancel };
}

/**
 * The net effect of timer instructions applied one after the other (each list's cancels, then its
 * schedules): for every timer id its last instruction, so no id is both cancelled and scheduled.
 */
export function netTimers(...lists: readonly TimerInstructions[]): TimerInstructions {
  const last = new Map<string, { readonly schedule: TimerSchedule } | { readonly cancel: TimerCancel }>();
  for (const list of lists) {
    for (const c of list.cancel) {
      last.delete(c.id);
      last.set(c.id, { cancel: c });
    }
    for (const s of list.schedule) {
      last.delete(s.id);
      last.set(s.id, { schedule: s });
    }
  }
  const schedule: TimerSchedule[] = [];
  const cancel: TimerCancel[] = [];
  for (const op of last.values()) {
    if ('schedule' in op) schedule.push(op.schedule);
    else cancel.push(op.cancel);
  }
  return { schedule, cancel };
}

/** The earliest due time among pending timers, or `undefined` when there are none. */
export function nextDue(timers: readonly PendingTimer[]): string | undefined {
  let best: PendingTimer | undefined;
  for (const t of timers) if (!best || toEpoch(t.due) < toEpoch(best.due)) best = t;
  return best?.due;
}
