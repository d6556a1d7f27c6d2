import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock, type AnyStateMachine } from 'xstate';
import { definePolicy, defaultPolicy, send, sendOrThrow } from 'kefu';
import { toEpoch } from 'kefu/time';
import { returnVisitMachine, scriptClosing, scriptParamsOf, type ReturnVisitContext } from 'kefu/machines/return-visit';
import {
  assignBalanced,
  findCycleVisit,
  maintenanceReminderIn,
  renderReportMarkdown,
  returnVisitCycleMachine,
  selectCustomers,
  type ArchiveRow,
  type ReturnVisitCycleEmitted,
} from 'kefu/machines/return-visit-cycle';
import { childOf, drive, RANGE, row, satisfiedVisit, startCycle } from './support/return-visit-cycle.js';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;
const afterService = { occasion: 'after-service' as const, ...RANGE, method: 'phone' as const };
const rows3 = [row(0, T('10:00')), row(1, T('11:00')), row(3, T('15:00'))]; // K0000 is a member; K0003 lives in Tokyo

function selectAndAssign(archive: ArchiveRow[] = rows3, criteria: object = afterService, agentIds = ['A-01', 'A-02'], machine = returnVisitCycleMachine) {
  const { actor, clock } = startCycle({ cycleId: 'C', at: T('18:00') }, machine);
  sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: criteria as never, archive, at: T('18:00') });
  clock.set(toEpoch(T('18:05')));
  sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds, at: T('18:05') });
  return { actor, clock };
}

