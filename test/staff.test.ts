import { describe, expect, it } from 'vitest';
import { definePolicy, isValidationError } from 'kefu';
import { defaultCalendar } from 'kefu/time';
import {
  assessMonth,
  buildDailySummary,
  checkDailySummary,
  checkDutyRoster,
  checkWeeklyReport,
  submitWeeklyReport,
  weekOf,
  type ActivityRecord,
  type DailySummary,
} from 'kefu/staff';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

const rec = (id: string, agentId: string, at: string, outcome: ActivityRecord['outcome'] = 'resolved', extra: Partial<ActivityRecord> = {}): ActivityRecord => ({
  id,
  agentId,
  kind: 'call',
  at,
  outcome,
  ...extra,
});

/** A summary with nothing open, for building weeks. */
const summaryOn = (date: string, agentId = 'A1'): DailySummary =>
  buildDailySummary([rec(`${date}-1`, agentId, T('10:00', date))], { agentId, date, at: T('18:00', date) });

describe('STAFF-SUMMARY: daily summary', () => {
  it('STAFF-SUMMARY (Asia/Shanghai): the daily summary counts the day\'s work by local date, kind and outcome', () => {
    const records = [
      rec('C1', 'A1', T('09:10')),
      rec('C2', 'A1', T('11:00'), 'pending', { kind: 'complaint' }),
      rec('C3', 'A1', T('15:00'), 'escalated'),
      rec('C4', 'A2', T('15:00')),
      // 00:30 on 2 December in Shanghai is still 1 December in UTC: not part of the 1st.
      rec('C5', 'A1', T('00:30', '2026-12-02')),
    ];
    const summary = buildDailySummary(records, { agentId: 'A1', date: '2026-12-01', problems: ['配件缺货,投诉未能当日结案'], at: T('18:00') });
    expect(summary).toEqual({
      agentId: 'A1',
      date: '2026-12-01',
      handled: { total: 3, resolved: 1, pending: 1, escalated: 1, byKind: { call: 2, complaint: 1 } },
      openIds: ['C2', 'C3'],
      problems: ['配件缺货,投诉未能当日结案'],
      writtenAt: '2026-12-01T10:00:00.000Z',
    });
    expect(checkDailySummary(summary)).toBeUndefined();
  });

  it('STAFF-SUMMARY (Asia/Shanghai): a day that leaves work open without naming a problem is refused (分析存在的问题)', () => {
    const summary = buildDailySummary([rec('C2', 'A1', T('11:00'), 'pending')], { agentId: 'A1', date: '2026-12-01', at: T('18:00') });
    expect(checkDailySummary(summary)).toMatchObject({ rule: 'STAFF-SUMMARY', details: { missing: ['problems'] } });
  });

  it('STAFF-SUMMARY: malformed activity records are rejected with the field named', () => {
    try {
      buildDailySummary([{ ...rec('C1', 'A1', T('09:00')), at: 'yesterday' }], { agentId: 'A1', date: '2026-12-01', at: T('18:00') });
      expect.unreachable();
    } catch (e) {
      expect(isValidationError(e)).toBe(true);
      expect((e as { fields: string[] }).fields).toEqual(['0.at']);
    }
  });
});

describe('STAFF-SUMMARY: weekly report', () => {
  const week = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

  it('weekOf gives Monday to Sunday', () => {
    expect(weekOf('2026-12-03')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(weekOf('2026-12-06')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
  });

  it('STAFF-SUMMARY (Asia/Shanghai): a weekly report with a daily summary for every working day and a measure is accepted', () => {
    const summaries = week.map((d) => summaryOn(d));
    const result = submitWeeklyReport({ agentId: 'A1', week: '2026-12-02', summaries, measures: ['备件提前一天确认'], at: T('18:30', '2026-12-04') });
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.value).toMatchObject({ weekStart: '2026-11-30', weekEnd: '2026-12-06', workingDays: week, measures: ['备件提前一天确认'] });
    expect(result.value.handled.total).toBe(5);
  });

  it('STAFF-SUMMARY (Asia/Shanghai): a weekly report is refused while a working day of the week has no daily summary; the refusal lists the days', () => {
    const summaries = week.filter((d) => d !== '2026-12-02' && d !== '2026-12-04').map((d) => summaryOn(d));
    const result = submitWeeklyReport({ agentId: 'A1', week: '2026-12-02', summaries, measures: ['备件提前一天确认'], at: T('18:30', '2026-12-04') });
    expect(result.accepted).toBe(false);
    if (result.accepted) return;
    expect(result.violations[0]).toMatchObject({ rule: 'STAFF-SUMMARY', details: { missing: ['2026-12-02', '2026-12-04'] } });
    expect(result.violations[0]!.message.zh).toContain('2026-12-02、2026-12-04 没有每日总结');
  });

  it('STAFF-SUMMARY (Asia/Shanghai): another agent\'s summary does not count, and a report without improvement measures is refused', () => {
    const summaries = week.map((d) => summaryOn(d, d === '2026-12-03' ? 'A2' : 'A1'));
    expect(checkWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries, measures: [], at: T('18:30', '2026-12-04') })?.details).toEqual({
      missing: ['2026-12-03', 'measures'],
    });
  });

  it('STAFF-SUMMARY (Asia/Shanghai): a holiday needs no summary, a 调休 make-up Saturday does', () => {
    const policy = definePolicy({ calendar: { holidays: ['2026-12-02'], makeUpWorkdays: ['2026-12-05'] } });
    const summaries = ['2026-11-30', '2026-12-01', '2026-12-03', '2026-12-04'].map((d) => summaryOn(d));
    const refused = checkWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries, measures: ['x'], at: T('18:00', '2026-12-05'), policy });
    expect(refused?.details).toEqual({ missing: ['2026-12-05'] });
    const accepted = checkWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries: [...summaries, summaryOn('2026-12-05')], measures: ['x'], at: T('18:00', '2026-12-05'), policy });
    expect(accepted).toBeUndefined();
  });
});

