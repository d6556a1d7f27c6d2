import { expect, it } from 'vitest';
import { createActor } from 'xstate';
import { send } from 'kefu';
import { customerDataMachine } from 'kefu/machines/customer-data';
import { docExample } from './support/doc-example.js';

// The example of docs/customer-data.md, verbatim (the first test checks it is still the same).
// Its timers are hours and days away; the test stops the actor before any fires.
function example() {
  // example:start
  const agent = { id: 'agent-07', role: 'agent' } as const; // from the host's session (ROLE-PERMIT)
  const supervisor = { id: 'sup-01', role: 'supervisor' } as const; // from the host's session (ROLE-PERMIT)
  const actor = createActor(customerDataMachine, {
    input: {
      teamId: 'team-1',
      agents: [{ agentId: 'A1' }, { agentId: 'A2' }, { agentId: 'A3', level: 3 }],
      owners: { retail: 'A1', vip: 'A3' },
      at: '2026-12-01T08:00:00+08:00',
    },
  }).start();

  send(actor, { type: 'DAY.OPEN', date: '2026-12-01', at: '2026-12-01T09:00:00+08:00' }, { by: agent });
  send(actor, { type: 'RECORD.COLLECT', recordId: 'R1', customerId: 'K1', agentId: 'A1', kind: 'new', at: '2026-12-01T09:30:00+08:00' }, { by: agent });
  send(actor, { type: 'RECORD.COLLECT', recordId: 'R2', customerId: 'K2', agentId: 'A2', kind: 'new', at: '2026-12-01T10:00:00+08:00' }, { by: agent });
  send(actor, { type: 'COLLECTION.SUBMIT', at: '2026-12-01T16:00:00+08:00' }, { by: agent });
  send(actor, { type: 'RECORD.FILE', recordId: 'R1', category: 'retail', at: '2026-12-01T16:10:00+08:00' }, { by: supervisor });

  const refused = send(actor, { type: 'UPDATE.CLOSE', at: '2026-12-01T16:20:00+08:00' }, { by: supervisor });
  // refused.accepted === false: DATA-DAILY, details { unfiled: ['R2'] }

  send(actor, { type: 'RECORD.FILE', recordId: 'R2', category: 'vip', minLevel: 3, at: '2026-12-01T16:25:00+08:00' }, { by: supervisor });
  send(actor, { type: 'UPDATE.CLOSE', at: '2026-12-01T16:30:00+08:00' }, { by: supervisor });
  send(actor, { type: 'CUSTOMERS.ASSIGN', at: '2026-12-01T16:40:00+08:00' }, { by: supervisor });
  const { K1, K2 } = actor.getSnapshot().context.contacts;
  // K1 → A1 (fewest customers), K2 → A3 (the only agent of level 3); both due 2026-12-08T16:00:00.000Z

  // Only A3, signed in as themselves, records the contact with K2 (ROLE-PERMIT, then DATA-WEEK).
  const a3 = { id: 'A3', role: 'agent' } as const; // the host's user id is the id the records use
  send(actor, { type: 'CONTACT.RECORD', customerId: 'K2', agentId: 'A3', method: 'phone', note: '介绍会员权益,约下周到店', at: '2026-12-03T10:00:00+08:00' }, { by: a3 });
  // example:end
  return { actor, refused, K1, K2 };
}

it('docs/customer-data.md: the example is the code run here', () => {
  const { doc, code } = docExample('customer-data.md', import.meta.url);
  expect(code).toBe(doc);
});

it('docs/customer-data.md: the example runs as described (Asia/Shanghai)', () => {
  const { actor, refused, K1, K2 } = example();
  expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-DAILY', details: { unfiled: ['R2'] } }] });
  expect([K1?.agentId, K2?.agentId]).toEqual(['A1', 'A3']);
  expect([K1?.dueAt, K2?.dueAt]).toEqual(['2026-12-08T16:00:00.000Z', '2026-12-08T16:00:00.000Z']);
  expect(actor.getSnapshot().context.contacts.K2?.contactedAt).toBe('2026-12-03T10:00:00+08:00');
  actor.stop();
});
