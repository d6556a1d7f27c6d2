import { expect, it } from 'vitest';
import { closeAudit, runAudit } from 'kefu/quality';
import { docExample } from './support/doc-example.js';

// The example of docs/quality.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  const report = runAudit({
    auditId: 'QA-2026-12',
    records: [
      {
        id: 'S1', agentId: 'A1', channel: 'phone', at: '2026-12-01T10:00:00+08:00',
        utterances: [{ by: 'agent', text: '喂?' }, { by: 'customer', text: '我的车有异响' }, { by: 'agent', text: '我们明天安排检查,再见!' }],
        fields: { time: '2026-12-01T10:00:00+08:00', number: '138…', name: '…', contact: '…', content: '异响' },
      },
    ],
    sample: { seed: 'QA-2026-12', size: 10 },
    at: '2026-12-31T10:00:00+08:00',
  });
  // report.findings: [{ findingId: 'S1:greeting', recordId: 'S1', agentId: 'A1', standardId: 'greeting' }]

  const early = closeAudit(report, [], { by: 'QA-1', at: '2026-12-31T17:00:00+08:00' });
  // early.accepted === false: QA-AUDIT, details { missing: ['S1:greeting'] }
  const closed = closeAudit(
    report,
    [{ findingId: 'S1:greeting', action: 'training', note: '问候语培训', by: 'QA-1', at: '2026-12-31T15:00:00+08:00' }],
    { by: 'QA-1', at: '2026-12-31T17:00:00+08:00' },
  );
  // closed.accepted === true; closed.value.trainingPlan: [{ agentId: 'A1', standardIds: ['greeting'] }]
  // example:end
  return { report, early, closed };
}

it('docs/quality.md: the example is the code run here', () => {
  const { doc, code } = docExample('quality.md', import.meta.url);
  expect(code).toBe(doc);
});

it('docs/quality.md: the example runs as described', () => {
  const { report, early, closed } = example();
  expect(report.findings).toEqual([{ findingId: 'S1:greeting', recordId: 'S1', agentId: 'A1', standardId: 'greeting' }]);
  expect(early).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { missing: ['S1:greeting'] } }] });
  expect(closed.accepted && closed.value.trainingPlan).toEqual([{ agentId: 'A1', standardIds: ['greeting'] }]);
});