describe('STAFF-SUMMARY: monthly assessment (奖优罚劣)', () => {
  const records: ActivityRecord[] = [
    rec('a1', 'A1', T('10:00', '2026-12-01'), 'resolved', { satisfaction: 'satisfied' }),
    rec('a2', 'A1', T('10:00', '2026-12-02'), 'resolved', { satisfaction: 'satisfied' }),
    rec('a3', 'A1', T('10:00', '2026-12-03')),
    rec('a4', 'A1', T('10:00', '2026-12-04')),
    rec('b1', 'A2', T('10:00', '2026-12-01')),
    rec('b2', 'A2', T('10:00', '2026-12-02'), 'pending', { satisfaction: 'dissatisfied' }),
    rec('c1', 'A3', T('10:00', '2026-12-01'), 'resolved', { satisfaction: 'satisfied' }),
    rec('c2', 'A3', T('10:00', '2026-12-02'), 'resolved', { satisfaction: 'average' }),
    rec('c3', 'A3', T('10:00', '2026-12-03')),
    rec('c4', 'A3', T('10:00', '2026-12-04'), 'escalated'),
    // Another month: ignored.
    rec('z1', 'A2', T('10:00', '2026-11-30')),
  ];

  it('STAFF-SUMMARY (Asia/Shanghai): the month is scored per agent and ranked; the best is rewarded, the weakest marked for improvement', () => {
    const result = assessMonth({ month: '2026-12', records, qualityScores: { A1: 90, A2: 60, A3: 80 } });
    expect(result.workingDays).toBe(23);
    expect(result.agents.map((a) => [a.agentId, a.score, a.rank, a.band])).toEqual([
      ['A1', 97.8, 1, 'reward'],
      ['A3', 73.3, 2, 'standard'],
      ['A2', 38.3, 3, 'improve'],
    ]);
    expect(result.agents[2]!.parts).toEqual({ resolution: 0.5, satisfaction: 0, volume: 0.5, quality: 0.6, summaries: null });
  });

  it('STAFF-SUMMARY (Asia/Shanghai): daily summaries count towards the score when given', () => {
    const summaries = ['2026-12-01', '2026-12-02'].map((d) => summaryOn(d, 'A2'));
    const result = assessMonth({ month: '2026-12', records, summaries, agentIds: ['A2'] });
    expect(result.agents[0]!.parts.summaries).toBe(Math.round((2 / 23) * 1000) / 1000);
  });

  it('STAFF-SUMMARY (Asia/Shanghai): when everyone scores the same, nobody is singled out', () => {
    const same = [rec('x1', 'A1', T('10:00')), rec('x2', 'A2', T('10:00'))];
    expect(assessMonth({ month: '2026-12', records: same }).agents.map((a) => a.band)).toEqual(['standard', 'standard']);
  });

  it('STAFF-SUMMARY (Asia/Shanghai): an agent with no work that month is still assessed when listed', () => {
    const result = assessMonth({ month: '2026-12', records, agentIds: ['A1', 'A4'] });
    expect(result.agents.map((a) => [a.agentId, a.handled, a.band])).toEqual([
      ['A1', 4, 'reward'],
      ['A4', 0, 'improve'],
    ]);
  });
});

