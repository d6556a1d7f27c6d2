import { describe, expect, it } from 'vitest';
import { defaultPolicy } from 'kefu';
import { isQuietTime } from 'kefu/time';
import { main, type CliIO } from '../src/cli/main.js';
import { DemoClock, runDemo } from '../src/cli/demo/engine.js';
import { complaintCaseFile } from '../src/cli/demo/case-file.js';
import { complaintScenario } from '../src/cli/demo/complaint.scenario.js';
import { renderReport } from '../src/cli/demo/report.js';
import { maskName, maskPhone, type Customer } from '../src/cli/demo/people.js';
import { createRandom } from '../src/cli/demo/random.js';
import { runWalkthroughs } from '../src/cli/demo/walkthrough.js';
import { displayWidth, renderTable } from '../src/cli/table.js';
import { people } from './support/principals.js';

/** `kefu demo` in-process: its stdout. */
async function demo(...args: string[]): Promise<string> {
  let stdout = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, readFile: async () => '' };
  expect(await main(['demo', ...args], io)).toBe(0);
  return stdout;
}

/** Nothing of the customer shows unmasked: name, phone (any spacing), address. */
function expectMasked(text: string, customers: readonly Customer[]) {
  for (const customer of customers) {
    expect(text).not.toContain(customer.name);
    expect(text).not.toContain(customer.phone);
    expect(text).not.toContain(customer.phone.replace(/\D/g, '').slice(2));
    expect(text).not.toContain(customer.address);
  }
  expect(text).not.toMatch(/1[3-9]\d{9}|\d{3} \d{4} \d{4}/);
}

/** The part of the demo's output before the simulated day. */
const walkthroughPart = (stdout: string) => stdout.slice(0, stdout.indexOf('kefu demo · 客服模拟日'));

