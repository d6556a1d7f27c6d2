import { describe, expect, it } from 'vitest';
import { DeadlineThresholdSchema, defaultCalendar, pauseSla, resumeSla, startSla, thresholdTimes } from 'kefu/time';


describe('thresholdTimes: warnings before a due time, escalation levels after it', () => {
  it('calendar clock: a share of the allowed time, hours before and after the due time, earliest first (Asia/Shanghai)', () => {
    const clock = startSla('2026-12-01T09:00:00+08:00', { hours: 24 });
    const times = thresholdTimes(clock, [
      { hoursAfterDue: 4, notify: 'head' },
      { share: 0.5, notify: 'agent' },
      { hoursBeforeDue: 2, notify: 'supervisor' },
    ]);
    expect(times).toEqual([
      { index: 1, at: '2026-12-01T13:00:00.000Z', notify: 'agent', kind: 'warning' }, // Tue 21:00
      { index: 2, at: '2026-12-01T23:00:00.000Z', notify: 'supervisor', kind: 'warning' }, // Wed 07:00
      { index: 0, at: '2026-12-02T05:00:00.000Z', notify: 'head', kind: 'escalation' }, // Wed 13:00
    ]);
  });

  it('business clock: hours are working hours — 2 hours before Monday 10:00 is Friday 17:00 (Asia/Shanghai)', () => {
    const clock = startSla('2026-03-05T10:00:00+08:00', { hours: 14, mode: 'business', calendar: defaultCalendar }); // Thu 10:00 → Mon 10:00
    expect(clock.dueAt).toBe('2026-03-09T02:00:00.000Z');
    expect(thresholdTimes(clock, [{ hoursBeforeDue: 2, notify: 'agent' }], { calendar: defaultCalendar })[0]?.at).toBe('2026-03-06T09:00:00.000Z');
    expect(() => thresholdTimes(clock, [{ hoursBeforeDue: 2, notify: 'agent' }])).toThrow(/options\.calendar/);
  });

  it('a share is of the allowed time without pauses, and follows the due time a pause moved', () => {
    const started = startSla('2026-12-01T09:00:00+08:00', { hours: 4 }); // due 13:00
    const resumed = resumeSla(pauseSla(started, '2026-12-01T10:00:00+08:00'), '2026-12-01T12:00:00+08:00'); // due 15:00
    // 75% of 4 hours is 3 hours of running time: 09:00–10:00 and 12:00–14:00.
    expect(thresholdTimes(resumed, [{ share: 0.75, notify: 'agent' }])[0]?.at).toBe('2026-12-01T06:00:00.000Z');
  });

  it('a warning that would come before the start is dropped; hoursAfterDue 0 is at the due time', () => {
    const clock = startSla('2026-12-01T09:00:00+08:00', { hours: 1 });
    expect(thresholdTimes(clock, [{ hoursBeforeDue: 2, notify: 'agent' }, { hoursAfterDue: 0, notify: 'head' }])).toEqual([
      { index: 1, at: '2026-12-01T02:00:00.000Z', notify: 'head', kind: 'escalation' },
    ]);
  });

  it('a threshold sets exactly one of share, hoursBeforeDue, hoursAfterDue; share is between 0 and 1', () => {
    expect(DeadlineThresholdSchema.safeParse({ hoursBeforeDue: 1, notify: 'supervisor' }).success).toBe(true);
    expect(DeadlineThresholdSchema.safeParse({ notify: 'agent' }).error?.issues[0]?.message).toBe('set exactly one of share, hoursBeforeDue, hoursAfterDue');
    expect(DeadlineThresholdSchema.safeParse({ share: 1, notify: 'agent' }).error?.issues[0]).toMatchObject({ path: ['share'], message: 'share must be below 1' });
    expect(DeadlineThresholdSchema.safeParse({ share: 0.5, notify: 'boss' }).success).toBe(false);
  });
});
