import { expect, it } from 'vitest';
import { createActor } from 'xstate';
import { send, sendOrThrow } from 'kefu';
import { monthlyAssessmentMachine } from 'kefu/machines/monthly-assessment';
import { docExample } from './support/doc-example.js';

// The example of docs/monthly-assessment.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  // From the host's session (ROLE-PERMIT); an agent's user id is the agentId of their records.
  const supervisor = { id: 'SUP-1', role: 'supervisor' } as const;
  const agentA1 = { id: 'A1', role: 'agent' } as const;
  const agentA2 = { id: 'A2', role: 'agent' } as const;
  const at = (day: string, hhmm: string) => `2026-12-${day}T${hhmm}:00+08:00`;
  const records = [
    { id: 'N1', agentId: 'A1', kind: 'call' as const, at: '2026-11-16T10:00:00+08:00', outcome: 'resolved' as const, satisfaction: 'satisfied' as const },
    { id: 'N2', agentId: 'A2', kind: 'call' as const, at: '2026-11-17T10:00:00+08:00', outcome: 'pending' as const },
  ];
  const assessment = createActor(monthlyAssessmentMachine, {
    input: { assessmentId: 'PA-2026-11', month: '2026-11', supervisor: 'SUP-1', at: at('01', '09:00') },
  }).start();

  sendOrThrow(assessment, { type: 'ASSESSMENT.DRAFT', records, at: at('01', '10:00') }, { by: supervisor });
  sendOrThrow(assessment, { type: 'ASSESSMENT.SHARE', at: at('01', '10:30') }, { by: supervisor });
  sendOrThrow(assessment, { type: 'ASSESSMENT.OBJECT', agentId: 'A2', reason: 'N2 已解决,系统未更新', at: at('01', '11:00') }, { by: agentA2 });
  const corrected = records.map((r) => (r.id === 'N2' ? { ...r, outcome: 'resolved' as const } : r));
  sendOrThrow(assessment, { type: 'ASSESSMENT.DRAFT', records: corrected, note: 'N2 已核实并更正', at: at('01', '14:00') }, { by: supervisor });
  sendOrThrow(assessment, { type: 'ASSESSMENT.SHARE', at: at('01', '14:30') }, { by: supervisor });
  sendOrThrow(assessment, { type: 'ASSESSMENT.ACKNOWLEDGE', agentId: 'A1', at: at('02', '09:00') }, { by: agentA1 });
  const early = send(assessment, { type: 'ASSESSMENT.PUBLISH', at: at('02', '09:30') }, { by: supervisor }); // refused: STAFF-SUMMARY, missing A2
  const forA2 = send(assessment, { type: 'ASSESSMENT.ACKNOWLEDGE', agentId: 'A2', at: at('02', '10:00') }, { by: agentA1 }); // refused: ROLE-PERMIT, only A2 answers for A2
  sendOrThrow(assessment, { type: 'ASSESSMENT.ACKNOWLEDGE', agentId: 'A2', at: at('02', '10:00') }, { by: agentA2 });
  sendOrThrow(assessment, { type: 'ASSESSMENT.PUBLISH', at: at('02', '10:30') }, { by: supervisor });
  // example:end
  return { assessment, early, forA2 };
}

it('docs/monthly-assessment.md: the example is the code run here', () => {
  const { doc, code } = docExample('monthly-assessment.md', import.meta.url, 'last');
  expect(code).toBe(doc);
});

it('docs/monthly-assessment.md: the example runs as described — publishing early and A1 acknowledging for A2 are refused, the assessment is published', () => {
  const { assessment, early, forA2 } = example();
  expect(early).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { missing: ['A2'] } }] });
  expect(forA2).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { field: 'agentId', agentId: 'A2', by: { id: 'A1', role: 'agent' } } }] });
  expect(assessment.getSnapshot().status).toBe('done');
  expect(assessment.getSnapshot().output).toMatchObject({ version: 2 });
});
