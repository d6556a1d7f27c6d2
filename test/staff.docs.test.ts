import { expect, it } from 'vitest';
import { defaultCalendar } from 'kefu/time';
import { checkDutyRoster, checkWeeklyReport, buildDailySummary } from 'kefu/staff';
import { docExample } from './support/doc-example.js';

// The example of docs/staff.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  const summary = buildDailySummary(
    [{ id: 'C-1', agentId: 'A1', kind: 'call', at: '2026-12-01T10:00:00+08:00', outcome: 'resolved' }],
    { agentId: 'A1', date: '2026-12-01', at: '2026-12-01T18:00:00+08:00' },
  );
  const weekly = checkWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries: [summary], measures: ['备件提前一天确认'], at: '2026-12-04T18:00:00+08:00' });
  // weekly?.rule === 'STAFF-SUMMARY', details { missing: ['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-04'] }

  const duty = checkDutyRoster(
    [
      { agentId: 'A1', from: '2026-10-01T08:00:00+08:00', to: '2026-10-01T14:00:00+08:00' },
      { agentId: 'A2', from: '2026-10-01T14:00:00+08:00', to: '2026-10-01T19:00:00+08:00' },
    ],
    { ...defaultCalendar, holidays: ['2026-10-01'] },
    [['08:00', '20:00']],
    { from: '2026-10-01', to: '2026-10-01' },
  );
  // duty.gaps: [{ date: '2026-10-01', from: '2026-10-01T11:00:00.000Z', to: '2026-10-01T12:00:00.000Z', minutes: 60 }]
  // example:end
  return { weekly, duty };
}

it('docs/staff.md: the example is the code run here', () => {
  const { doc, code } = docExample('staff.md', import.meta.url);
  expect(code).toBe(doc);
});

it('docs/staff.md: the example runs as described (Asia/Shanghai)', () => {
  const { weekly, duty } = example();
  expect(weekly).toMatchObject({ rule: 'STAFF-SUMMARY', details: { missing: ['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-04'] } });
  expect(duty.gaps).toEqual([{ date: '2026-10-01', from: '2026-10-01T11:00:00.000Z', to: '2026-10-01T12:00:00.000Z', minutes: 60 }]);
  expect(duty.violation?.rule).toBe('STAFF-DUTY');
});