describe('STAFF-DUTY', () => {
  const calendar = { ...defaultCalendar, holidays: ['2026-10-01', '2026-10-02'] };
  const service = [['08:00', '20:00']] as Array<[string, string]>;
  const range = { from: '2026-10-01', to: '2026-10-02' };
  const day = (d: string, from: string, to: string, agentId = 'A1') => ({ agentId, from: `${d}T${from}:00+08:00`, to: `${d}T${to}:00+08:00` });

  it('STAFF-DUTY (Asia/Shanghai): a roster covering every holiday service hour is accepted', () => {
    const roster = [
      day('2026-10-01', '07:45', '14:00'),
      day('2026-10-01', '13:30', '20:15', 'A2'),
      day('2026-10-02', '08:00', '20:00', 'A3'),
    ];
    const check = checkDutyRoster(roster, calendar, service, range);
    expect(check).toEqual({ dutyDays: ['2026-10-01', '2026-10-02'], gaps: [] });
  });

  it('STAFF-DUTY (Asia/Shanghai): a roster leaving gaps is refused with the gaps listed', () => {
    const roster = [day('2026-10-01', '08:00', '12:00'), day('2026-10-01', '13:00', '20:00', 'A2')];
    const check = checkDutyRoster(roster, calendar, service, range);
    expect(check.gaps).toEqual([
      { date: '2026-10-01', from: '2026-10-01T04:00:00.000Z', to: '2026-10-01T05:00:00.000Z', minutes: 60 },
      { date: '2026-10-02', from: '2026-10-02T00:00:00.000Z', to: '2026-10-02T12:00:00.000Z', minutes: 720 },
    ]);
    expect(check.violation).toMatchObject({ rule: 'STAFF-DUTY', details: { gaps: check.gaps } });
    expect(check.violation!.message.zh).toContain('2 段服务时间无人值班');
  });

  it('STAFF-DUTY (Asia/Shanghai): an agent arriving late leaves a gap (按照规定时间到岗)', () => {
    const roster = [{ ...day('2026-10-01', '08:00', '20:00'), arrivedAt: '2026-10-01T08:20:00+08:00' }, day('2026-10-02', '08:00', '20:00')];
    expect(checkDutyRoster(roster, calendar, service, range).gaps).toEqual([
      { date: '2026-10-01', from: '2026-10-01T00:00:00.000Z', to: '2026-10-01T00:20:00.000Z', minutes: 20 },
    ]);
  });

  it('STAFF-DUTY (Asia/Shanghai): weekends need duty by default, working days and 调休 make-up days do not; `holidays` limits it to holidays', () => {
    const cal = { ...defaultCalendar, holidays: ['2026-10-01'], makeUpWorkdays: ['2026-10-03'] };
    // Wed 30 Sep – Sun 4 Oct: 1 Oct is a holiday, Sat 3 Oct a make-up day, Sun 4 Oct a rest day.
    const week = { from: '2026-09-30', to: '2026-10-04' };
    expect(checkDutyRoster([], cal, service, week).dutyDays).toEqual(['2026-10-01', '2026-10-04']);
    expect(checkDutyRoster([], cal, service, week, { days: 'holidays' }).dutyDays).toEqual(['2026-10-01']);
  });

  it('STAFF-DUTY (America/New_York): round-the-clock service on the day DST ends has 25 hours to cover', () => {
    const ny = { ...defaultCalendar, timeZone: 'America/New_York' };
    const roster = [{ agentId: 'A1', from: '2026-11-01T00:00:00-04:00', to: '2026-11-01T23:00:00-05:00' }];
    const check = checkDutyRoster(roster, ny, [['00:00', '24:00']], { from: '2026-11-01', to: '2026-11-01' });
    expect(check.gaps).toEqual([{ date: '2026-11-01', from: '2026-11-02T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z', minutes: 60 }]);
  });

  it('STAFF-DUTY (Asia/Shanghai): the documented example of checkDutyRoster holds', () => {
    const check = checkDutyRoster(
      [{ agentId: 'A1', from: '2026-10-01T08:00:00+08:00', to: '2026-10-01T14:00:00+08:00' }],
      { ...defaultCalendar, holidays: ['2026-10-01'] },
      [['08:00', '20:00']],
      { from: '2026-10-01', to: '2026-10-01' },
    );
    expect(check.gaps).toEqual([{ date: '2026-10-01', from: '2026-10-01T06:00:00.000Z', to: '2026-10-01T12:00:00.000Z', minutes: 360 }]);
  });

  it('STAFF-DUTY: a malformed shift is rejected with the field named', () => {
    try {
      checkDutyRoster([{ agentId: 'A1', from: '2026-10-01T20:00:00+08:00', to: '2026-10-01T08:00:00+08:00' }], calendar, service, range);
      expect.unreachable();
    } catch (e) {
      expect(isValidationError(e)).toBe(true);
      expect((e as { fields: string[] }).fields).toEqual(['0.to']);
    }
  });

});

describe('PRIVACY', () => {
  it('PRIVACY: activity records have no place for a customer\'s name or phone, so summaries and assessments hold ids only', () => {
    const withPhone = { ...rec('C1', 'A1', T('10:00')), customerPhone: '13800138000' };
    expect(() => buildDailySummary([withPhone], { agentId: 'A1', date: '2026-12-01', at: T('18:00') })).toThrow(/customerPhone: unknown field/);
  });
});
