// The examples of docs/return-visit.md, run as written (stubs stand in for the host's systems).
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { addToDoNotCall, send, sendOrThrow } from 'kefu';
import { returnVisitMachine, scriptLine } from 'kefu/machines/return-visit';
import { returnVisitCycleMachine, renderReportMarkdown, type ArchiveRow } from 'kefu/machines/return-visit-cycle';
import { people } from './support/principals.js';

const telephony = { calls: [] as string[], call(phone: string) { this.calls.push(phone); } };
const crm = { complaints: [] as string[], openComplaint(visitId: string) { this.complaints.push(visitId); } };

describe('docs/return-visit.md examples', () => {
  it('one visit (Asia/Shanghai)', () => {
    const clock = new SimulatedClock(); // docs: omitted; tests never run real timers
    // --- docs example: one visit ---
    const visit = createActor(
      returnVisitMachine.provide({
        actions: {
          dial: (_, { phone }) => telephony.call(phone),
          openComplaint: (_, { visitId }) => crm.openComplaint(visitId),
        },
      }),
      {
        input: {
          visitId: 'V-1',
          customer: { id: 'K-1001', name: '王', salutation: 'mr', phone: '+86 138 0013 8000', member: true, timeZone: 'Asia/Shanghai' },
          service: { item: '常规保养', completedAt: '2026-12-01T10:00:00+08:00' },
          agentId: 'A-07',
          method: 'phone',
          occasion: 'after-service',
        },
        clock,
      },
    ).start();

    const refused = send(visit, { type: 'VISIT.START', by: people.agent, at: '2026-12-02T12:30:00+08:00' });
    // refused.accepted === false, refused.violations[0].rule === 'RV-QUIET',
    // refused.violations[0].details.nextAllowedAt === '2026-12-02T06:00:00.000Z' (14:00 in Shanghai)

    sendOrThrow(visit, { type: 'VISIT.START', by: people.agent, at: '2026-12-02T14:00:00+08:00' });
    sendOrThrow(visit, { type: 'CALL.ANSWER', by: people.agent, at: '2026-12-02T14:00:10+08:00' });
    scriptLine(visit.getSnapshot().context); // '您好我是皇家卫士的客服代表，请问您是王先生吗？打扰您了。'
    sendOrThrow(visit, { type: 'IDENTITY.CONFIRM', by: people.agent, at: '2026-12-02T14:00:20+08:00' });
    sendOrThrow(visit, { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'dissatisfied', at: '2026-12-02T14:00:40+08:00' });
    sendOrThrow(visit, { type: 'ASPECT.RECORD', by: people.agent, aspects: ['等待时间'], at: '2026-12-02T14:01:30+08:00' });
    sendOrThrow(visit, { type: 'CALL.END', by: people.agent, at: '2026-12-02T14:02:00+08:00' });
    sendOrThrow(visit, { type: 'RECORD.SUBMIT', by: people.agent, at: '2026-12-02T14:03:00+08:00' }); // crm.openComplaint('V-1')
    // --- end ---

    expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET', details: { nextAllowedAt: '2026-12-02T06:00:00.000Z' } }] });
    expect(telephony.calls).toEqual(['+86 138 0013 8000']);
    expect(crm.complaints).toEqual(['V-1']);
    expect(visit.getSnapshot().output).toMatchObject({ outcome: 'recorded', satisfaction: 'dissatisfied', durationSeconds: 110 });
  });

  it('a cycle (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    clock.set(Date.parse('2026-12-01T18:00:00+08:00'));
    const archiveRows: ArchiveRow[] = [
      { customer: { id: 'K-1', name: '王', salutation: 'mr', phone: '+86 138 0000 0001', member: true, timeZone: 'Asia/Shanghai' }, service: { item: '常规保养', completedAt: '2026-12-01T10:00:00+08:00' } },
      { customer: { id: 'K-2', name: '李', salutation: 'ms', phone: '+86 138 0000 0002', member: false, timeZone: 'Asia/Shanghai' }, service: { item: '更换轮胎', completedAt: '2026-12-01T11:00:00+08:00' } },
    ];
    const savedList = addToDoNotCall([], 'K-9', '2026-10-01T10:00:00+08:00');
    // --- docs example: a cycle ---
    const cycle = createActor(returnVisitCycleMachine, { input: { cycleId: 'C-2026-12', at: '2026-12-01T18:00:00+08:00', doNotCall: savedList }, clock }).start();
    sendOrThrow(cycle, {
      type: 'CUSTOMERS.SELECT', by: people.agent,
      criteria: { occasion: 'after-service', from: '2026-12-01T00:00:00+08:00', to: '2026-12-02T00:00:00+08:00', method: 'phone' },
      archive: archiveRows,
      at: '2026-12-01T18:00:00+08:00',
    });
    sendOrThrow(cycle, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: '2026-12-01T18:05:00+08:00' });

    // Each visit is a child actor, driven like a single visit:
    const visitOfWang = cycle.getSnapshot().children['C-2026-12:K-1']!;
    sendOrThrow(visitOfWang, { type: 'VISIT.START', by: people.agent, at: '2026-12-02T10:00:00+08:00' });
    // ... and so on for every visit until each is recorded or settled

    // The cycle moves to analysing when every visit has ended; then:
    // sendOrThrow(cycle, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: ... });
    // sendOrThrow(cycle, { type: 'CYCLE.ARCHIVE', by: people.agent, at: ... }); // refused (RV-MEMBER-100) while a member is missing
    // renderReportMarkdown(cycle.getSnapshot().output!.report, 'zh');
    // --- end ---
    expect(visitOfWang.getSnapshot().value).toEqual({ call: 'dialing' });
    const ref = cycle.getSnapshot().children['C-2026-12:K-2']!;
    for (const [type, at] of [['VISIT.START', '10:10:00'], ['CALL.ANSWER', '10:10:10'], ['IDENTITY.CONFIRM', '10:10:20']] as const) sendOrThrow(ref, { type, by: people.agent, at: `2026-12-02T${at}+08:00` });
    sendOrThrow(ref, { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied', at: '2026-12-02T10:10:30+08:00' });
    sendOrThrow(ref, { type: 'SUGGESTION.RECORD', by: people.agent, at: '2026-12-02T10:10:40+08:00' });
    sendOrThrow(ref, { type: 'CALL.END', by: people.agent, at: '2026-12-02T10:10:50+08:00' });
    sendOrThrow(ref, { type: 'RECORD.SUBMIT', by: people.agent, at: '2026-12-02T10:11:00+08:00' });
    sendOrThrow(cycle, { type: 'CONTACT.CLOSE', by: people.agent, at: '2026-12-02T18:00:00+08:00' });
    sendOrThrow(cycle, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: '2026-12-02T18:10:00+08:00' });
    expect(send(cycle, { type: 'CYCLE.ARCHIVE', by: people.agent, at: '2026-12-02T18:20:00+08:00' })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-MEMBER-100', details: { members: ['K-1'] } }] });
    expect(renderReportMarkdown(cycle.getSnapshot().context.report!, 'zh')).toContain('未完成：K-1');
  });
});