describe('RV-CYCLE: select → compile → assign → contact → record → analyse → report → archive', () => {
  it('RV-CYCLE (Asia/Shanghai, Asia/Tokyo customer): a cycle walks its steps in order and archives with the summary report', () => {
    const archiveCycle = vi.fn();
    const machine = returnVisitCycleMachine.provide({ actions: { archiveCycle } });
    const { actor, clock } = startCycle({ cycleId: 'C', at: T('18:00') }, machine);
    const states: unknown[] = [actor.getSnapshot().value];
    actor.subscribe((s) => states.at(-1) !== s.value && states.push(s.value));
    const emitted: ReturnVisitCycleEmitted[] = [];
    actor.on('*', (e) => emitted.push(e as ReturnVisitCycleEmitted));
    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: afterService, archive: rows3, at: T('18:00') });
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: T('18:05') });
    for (const [i, id] of ['K0000', 'K0001', 'K0003'].entries()) drive(childOf(actor, 'C', id), T(`10:${i}0`, '2026-12-02'), satisfiedVisit, clock);
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', conclusions: ['继续保持'], at: T('09:00', '2026-12-03') });
    sendOrThrow(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('09:30', '2026-12-03') });
    expect(states).toEqual(['selecting', 'assigning', 'contacting', 'analysing', 'reported', 'archived']);
    const output = actor.getSnapshot().output!;
    expect(output.report).toMatchObject({ visits: 3, byOutcome: { recorded: 3 }, satisfaction: { rate: 1 }, author: '主管张三', members: { total: 1, visited: 1 } });
    expect(archiveCycle).toHaveBeenCalledWith(expect.anything(), { cycleId: 'C', report: output.report });
    expect(emitted.map((e) => e.type)).toEqual([
      'returnVisitCycle.compiled',
      'returnVisitCycle.assigned',
      'returnVisitCycle.visitSettled',
      'returnVisitCycle.visitSettled',
      'returnVisitCycle.visitSettled',
      'returnVisitCycle.archived',
    ]);
    expect(emitted[1]).toEqual({ type: 'returnVisitCycle.assigned', cycleId: 'C', agents: [{ agentId: 'A-01', visits: 2 }, { agentId: 'A-02', visits: 1 }] });
  });

  it('RV-CYCLE: a selection that finds nobody is refused', () => {
    const { actor } = startCycle({ cycleId: 'C', at: T('18:00') });
    const outcome = send(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { ...afterService, from: T('00:00', '2026-11-01'), to: T('00:00', '2026-11-02') }, archive: rows3, at: T('18:00') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RV-CYCLE', details: { rowsRead: 3, excludedDoNotCall: 0 } }] });
    expect(actor.getSnapshot().value).toBe('selecting');
  });

  it('RV-CYCLE (Asia/Shanghai): archiving before the summary report is written is refused', () => {
    const { actor, clock } = selectAndAssign();
    for (const id of ['K0000', 'K0001', 'K0003']) drive(childOf(actor, 'C', id), T('10:00', '2026-12-02'), satisfiedVisit, clock);
    expect(actor.getSnapshot().value).toBe('analysing');
    expect(send(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('09:00', '2026-12-03') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-CYCLE' }] });
  });

  it('RV-CYCLE: one visit per customer — the latest service in range — and do-not-call customers left out', () => {
    const archive = [...rows3, row(1, T('16:00')), row(4, T('12:00'))];
    const doNotCall = [{ customerId: 'K0004', since: T('00:00', '2026-10-01'), until: T('00:00', '2027-03-30') }];
    const { candidates, compiled } = selectCustomers(archive, afterService, defaultPolicy, doNotCall, T('18:00'));
    expect(compiled).toEqual({ rowsRead: 5, selected: 3, members: 1, excludedDoNotCall: ['K0004'], duplicatesMerged: 1 });
    expect(candidates.map((c) => [c.row.customer.id, c.row.service.completedAt])).toEqual([
      ['K0000', T('10:00')], // members first
      ['K0003', T('15:00')],
      ['K0001', T('16:00')],
    ]);
    expect(selectCustomers(archive, { ...afterService, member: true }, defaultPolicy, [], T('18:00')).compiled.selected).toBe(1);
  });

  it('RV-CYCLE: customers are assigned to agents balanced by count, members spread too', () => {
    expect(assignBalanced(['K1', 'K2', 'K3'], ['A', 'B'])).toEqual({ K1: 'A', K2: 'B', K3: 'A' });
    expect(assignBalanced(['K1', 'K2'], ['A', 'B'], { A: 2 })).toEqual({ K1: 'B', K2: 'B' });
    const archive = Array.from({ length: 10 }, (_, i) => row(i, T('10:00')));
    const { actor } = selectAndAssign(archive, afterService, ['A-01', 'A-02', 'A-03']);
    const { visits } = actor.getSnapshot().context;
    const by = (agent: string) => visits.filter((v) => v.agentId === agent);
    expect(['A-01', 'A-02', 'A-03'].map((a) => by(a).length)).toEqual([4, 3, 3]);
    expect(['A-01', 'A-02'].map((a) => by(a).filter((v) => v.member).length)).toEqual([1, 1]);
  });

  it('RV-CYCLE: names and phones stay with the visits; the cycle keeps ids once the visits are spawned', () => {
    const { actor } = startCycle({ cycleId: 'C', at: T('18:00') });
    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: afterService, archive: rows3, at: T('18:00') });
    expect(JSON.stringify(actor.getSnapshot().context)).toContain('测试客户0000'); // the compiled list, until assignment
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01'], at: T('18:05') });
    expect(JSON.stringify(actor.getSnapshot().context)).not.toMatch(/测试客户|\+86 139/);
    const visit = childOf(actor, 'C', 'K0000').getSnapshot().context as ReturnVisitContext;
    expect(visit.customer.name).toBe('测试客户0000');
    expect(visit.policy).toBe(actor.getSnapshot().context.policy); // parsed once, shared
  });

  it('RV-CYCLE: the summary report renders as Markdown in zh and en', () => {
    const { actor, clock } = selectAndAssign();
    drive(childOf(actor, 'C', 'K0000'), T('10:00', '2026-12-02'), satisfiedVisit, clock);
    drive(childOf(actor, 'C', 'K0001'), T('10:10', '2026-12-02'), [
      ...satisfiedVisit.slice(0, 3),
      { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'dissatisfied' },
      { type: 'ASPECT.RECORD', by: people.agent, aspects: ['等待时间'] },
      { type: 'CALL.END', by: people.agent },
      { type: 'RECORD.SUBMIT', by: people.agent },
    ], clock);
    drive(childOf(actor, 'C', 'K0003'), T('10:20', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }, { type: 'CUSTOMER.OPT_OUT', by: people.agent }], clock);
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', conclusions: ['缩短等待时间'], at: T('09:00', '2026-12-03') });
    const report = actor.getSnapshot().context.report!;
    expect(report.satisfaction).toEqual({ answered: 2, satisfied: 1, average: 0, dissatisfied: 1, rate: 0.5 });
    expect(report.aspects).toEqual([{ aspect: '等待时间', count: 1 }]);
    expect(report.suggestions).toEqual([{ visitId: 'C:K0000', suggestion: '希望延长营业时间' }]);
    const zh = renderReportMarkdown(report, 'zh');
    expect(zh.split('\n')[0]).toBe('# 回访总结报告 — C');
    expect(zh).toContain('| 1 | 等待时间 | 1 |');
    expect(zh).toContain('| 1 | 0 | 1 | 2 | 50.0% |');
    expect(zh).toContain('- 希望延长营业时间（C:K0000）');
    expect(zh).toContain('| 拒绝回访（免打扰） | 1 |');
    expect(zh).toContain('- 缩短等待时间');
    const en = renderReportMarkdown(report, 'en');
    expect(en).toContain('# Return-visit summary report — C');
    expect(en).toContain('- Service dates: 2026-12-01 to 2026-12-02 (exclusive)');
    expect(en).toContain('| Opted out | 1 |');
    expect(actor.getSnapshot().context.doNotCall.map((e) => e.customerId)).toEqual(['K0003']);
  });
});

