/**
 * Holiday duty (STAFF-DUTY: 节假日值班人员应按照规定时间到岗,确保客户服务不间断): a roster must cover
 * every service hour of the days the department is off.
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation-error.js';
import { violation } from '../rules/process.js';
import { BusinessCalendarSchema, LocalDateSchema, PeriodSchema, toEpoch, toIso, workingPeriodsOn, type BusinessCalendar, type Period } from '../time/index.js';
import { localToEpoch, shiftDate } from '../time/internal.js';
import { DutyShiftSchema, type DutyGap, type DutyRosterCheck, type DutyShift } from './staff.schemas.js';

/** Options of {@link checkDutyRoster}. */
export interface DutyRosterOptions {
  /**
   * Which days need duty: `days-off` (default) — every day without working periods in the
   * calendar (节假日: public holidays and rest days; a 调休 make-up day is a working day);
   * `holidays` — only the calendar's public holidays.
   */
  readonly days?: 'days-off' | 'holidays';
}

const RangeSchema = z.strictObject({ from: LocalDateSchema, to: LocalDateSchema }).check(
  z.refine((r) => r.from <= r.to, { message: 'the range ends before it starts', path: ['to'] }),
);

type Interval = [number, number];

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function subtract([s, e]: Interval, covered: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = s;
  for (const [cs, ce] of covered) {
    if (ce <= cursor || cs >= e) continue;
    if (cs > cursor) out.push([cursor, cs]);
    cursor = Math.max(cursor, ce);
    if (cursor >= e) break;
  }
  if (cursor < e) out.push([cursor, e]);
  return out;
}

/**
 * Check a holiday duty roster (STAFF-DUTY): over the local dates of `range` (inclusive), every
 * service hour of each day off must have someone on duty. A shift covers from `from` (or from
 * `arrivedAt`, when the agent arrived later) to `to`. Returns the days needing duty, the
 * uncovered intervals, and a violation listing them when there are any.
 *
 * @example
 * const calendar = { ...defaultCalendar, holidays: ['2026-10-01'] };
 * checkDutyRoster(
 *   [{ agentId: 'A1', from: '2026-10-01T08:00:00+08:00', to: '2026-10-01T14:00:00+08:00' }],
 *   calendar,
 *   [['08:00', '20:00']],
 *   { from: '2026-10-01', to: '2026-10-01' },
 * ).gaps
 * //=> [{ date: '2026-10-01', from: '2026-10-01T06:00:00.000Z', to: '2026-10-01T12:00:00.000Z', minutes: 360 }]
 */
export function checkDutyRoster(
  roster: readonly DutyShift[],
  calendar: BusinessCalendar,
  serviceHours: readonly Period[],
  range: { readonly from: string; readonly to: string },
  options: DutyRosterOptions = {},
): DutyRosterCheck {
  const shifts = parseOrThrow(z.array(DutyShiftSchema), roster, 'duty roster');
  const cal = parseOrThrow(BusinessCalendarSchema, calendar, 'calendar');
  const hours = parseOrThrow(z.array(PeriodSchema), serviceHours, 'service hours');
  const { from, to } = parseOrThrow(RangeSchema, range, 'range');
  const holidays = new Set(cal.holidays);
  const covered = merge(
    shifts.map((s) => [Math.max(toEpoch(s.from), s.arrivedAt ? toEpoch(s.arrivedAt) : -Infinity), toEpoch(s.to)] as Interval).filter(([s, e]) => s < e),
  );

  const dutyDays: string[] = [];
  const gaps: DutyGap[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) {
    const needsDuty = options.days === 'holidays' ? holidays.has(date) : workingPeriodsOn(cal, date).length === 0;
    if (!needsDuty) continue;
    dutyDays.push(date);
    for (const [start, end] of hours) {
      const service: Interval = [localToEpoch(date, start, cal.timeZone), localToEpoch(date, end, cal.timeZone)];
      if (service[1] <= service[0]) continue; // a period lost in a DST gap
      for (const [gs, ge] of subtract(service, covered)) {
        gaps.push({ date, from: toIso(gs), to: toIso(ge), minutes: Math.round((ge - gs) / 60_000) });
      }
    }
  }
  if (gaps.length === 0) return { dutyDays, gaps };
  const list = gaps.map((g) => `${g.date} ${g.from}–${g.to}`);
  return {
    dutyDays,
    gaps,
    violation: violation('STAFF-DUTY', {
      reason: { zh: `${gaps.length} 段服务时间无人值班:${list.join('、')}`, en: `${gaps.length} service interval(s) with nobody on duty: ${list.join(', ')}` },
      details: { gaps },
    }),
  };
}
