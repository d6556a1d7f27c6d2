import { expect, it } from 'vitest';
import { createActor } from 'xstate';
import { send, sendOrThrow } from 'kefu';
import { qualityAuditMachine } from 'kefu/machines/quality-audit';
import { docExample } from './support/doc-example.js';

// The example of docs/quality-audit.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  // From the host's session (ROLE-PERMIT); the audited agent's user id is the agentId of their records.
  const qa = { id: 'QA-1', role: 'quality' } as const;
  const agentA1 = { id: 'A1', role: 'agent' } as const;
  const colleague = { id: 'A2', role: 'agent' } as const;
  const at = (hhmm: string) => `2026-12-31T${hhmm}:00+08:00`;
  const record = {
    id: 'S1', agentId: 'A1', channel: 'phone' as const, at: '2026-12-01T10:00:00+08:00',
    utterances: [{ by: 'agent' as const, text: '喂?' }, { by: 'agent' as const, text: '好的,再见!' }],
    fields: { time: '2026-12-01T10:00:00+08:00', number: '138…', name: '…', contact: '…', content: '异响' },
  };
  const audit = createActor(qualityAuditMachine, { input: { auditId: 'QA-2026-12', auditor: 'QA-1', at: at('09:00') } }).start();

  sendOrThrow(audit, { type: 'SAMPLE.DRAW', population: [{ id: 'S1', agentId: 'A1' }], seed: 'QA-2026-12', at: at('09:10') }, { by: qa });
  sendOrThrow(audit, { type: 'RECORD.SCORE', record, at: at('10:00') }, { by: qa });
  sendOrThrow(audit, { type: 'SCORING.COMPLETE', at: at('11:00') }, { by: qa }); // finding S1:greeting
  const early = send(audit, { type: 'FEEDBACK.SEND', at: at('11:05') }, { by: qa }); // refused: QA-AUDIT, missing S1:greeting
  sendOrThrow(audit, { type: 'FEEDBACK.RECORD', findingId: 'S1:greeting', action: 'training', note: '问候语培训', at: at('13:00') }, { by: qa });
  sendOrThrow(audit, { type: 'FEEDBACK.SEND', at: at('13:30') }, { by: qa });
  const forA1 = send(audit, { type: 'FEEDBACK.ACKNOWLEDGE', agentId: 'A1', at: at('14:00') }, { by: colleague }); // refused: ROLE-PERMIT, only A1 acknowledges A1's results
  sendOrThrow(audit, { type: 'FEEDBACK.ACKNOWLEDGE', agentId: 'A1', at: at('14:00') }, { by: agentA1 });
  sendOrThrow(audit, { type: 'TRAINING.RECORD', agentId: 'A1', note: '问候规范培训已完成', at: at('16:00') }, { by: qa });
  sendOrThrow(audit, { type: 'AUDIT.CLOSE', at: at('17:00') }, { by: qa });
  // example:end
  return { audit, early, forA1 };
}

it('docs/quality-audit.md: the example is the code run here', () => {
  const { doc, code } = docExample('quality-audit.md', import.meta.url, 'last');
  expect(code).toBe(doc);
});

it('docs/quality-audit.md: the example runs as described — the early send and a colleague acknowledging for A1 are refused, the audit closes', () => {
  const { audit, early, forA1 } = example();
  expect(early).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { missing: ['S1:greeting'] } }] });
  expect(forA1).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { field: 'agentId', agentId: 'A1', by: { id: 'A2', role: 'agent' } } }] });
  expect(audit.getSnapshot().status).toBe('done');
  expect(audit.getSnapshot().output).toMatchObject({ acknowledgements: [{ agentId: 'A1', at: '2026-12-31T14:00:00+08:00' }] });
});