describe('RV-MEMBER-100: every member is visited', () => {
  it('RV-MEMBER-100 (Asia/Shanghai): archiving is refused while a member is not reached, listing the member; a reissued visit completes the cycle', () => {
    const { actor, clock } = selectAndAssign(rows3.slice(0, 2), { ...afterService, method: 'sms' });
    drive(childOf(actor, 'C', 'K0000'), T('10:00', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }], clock);
    drive(childOf(actor, 'C', 'K0001'), T('10:00', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'SMS.REPLY', by: people.customer, satisfaction: 'satisfied' }, { type: 'RECORD.SUBMIT', by: people.agent }], clock);
    clock.set(toEpoch(T('10:00', '2026-12-03'))); // the member's SMS window ends without a reply
    expect(findCycleVisit(actor.getSnapshot().context, 'K0000')).toMatchObject({ status: 'settled', outcome: 'unreached' });
    expect(actor.getSnapshot().value).toBe('analysing');
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: T('10:30', '2026-12-03') });

    const refused = send(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('10:40', '2026-12-03') });
    expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100', details: { members: ['K0000'] } }] });
    expect(refused.accepted ? '' : refused.message.zh).toContain('K0000');

    sendOrThrow(actor, { type: 'VISIT.REISSUE', by: people.supervisor, customerId: 'K0000', row: rows3[0]!, method: 'phone', at: T('10:45', '2026-12-03') });
    expect(actor.getSnapshot().value).toBe('contacting');
    drive(childOf(actor, 'C', 'K0000', 2), T('14:00', '2026-12-03'), satisfiedVisit, clock);
    expect(findCycleVisit(actor.getSnapshot().context, 'K0000')).toMatchObject({ visitId: 'C:K0000:2', outcome: 'recorded', round: 2, previousVisitIds: ['C:K0000'] });
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: T('15:00', '2026-12-03') });
    expect(send(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('15:10', '2026-12-03') })).toEqual({ accepted: true, eventType: 'CYCLE.ARCHIVE' });
    expect(actor.getSnapshot().output!.report.members).toEqual({ total: 1, visited: 1, missing: [] });
  });

  it('RV-MEMBER-100 (Asia/Shanghai): a reissue for a customer already visited, still open, or with another customer\'s row is refused', () => {
    const { actor, clock } = selectAndAssign();
    drive(childOf(actor, 'C', 'K0001'), T('10:00', '2026-12-02'), satisfiedVisit, clock);
    const reissue = (customerId: string, r: ArchiveRow) => send(actor, { type: 'VISIT.REISSUE', by: people.supervisor, customerId, row: r, at: T('11:00', '2026-12-02') });
    expect(reissue('K0001', rows3[1]!)).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100', details: { outcome: 'recorded' } }] });
    expect(reissue('K0000', rows3[0]!)).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100', details: { visitId: 'C:K0000' } }] });
    drive(childOf(actor, 'C', 'K0000'), T('10:00', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }, { type: 'IDENTITY.WRONG_PERSON', by: people.agent }], clock);
    expect(reissue('K0000', rows3[1]!)).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100', details: { rowCustomerId: 'K0001' } }] });
    expect(reissue('K0000', { ...rows3[0]!, customer: { ...rows3[0]!.customer, phone: '+86 139 1111 2222' } })).toMatchObject({ accepted: true });
  });

  it('RV-MEMBER-100 (Asia/Shanghai): closing the contact phase early leaves the member open and overdue in the report; archiving is refused', () => {
    const { actor, clock } = selectAndAssign();
    drive(childOf(actor, 'C', 'K0001'), T('10:00', '2026-12-02'), satisfiedVisit, clock);
    drive(childOf(actor, 'C', 'K0003'), T('10:10', '2026-12-02'), satisfiedVisit, clock);
    clock.set(toEpoch(T('09:00', '2026-12-05')));
    sendOrThrow(actor, { type: 'CONTACT.CLOSE', by: people.agent, at: T('09:00', '2026-12-05') });
    const analysis = actor.getSnapshot().context.analysis!;
    expect(analysis.byOutcome).toMatchObject({ recorded: 2, open: 1 });
    expect(analysis.members.missing).toEqual(['K0000']);
    expect(analysis.overdue).toEqual({ count: 1, visitIds: ['C:K0000'] });
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: T('09:10', '2026-12-05') });
    expect(send(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('09:20', '2026-12-05') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100' }] });
    // The late visit still comes in; the report is analysed again and must be rewritten.
    drive(childOf(actor, 'C', 'K0000'), T('10:00', '2026-12-05'), satisfiedVisit, clock);
    expect(actor.getSnapshot().value).toBe('analysing');
    expect(actor.getSnapshot().context.report).toBeUndefined();
    expect(findCycleVisit(actor.getSnapshot().context, 'K0000')).toMatchObject({ outcome: 'recorded', overdue: true });
  });
});

