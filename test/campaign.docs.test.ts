import { expect, it } from 'vitest';
import { createActor } from 'xstate';
import { send } from 'kefu';
import { campaignFigures, campaignMachine } from 'kefu/machines/campaign';
import { docExample } from './support/doc-example.js';

// The example of docs/campaign.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  const agent = { id: 'agent-07', role: 'agent' } as const; // from the host's session (ROLE-PERMIT)
  const supervisor = { id: 'sup-01', role: 'supervisor' } as const; // from the host's session (ROLE-PERMIT)
  const at = (hhmm: string) => `2026-12-01T${hhmm}:00+08:00`;
  const actor = createActor(campaignMachine, { input: { campaignId: 'CMP-1', target: { sales: 2 }, at: at('08:00') } }).start();

  send(actor, {
    type: 'LIST.EXTRACT',
    prospects: [{ customerId: 'K1' }, { customerId: 'K2' }, { customerId: 'K3' }],
    doNotCall: [{ customerId: 'K3' }],
    at: at('09:00'),
  }, { by: agent });
  send(actor, { type: 'CAMPAIGN.LAUNCH', agentIds: ['A1'], at: at('09:30') }, { by: supervisor });
  send(actor, { type: 'CALL.LOG', callId: 'C1', agentId: 'A1', customerId: 'K1', result: 'reached', outcome: 'sale', at: at('10:00') }, { by: agent });
  send(actor, { type: 'CALL.LOG', callId: 'C2', agentId: 'A1', customerId: 'K2', result: 'reached', outcome: 'refused', refusalReason: 'price', at: at('10:10') }, { by: agent });
  const live = campaignFigures(actor.getSnapshot().context); // live.target.sales: { target: 2, achieved: 1, rate: 0.5 }

  send(actor, { type: 'MONITORING.END', at: at('18:00') }, { by: supervisor });
  send(actor, { type: 'ANALYSIS.RECORD', topic: 'target', conclusion: '完成目标的 50%', at: at('18:30') }, { by: supervisor });
  const refused = send(actor, { type: 'SUMMARY.COMPLETE', at: at('18:40') }, { by: supervisor });
  // refused.violations[0]: CAMPAIGN, details { missing: ['list-use', 'staff', 'refusals', 'lessons'] }
  // example:end
  return { actor, live, refused };
}

it('docs/campaign.md: the example is the code run here', () => {
  const { doc, code } = docExample('campaign.md', import.meta.url);
  expect(code).toBe(doc);
});

it('docs/campaign.md: the example runs as described', () => {
  const { actor, live, refused } = example();
  expect(live.target.sales).toEqual({ target: 2, achieved: 1, rate: 0.5 });
  expect(live.listUse.excludedDoNotCall).toBe(1);
  expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'CAMPAIGN', details: { missing: ['list-use', 'staff', 'refusals', 'lessons'] } }] });
  expect(actor.getSnapshot().value).toBe('summarizing');
});
