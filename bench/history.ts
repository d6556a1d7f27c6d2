/**
 * Long histories and the hot path (issue 10): the cost of one `step()` on a complaint that has
 * sent 1,000 replies (about 100 KiB of context), as a ratio against the same step on a fresh case,
 * both in the same run. The target is ≤ 1.5×.
 */
import { complaintMachine } from 'kefu';
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

/** A registered complaint after `replies` replies of ~100 characters each. */
function caseWith(replies: number): CaseEnvelope {
  let envelope = initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope;
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

/** Lines for the bench report: fresh vs 1,000 replies, and the ratio. */
export function historyBench(iterations = 300): string[] {
  const fresh = caseWith(0);
  const long = caseWith(1000);
  perStep(fresh, 50);
  perStep(long, 20);
  const a = perStep(fresh, iterations);
  const b = perStep(long, iterations);
  return [
    '| case | envelope | µs per step | × fresh |',
    '| --- | ---: | ---: | ---: |',
    `| fresh complaint | ${(JSON.stringify(fresh).length / 1024).toFixed(1)} KiB | ${a.toFixed(0)} | 1.00 |`,
    `| after 1,000 replies | ${(JSON.stringify(long).length / 1024).toFixed(1)} KiB | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`,
    `\nA step on a case with 1,000 replies costs ${(b / a).toFixed(2)}× a fresh one (target ≤ 1.5×).`,
  ];
}