describe('RV-OCCASION: special visits and maintenance reminders in a cycle', () => {
  it('RV-OCCASION (Asia/Shanghai): a holiday cycle without the holiday\'s date is refused; with it, the visits carry the date and wish 节日快乐', () => {
    const { actor } = startCycle({ cycleId: 'C', at: T('18:00') });
    const holiday = { ...afterService, occasion: 'holiday' as const };
    expect(send(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: holiday, archive: rows3, at: T('18:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-OCCASION', details: { missing: ['occasionDate'] } }],
    });
    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { ...holiday, occasionDate: T('00:00', '2026-12-31') }, archive: rows3, at: T('18:00') });
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01'], at: T('18:05') });
    const visit = childOf(actor, 'C', 'K0001').getSnapshot().context as ReturnVisitContext;
    expect(visit).toMatchObject({ occasion: 'holiday', occasionDate: T('00:00', '2026-12-31'), dueAt: '2027-01-02T16:00:00.000Z' });
    expect(scriptClosing(scriptParamsOf(visit), 'satisfied')).toContain('节日快乐');
    expect(findCycleVisit(actor.getSnapshot().context, 'K0001')?.dueAt).toBe('2027-01-02T16:00:00.000Z');
  });

  it('RV-OCCASION (Asia/Shanghai): maintenance reminders select customers whose last service + 6 months (policy field) falls in the window, periodically', () => {
    const window = { occasion: 'maintenance-reminder' as const, from: T('00:00', '2026-12-01'), to: T('00:00', '2027-01-01'), method: 'phone' as const };
    const archive = [
      row(0, T('10:00', '2026-06-10')), // reminder 2026-12-10
      row(1, T('10:00', '2026-06-10')),
      row(1, T('10:00', '2026-11-01')), // serviced again since: next reminder in May
      row(2, T('10:00', '2025-12-05')), // second reminder 2026-12-05
      row(3, T('10:00', '2026-09-01')), // reminder in March
    ];
    const picked = (policy = defaultPolicy) =>
      selectCustomers(archive, window, policy, [], T('18:00')).candidates.map((c) => [c.row.customer.id, c.occasionDate]);
    expect(picked()).toEqual([
      ['K0000', '2026-12-10T02:00:00.000Z'],
      ['K0002', '2026-12-05T02:00:00.000Z'],
    ]);
    expect(picked(definePolicy({ returnVisit: { maintenanceReminderMonths: 3 } })).map(([id]) => id)).toEqual(['K0000', 'K0002', 'K0003']);
    expect(maintenanceReminderIn(T('10:00', '2026-01-10'), window.from, window.to)).toBeUndefined();

    const { actor, clock } = selectAndAssign(archive, window, ['A-01']);
    const reminder = childOf(actor, 'C', 'K0002');
    expect(send(reminder, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-04') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-OCCASION' }] });
    clock.set(toEpoch(T('10:00', '2026-12-05')));
    expect(send(reminder, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-05') })).toMatchObject({ accepted: true });
  });
});

