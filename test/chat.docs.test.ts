import { expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { send } from 'kefu';
import { chatMachine } from 'kefu/machines/chat';
import { docExample } from './support/doc-example.js';

// The example of docs/chat.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  const agent = { id: 'agent-07', role: 'agent' } as const; // from the host's session (ROLE-PERMIT)
  const customer = { id: 'cust-01', role: 'customer' } as const; // from the host's session (ROLE-PERMIT)
  const actor = createActor(chatMachine, {
    input: { chat: { chatId: 'CH-1', startedAt: '2026-12-01T10:00:00+08:00', agent: 'agent-07', department: 'service' } },
  }).start();
  actor.on('chat.responseOverdue', (e) => console.log('late', e.kind, 'breaches so far:', e.breaches));

  send(actor, { type: 'AGENT.MESSAGE', messageId: 'a1', text: '您好,请问有什么可以帮助您的?', at: '2026-12-01T10:00:20+08:00' }, { by: agent });
  send(actor, { type: 'CUSTOMER.MESSAGE', messageId: 'c1', text: '我想查维修进度', at: '2026-12-01T10:00:40+08:00' }, { by: customer });

  const refused = send(actor, { type: 'CHAT.TRANSFER', department: 'legal', at: '2026-12-01T10:00:50+08:00' }, { by: agent });
  // refused.accepted === false, refused.violations[0].rule === 'CALL-TRANSFER' (unknown department)

  send(actor, { type: 'CHAT.TRANSFER', department: 'repair', at: '2026-12-01T10:00:50+08:00' }, { by: agent });
  send(actor, { type: 'TRANSFER.ACCEPTED', agent: 'agent-21', at: '2026-12-01T10:01:00+08:00' }, { by: agent });
  send(actor, { type: 'AGENT.MESSAGE', messageId: 'a2', text: '您好,我是维修部,正在为您查询。', at: '2026-12-01T10:01:10+08:00' }, { by: agent });
  actor.getSnapshot().context.responses.map((r) => r.met); // [true, true]
  // example:end
  return { actor, refused };
}

it('docs/chat.md: the example is the code run here', () => {
  const { doc, code } = docExample('chat.md', import.meta.url);
  expect(doc).toBe(code);
});

it('docs/chat.md: the example runs as described (Asia/Shanghai)', () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const { actor, refused } = example();
  expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-TRANSFER' }] });
  expect(actor.getSnapshot().context.responses.map((r) => r.met)).toEqual([true, true]);
  expect(actor.getSnapshot().context.agent).toBe('agent-21');
  actor.stop();
  vi.restoreAllMocks();
});
