/**
 * Long histories and the hot path (issue 10): the cost of one `step()` on a complaint that has
 * sent 1,000 replies, as a ratio against the same step on a fresh case, both in the same run. The
 * target is ≤ 1.5×. The context keeps the latest `limits.recentReplies` replies (default 10; every
 * reply is in the case's history); the last row keeps all 1,000 in the context
 * (`recentReplies: 1000`), which is what every case did before, about 100 KiB of context.
 */
import { complaintMachine, defaultPolicy } from 'kefu';
import { initialStep, step, type CaseEnvelope } from 'kefu/runtime';

/** Who replies: an agent (ROLE-PERMIT). */
const agent = { id: 'agent-zhou', role: 'agent' } as const;
const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;
const form = {
  caseId: 'H-1',
  complainant: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  receivedAt: T('09:30'),
  channel: 'phone' as const,
  content: '保养后发动机异响',
  desiredRemedy: '免费复检',
  member: true,
};

/** A policy whose cases keep every reply in the context (the behaviour before `recentReplies`). */
const keepAll = { ...defaultPolicy, limits: { ...defaultPolicy.limits, recentReplies: 1000 } };

/** A registered complaint after `replies` replies of ~100 characters each. */
function caseWith(replies: number, policy = defaultPolicy): CaseEnvelope {
  let envelope = initialStep(complaintMachine, { form, policy }, { now: T('09:30') }).envelope;
  envelope = step(complaintMachine, envelope, { type: 'COMPLAINT.REGISTER', by: agent, at: T('09:40') } as never, { now: T('09:40') }).envelope;
  const at = T('09:41');
  for (let i = 0; i < replies; i++) {
    envelope = step(complaintMachine, envelope, { type: 'REPLY.SEND', by: agent, text: `您好,第${i}次答复:我们正在处理您的投诉,请耐心等待,感谢您的理解与支持。`.padEnd(100, '。'), at } as never, { now: at }).envelope;
  }
  return envelope;
}

/** Microseconds per step of one more reply on `envelope`, from a JSON copy (as a store gives it back). */
function perStep(envelope: CaseEnvelope, iterations: number): number {
  const text = JSON.stringify(envelope);
  const at = T('09:42');
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    step(complaintMachine, JSON.parse(text) as CaseEnvelope, { type: 'REPLY.SEND', by: agent, text: '您好,已收到。', at } as never, { now: at });
  }
  return ((performance.now() - started) * 1000) / iterations;
}

const kib = (envelope: CaseEnvelope) => `${(JSON.stringify(envelope).length / 1024).toFixed(1)} KiB`;

/** Lines for the bench report: fresh vs 1,000 replies (latest 10 in the context, and all of them), and the ratios. */
export function historyBench(iterations = 300): string[] {
  const fresh = caseWith(0);
  const long = caseWith(1000);
  const all = caseWith(1000, keepAll);
  perStep(fresh, 50);
  perStep(long, 50);
  perStep(all, 20);
  // Interleaved rounds, so a change of the machine's load hits every case alike.
  const totals = [0, 0, 0];
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    totals[0]! += perStep(fresh, iterations / rounds);
    totals[1]! += perStep(long, iterations / rounds);
    totals[2]! += perStep(all, iterations / rounds);
  }
  const [a, b, c] = totals.map((t) => t / rounds) as [number, number, number];
  return [
    '| case | envelope | µs per step | × fresh |',
    '| --- | ---: | ---: | ---: |',
    `| fresh complaint | ${kib(fresh)} | ${a.toFixed(0)} | 1.00 |`,
    `| after 1,000 replies (latest 10 in the context) | ${kib(long)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`,
    `| after 1,000 replies, all in the context (\`recentReplies: 1000\`, as before) | ${kib(all)} | ${c.toFixed(0)} | ${(c / a).toFixed(2)} |`,
    `\nA step on a case with 1,000 replies costs ${(b / a).toFixed(2)}× a fresh one (target ≤ 1.5×); ${(c / a).toFixed(2)}× with every reply kept in the context.`,
  ];
}