describe('the walkthroughs (典型流程) at the top of the demo', () => {
  it('come first, the same for every seed and every run', async () => {
    const { text } = await runWalkthroughs();
    const one = await demo('--cases', '5', '--seed', '1');
    const two = await demo('--cases', '8', '--seed', '2');
    expect(one.startsWith('典型流程 · Walkthroughs')).toBe(true);
    // the walkthroughs, then the first complaint's file (AUDIT-TRAIL), then the day
    expect(walkthroughPart(one).startsWith(`${text}\n# 投诉归档资料 · Complaint file — C-WALK-01\n`)).toBe(true);
    expect(walkthroughPart(two)).toBe(walkthroughPart(one));
    expect((await runWalkthroughs()).text).toBe(text);
  });

  it('a complaint goes through the seven steps, each with its Chinese name, in order; another does not stand: 婉转答复 → 顾客谅解 → 结案', async () => {
    const { text } = await runWalkthroughs();
    const stands = text.slice(text.indexOf('①'), text.indexOf('②'));
    const steps = ['1 投诉受理', '2 投诉判断', '3 展开调查', '4 提出处理方案 / 主管批示', '5 实施处理方案', '6 处理后回访', '7 总结评价'];
    const at = steps.map((s) => stands.indexOf(`── ${s}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(stands).toMatch(/SUPERVISOR\.APPROVE\s+主管批示/);
    expect(stands).toContain('── 结案 · closed: resolved');

    const notStanding = text.slice(text.indexOf('②'), text.indexOf('③'));
    const branch = ['── 婉转答复', 'CUSTOMER.ACKNOWLEDGE    顾客谅解', '── 结案 · closed: not-stands'].map((s) => notStanding.indexOf(s));
    expect(branch.every((i) => i >= 0)).toBe(true);
    expect([...branch].sort((a, b) => a - b)).toEqual(branch);
    expect(notStanding).toContain('✗ [CP-LANGUAGE]');
  });

  it('CALL-TRANSFER: a warm transfer not answered in 15 s returns to the agent; the second transfer succeeds', async () => {
    const { text } = await runWalkthroughs();
    const call = text.slice(text.indexOf('③'), text.indexOf('④'));
    expect(call).toMatch(/10:02:00\s+CALL\.TRANSFER\s+咨询转接 warm → 维修部 repair/);
    expect(call).toMatch(/10:02:15\s+⏱ transfer timer\s+15 s 无人接听,转接失败 \(timeout\),回到原客服 · 通话 › 处理/);
    expect(call).toMatch(/TRANSFER\.COMPLETE\s+配件部接手,转接完成/);
    expect(call.indexOf('⏱ transfer timer')).toBeLessThan(call.indexOf('TRANSFER.COMPLETE'));
    expect(call).toContain('转接 transfers: T1 repair timeout, T2 parts completed');
  });

  it('RV-MEMBER-100, RV-QUIET: the cycle refuses archiving while a member is missing, visits them again, and prints its summary report', async () => {
    const { text } = await runWalkthroughs();
    const cycle = text.slice(text.indexOf('④'));
    const order = ['无人接听 (3/3)', '未联系上 unreached', '✗ [RV-MEMBER-100] 归档被拒:会员 K-0002 尚未回访', 'VISIT.REISSUE', '电话回访(第 2 次):满意', '资料归档 ✓', '# 回访总结报告 — RV-2026-12-01'].map((s) =>
      cycle.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The SMS window ends a day after the SMS, on the clock.
    expect(cycle).toMatch(/12-03 18:31\s+⏱ sms window/);
    // Quiet hours are read in the customer's zone: 10:30 in Shanghai is 02:30 in London.
    expect(cycle).toMatch(/✗ \[RV-QUIET\] 当地 02:30 是休息时间;最早 12-02 17:00\(当地 09:00\)/);
    expect(cycle).toContain('会员 2 名，已回访 2 名（100.0%）。全部完成。');
    expect(cycle).toContain('| 4 | 1 | 1 | 6 | 66.7% |');
  });

  it('MAIL-24H: a member’s email warns the agent and the supervisor before the due time, then escalates to the supervisor and the head of department', async () => {
    const { text } = await runWalkthroughs();
    const mail = text.slice(text.indexOf('⑤'));
    const order = [
      /12-01 09:00\s+received\s+待回复,due 12-01 17:00/,
      /12-01 13:00\s+⏱ warning\s+回复时限将至,提醒客服 agent/,
      /12-01 16:00\s+⏱ warning\s+回复时限将至,提醒主管 supervisor/,
      /12-01 17:00\s+⏱ deadline\s+超时未回复,上报主管/,
      /12-01 19:00\s+⏱ escalation\s+仍未回复,升级至部门主管/,
      /12-01 19:30\s+REPLY\.SEND/,
    ].map((re) => mail.search(re));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(mail).toContain('MAIL-24H breached · 3 warnings/levels, 1 escalation to the supervisor');
  });

  it('PRIVACY: the walkthroughs show their customers masked only', async () => {
    const { text, customers } = await runWalkthroughs();
    expect(customers.length).toBeGreaterThan(0);
    expectMasked(text, customers);
    expect(text).toContain(`${maskName(customers[0]!.name)} ${maskPhone(customers[0]!.phone)}`);
  });
});

describe('the simulated day', () => {
  it('PRIVACY: the demo never prints a customer name, phone or address unmasked', async () => {
    const result = await runDemo({ cases: 40, seed: 'privacy' });
    const walkthroughs = await runWalkthroughs();
    const stdout = await demo('--cases', '40', '--seed', 'privacy');
    const file = await complaintCaseFile(walkthroughs.complaints[0]!, 'markdown');
    expect(stdout).toBe(`${walkthroughs.text}\n${file}\n${renderReport(result)}`);
    expectMasked(stdout, [...result.records.cases.map((c) => c.customer), ...walkthroughs.customers]);
  });

  it('is deterministic: the same seed prints the same day; another seed another day', async () => {
    const a = await demo('--cases', '40', '--seed', '42');
    expect(await demo('--cases', '40', '--seed', '42')).toBe(a);
    expect(await demo('--cases', '40', '--seed', '43')).not.toBe(a);
  });

  it('simulates the whole desk: calls, complaints, return visits, emails and chats, in every table', async () => {
    const result = await runDemo({ cases: 150, seed: 'desk' });
    expect(result.processes.map((p) => p.id)).toEqual(['call', 'complaint', 'return-visit', 'email', 'chat']);
    expect(result.processes.every((p) => p.cases > 0)).toBe(true);
    const report = renderReport(result);
    const table = (title: string) => report.slice(report.indexOf(title), report.indexOf('\n\n', report.indexOf(title)));
    for (const process of ['call', 'complaint', 'return-visit', 'email', 'chat']) expect(table('案件概况 · Cases')).toMatch(new RegExp(`│ ${process}\\s+│\\s+\\d+ │`));
    const sla = table('SLA 达标率');
    for (const [process, rule] of [['call', 'CALL-ETA'], ['return-visit', 'RV-3DAY'], ['return-visit', 'RV-BRIEF'], ['email', 'MAIL-24H'], ['chat', 'CHAT-LIVE'], ['complaint', 'CP-TIMELINE']]) {
      expect(sla).toMatch(new RegExp(`│ ${process}\\s+│[^│]+│ ${rule}\\s+│`));
    }
    expect(table('回访汇总')).toMatch(/│ return-visit\s+│\s+\d+ │/);
    expect(table('转接 · Transfers')).toMatch(/│ call\s+│ warm\s+│/);
    expect(table('转接 · Transfers')).toMatch(/│ call\s+│ cold\s+│/);
    expect(table('转接 · Transfers')).toMatch(/│ chat\s+│ chat\s+│/);
    expect(table('规则拦截')).toMatch(/│ RV-QUIET\s+│\s+\d+ │\s+0 │/);
  });

  it.each(['1', '2', '42', 'busy-monday'])('every refusal in the script is one the rules are meant to make, and every case ends (seed %s)', async (seed) => {
    const { records } = await runDemo({ cases: 80, seed });
    expect(records.refusals.filter((r) => !r.expected)).toEqual([]);
    const ends: Record<string, string[]> = {
      call: ['completed', 'transferred', 'called-back', 'abandoned'],
      complaint: ['resolved', 'not-stands'],
      'return-visit': ['recorded', 'unreached', 'wrong-person', 'opted-out'],
      email: ['replied', 'no-response'],
      chat: ['closed-by-agent', 'closed-by-customer', 'closed-by-idle'],
    };
    for (const c of records.cases) expect(ends[c.process]).toContain(c.outcome);
  });

  it('CALL-TRANSFER, CALL-CLASSIFY: calls are transferred, fail over to the agent or to a callback, and complaints on the phone open complaint cases', async () => {
    const { records } = await runDemo({ cases: 200, seed: 'calls' });
    const transfers = records.transfers.filter((t) => t.process === 'call');
    expect(transfers.some((t) => t.outcome === 'completed')).toBe(true);
    expect(transfers.some((t) => t.outcome === 'timeout' && t.fallback === 'agent')).toBe(true);
    expect(transfers.some((t) => t.fallback === 'callback')).toBe(true);
    expect(transfers.some((t) => t.outcome === 'declined')).toBe(true);
    const calls = records.cases.filter((c) => c.process === 'call');
    expect(calls.some((c) => c.outcome === 'transferred')).toBe(true);
    expect(calls.some((c) => c.outcome === 'called-back')).toBe(true);
    // A complaint opened by a call has the call's number (CA-…-0007 → C-…-0007) and its customer.
    const fromCalls = records.cases.filter((c) => c.process === 'complaint' && calls.some((k) => k.caseId.replace('CA-', 'C-') === c.caseId && k.customer === c.customer));
    expect(fromCalls.length).toBeGreaterThan(3);
    expect(records.sla.some((s) => s.process === 'call' && s.rule === 'CALL-ETA' && !s.met)).toBe(true);
  });

  it('RV-QUIET, RV-3DAY: return visits never reach a customer in their rest time; late ones are escalated and counted', async () => {
    const { records } = await runDemo({ cases: 200, seed: 'visits' });
    const visits = records.visits.filter((v) => v.process === 'return-visit');
    expect(visits.length).toBeGreaterThan(20);
    expect(visits.every((v) => !v.inQuietHours)).toBe(true);
    expect(visits.some((v) => !v.withinDays)).toBe(true);
    expect(visits.filter((v) => v.withinDays).length).toBeGreaterThan(visits.length / 2);
    expect(visits.some((v) => v.method === 'sms')).toBe(true);
    // Calls tried in a customer's rest time (in their own zone) were refused, on purpose.
    expect(records.refusals.some((r) => r.process === 'return-visit' && r.rule === 'RV-QUIET' && r.expected)).toBe(true);
    const cases = records.cases.filter((c) => c.process === 'return-visit');
    expect(cases.some((c) => c.escalations > 0)).toBe(true);
  });

  it('MAIL-24H: emails are answered within 24 hours or escalated; some wait on the customer', async () => {
    const { records } = await runDemo({ cases: 200, seed: 'mail' });
    const sla = records.sla.filter((s) => s.rule === 'MAIL-24H');
    expect(sla.some((s) => !s.met)).toBe(true);
    expect(sla.filter((s) => s.met).length).toBeGreaterThan(sla.length / 2);
    const emails = records.cases.filter((c) => c.process === 'email');
    expect(emails.some((c) => c.outcome === 'no-response')).toBe(true);
    expect(emails.some((c) => c.escalations > 0)).toBe(true);
  });

  it('complaints go through the seven steps; some deadlines are missed and escalated', async () => {
    const { records } = await runDemo({ cases: 60, seed: 'sla', scenarios: [complaintScenario] });
    expect(records.complaints).toHaveLength(60);
    expect(records.complaints.some((c) => !c.stands)).toBe(true);
    const missed = records.sla.filter((s) => !s.met);
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.length).toBeLessThan(records.sla.length / 2);
    expect(new Set(records.sla.map((s) => s.item))).toEqual(
      new Set(['register 投诉受理', 'assess 投诉判断', 'investigate 展开调查', 'propose 提出处理方案', 'implement 实施处理方案', 'followUp 处理后回访', 'review 总结评价']),
    );
  });

  it('RV-QUIET, RV-3DAY: complaint follow-up visits are never in the customer\'s rest time; late ones are counted (Asia/Shanghai)', async () => {
    const { records } = await runDemo({ cases: 80, seed: 'visits', scenarios: [complaintScenario] });
    expect(records.visits.length).toBeGreaterThan(40);
    expect(records.visits.every((v) => !v.inQuietHours)).toBe(true);
    expect(records.visits.some((v) => !v.withinDays)).toBe(true);
    expect(records.visits.filter((v) => v.withinDays).length).toBeGreaterThan(records.visits.length / 2);
    expect(isQuietTime(defaultPolicy.returnVisit.quietHours, '2026-12-01T12:30:00+08:00', 'Asia/Shanghai')).toBe(true);
  });
});

describe('the pieces of the demo', () => {
  it('DemoClock fires due timers in order, at their own due time, and skips cancelled ones', () => {
    const clock = new DemoClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    const cancelled = clock.setTimeout(() => fired.push(['x', clock.now()]), 150);
    clock.setTimeout(() => {
      fired.push(['a', clock.now()]);
      clock.setTimeout(() => fired.push(['a2', clock.now()]), 50);
    }, 100);
    clock.clearTimeout(cancelled);
    clock.set(199);
    expect(fired).toEqual([['a', 100], ['a2', 150]]);
    clock.set(200);
    expect(fired.at(-1)).toEqual(['b', 200]);
    expect(() => clock.set(10)).toThrow(/back in time/);
  });

  it('the seeded generator repeats itself for a seed and differs across seeds', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, ((r) => () => r.int(0, 1000))(createRandom(seed)));
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(createRandom('x').fork('case-1').next()).toBe(createRandom('x').fork('case-1').next());
  });

  it('PRIVACY: names and phones are masked the usual way', () => {
    expect(maskName('王秀英')).toBe('王**');
    expect(maskPhone('+86 138 0013 8000')).toBe('138****8000');
    expect(maskPhone('021-6543-2100')).toBe('021****2100');
  });

  it('tables line up Chinese text by display width', () => {
    expect(displayWidth('投诉 ok')).toBe(7);
    const table = renderTable('t', [{ header: '类别' }, { header: 'n', align: 'right' }], [['维修质量', 1], ['other', 22]]);
    const widths = table.split('\n').slice(1).map(displayWidth);
    expect(new Set(widths).size).toBe(1);
  });
});
