import { expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { definePolicy, send } from 'kefu';
import { emailMachine } from 'kefu/machines/email';
import { docExample } from './support/doc-example.js';

// The example of docs/email.md, verbatim (the first test checks it is still the same).
function example() {
  // example:start
  const agent = { id: 'agent-07', role: 'agent' } as const; // from the host's session (ROLE-PERMIT)
  const policy = definePolicy({ email: { clock: 'business' } }); // working hours of Asia/Shanghai
  const actor = createActor(
    emailMachine.provide({ actions: { sendEmail: (_, mail) => console.log('send', mail.messageId) } }),
    {
      input: {
        policy,
        mail: {
          mailId: 'M-1',
          messageId: 'in-1',
          from: 'wang@example.com',
          subject: '发票抬头有误',
          receivedAt: '2026-12-04T17:00:00+08:00', // Friday
          attachments: [{ name: '发票.jpg', size: 245760, type: 'image/jpeg' }],
        },
      },
    },
  ).start();

  actor.getSnapshot().context.sla?.dueAt; // '2026-12-05T09:00:00.000Z' — Saturday 17:00: 24 working hours would be Thursday, MAIL-24H allows 24 hours at most

  const refused = send(actor, { type: 'REPLY.SEND', messageId: 'out-1', text: '抬头不可以改', at: '2026-12-05T09:30:00+08:00' }, { by: agent });
  // refused.accepted === false, refused.violations[0].rule === 'CP-LANGUAGE'

  send(actor, {
    type: 'REPLY.SEND',
    messageId: 'out-1',
    text: '您好,新发票见附件。',
    attachments: [{ name: '新发票.pdf', size: 80000, type: 'application/pdf' }],
    at: '2026-12-05T09:30:00+08:00',
  }, { by: agent });
  actor.getSnapshot().context.mail24h; // 'met'
  // example:end
  return { actor, refused };
}

it('docs/email.md: the example is the code run here', () => {
  const { doc, code } = docExample('email.md', import.meta.url);
  expect(doc).toBe(code);
});

it('docs/email.md: the example runs as described (Asia/Shanghai)', () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const { actor, refused } = example();
  expect(actor.getSnapshot().context.sla).toBeUndefined();
  expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
  expect(actor.getSnapshot().context.mail24h).toBe('met');
  expect(actor.getSnapshot().context.slaRecords[0]?.dueAt).toBe('2026-12-05T09:00:00.000Z');
  actor.stop();
  vi.restoreAllMocks();
});
