/**
 * Promised times and callbacks (CALL-ETA): when an answer needs longer, the customer is told
 * when to expect it, and that time becomes a callback deadline. Shared by the call and the
 * inquiry machines (and by any channel that promises a follow-up).
 */
import type { Policy } from '../../src/policy/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { addWorkingHours, toEpoch } from '../../src/time/index.js';

/**
 * The latest time a callback promised at `at` may be due: `at` plus
 * `policy.call.callbackWithinWorkingHours` working hours of the business calendar (default 4).
 *
 * @example
 * latestCallback(defaultPolicy, '2026-12-01T10:00:00+08:00') //=> '2026-12-01T08:00:00.000Z' (16:00, lunch 12–14 excluded)
 */
export function latestCallback(policy: Policy, at: string): string {
  return addWorkingHours(policy.calendar, at, policy.call.callbackWithinWorkingHours);
}

/**
 * The callback deadline of a promise made at `at`: the promised time when the agent names one,
 * otherwise the latest the policy allows.
 */
export function callbackDueAt(policy: Policy, at: string, promisedBy?: string): string {
  return promisedBy ?? latestCallback(policy, at);
}

/**
 * CALL-ETA: a promised time is after the moment it is promised and no later than the policy's
 * callback limit (`call.callbackWithinWorkingHours` working hours).
 *
 * @example
 * checkPromisedTime(defaultPolicy, '2026-12-01T10:00:00+08:00', '2026-12-01T09:00:00+08:00')?.rule //=> 'CALL-ETA'
 */
export function checkPromisedTime(policy: Policy, at: string, promisedBy?: string): Violation | undefined {
  if (promisedBy === undefined) return undefined;
  if (toEpoch(promisedBy) <= toEpoch(at)) {
    return violation('CALL-ETA', {
      reason: { zh: '承诺的处理时间须晚于当前时间', en: 'the promised time must be later than now' },
      details: { promisedBy, at },
    });
  }
  const latest = latestCallback(policy, at);
  if (toEpoch(promisedBy) > toEpoch(latest)) {
    const hours = policy.call.callbackWithinWorkingHours;
    return violation('CALL-ETA', {
      reason: {
        zh: `承诺的回电时间超过 ${hours} 个工作小时`,
        en: `the promised callback is later than ${hours} working hours`,
      },
      details: { promisedBy, latest },
    });
  }
  return undefined;
}
