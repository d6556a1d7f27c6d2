/**
 * Quickstart: open a complaint, watch a rule refuse a step, and follow the case to review.
 * Run it: npx tsx examples/quickstart.ts
 */
import { createActor } from 'xstate';
import { complaintMachine, defaultPolicy, send, type Principal } from 'kefu';

// Who acts comes from the host's own authenticated session, never from what the customer sends.
const agent: Principal = { id: 'u-1042', role: 'agent' };

const form = {
  caseId: 'C-0001',
  complainant: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  receivedAt: '2026-12-01T09:30:00+08:00',
  channel: 'phone' as const,
  content: '保养后发动机异响',
  desiredRemedy: '免费复检',
  member: true,
};

export function quickstart(log: (line: string) => void = console.log) {
  const actor = createActor(complaintMachine, { input: { policy: defaultPolicy, form } }).start();
  actor.on('complaint.stepEntered', (e) => log(`→ ${e.zh} (${e.step})${e.dueAt ? `, due ${e.dueAt}` : ''}`));

  // No principal: refused under ROLE-PERMIT ("who is acting is unknown").
  const anonymous = send(actor, { type: 'COMPLAINT.REGISTER', at: '2026-12-01T09:39:00+08:00' });
  if (!anonymous.accepted) log(`refused by ${anonymous.violations[0]!.rule}: ${anonymous.message.en}`);

  send(actor, { type: 'COMPLAINT.REGISTER', at: '2026-12-01T09:40:00+08:00' }, { by: agent });

  // A reply with a forbidden phrase is refused, and the refusal says which rule and phrase.
  const refused = send(actor, { type: 'REPLY.SEND', text: '这个我不知道', at: '2026-12-01T09:45:00+08:00' }, { by: agent });
  if (!refused.accepted) log(`refused by ${refused.violations[0]!.rule}: ${refused.message.en}`);

  const accepted = send(actor, {
    type: 'ASSESS.VALID',
    department: 'repair',
    investigationDays: 2,
    customerAgreed: true,
    apology: '非常抱歉给您带来不便',
    promisedBy: '2026-12-03T17:00:00+08:00',
    at: '2026-12-01T10:30:00+08:00',
  }, { by: agent });
  log(`ASSESS.VALID accepted: ${accepted.accepted}`);
  const snapshot = actor.getSnapshot();
  // Stop the actor: its step deadlines are real timers and would keep the process alive.
  actor.stop();
  return snapshot;
}

// Run when executed directly (not when imported by the test).
if (import.meta.url === `file://${process.argv[1]}`) quickstart();
