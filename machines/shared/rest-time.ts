/**
 * The customer's rest time (RV-QUIET: 避免打扰客户), as every machine that calls or texts a
 * customer checks it: the return visit's dial and SMS, the complaint's follow-up call. One
 * refusal, so the message and the next allowed time read the same everywhere.
 */
import { violation, type Violation } from '../../src/rules/index.js';
import { isQuietTime, nextAllowedMoment, type Instant, type QuietHours } from '../../src/time/index.js';

/**
 * RV-QUIET: `undefined` outside the customer's rest time, else a violation whose
 * `details.nextAllowedAt` is the first moment after it (UTC ISO), read in the customer's zone.
 *
 * @example
 * restTimeViolation([['21:00', '24:00']], '2026-12-03T21:30:00+08:00', 'Asia/Shanghai')?.details
 * //=> { timeZone: 'Asia/Shanghai', nextAllowedAt: '2026-12-03T16:00:00.000Z' }
 */
export function restTimeViolation(quietHours: QuietHours, at: Instant, timeZone: string): Violation | undefined {
  if (!isQuietTime(quietHours, at, timeZone)) return undefined;
  const next = nextAllowedMoment(quietHours, at, timeZone);
  return violation('RV-QUIET', {
    reason: { zh: `客户休息时间(${timeZone}),最早可于 ${next} 联系`, en: `rest time in ${timeZone}; next allowed time ${next}` },
    details: { timeZone, nextAllowedAt: next },
  });
}