describe('persistence', () => {
  it('a cycle persisted mid-contact through JSON restores with its visits and runs to archive', () => {
    const { actor, clock } = selectAndAssign();
    drive(childOf(actor, 'C', 'K0000'), T('10:00', '2026-12-02'), satisfiedVisit, clock);
    drive(childOf(actor, 'C', 'K0001'), T('10:00', '2026-12-02'), satisfiedVisit.slice(0, 3), clock);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();

    const clock2 = new SimulatedClock();
    clock2.set(clock.now());
    const restored = createActor(returnVisitCycleMachine, { snapshot: JSON.parse(saved), input: { cycleId: 'C', at: T('18:00') }, clock: clock2 }).start();
    expect(restored.getSnapshot().value).toBe('contacting');
    expect(childOf(restored, 'C', 'K0001').getSnapshot().value).toEqual({ call: { talking: 'satisfaction' } });
    drive(childOf(restored, 'C', 'K0001'), T('10:01', '2026-12-02'), satisfiedVisit.slice(3), clock2);
    drive(childOf(restored, 'C', 'K0003'), T('10:30', '2026-12-02'), satisfiedVisit, clock2);
    expect(restored.getSnapshot().value).toBe('analysing');
    sendOrThrow(restored, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: T('09:00', '2026-12-03') });
    sendOrThrow(restored, { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('09:10', '2026-12-03') });
    expect(restored.getSnapshot().output!.report.byOutcome.recorded).toBe(3);
  });
});

describe('the charts read like the documents', () => {
  type Node = AnyStateMachine['root'];
  function undocumented(machine: AnyStateMachine): string[] {
    const missing: string[] = [];
    const walk = (node: Node) => {
      if (!node.description) missing.push(`state ${node.id}`);
      if (node !== machine.root && !(node.meta as { zh?: string } | undefined)?.zh) missing.push(`meta.zh of ${node.id}`);
      for (const [event, ts] of node.transitions) for (const t of ts) if (!t.description) missing.push(`${node.id} on ${event}`);
      for (const t of node.always ?? []) if (!t.description) missing.push(`${node.id} always`);
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(machine.root);
    return missing;
  }

  it('every state has a description and a Chinese name; every transition, delayed or eventless, has a description', () => {
    expect(undocumented(returnVisitMachine)).toEqual([]);
    expect(undocumented(returnVisitCycleMachine)).toEqual([]);
  });
});
