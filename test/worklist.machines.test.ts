import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machinesIn } from '../src/catalog/index.js';
import { worklistFields } from '../src/runtime/worklist.js';
import { definePolicy, sendOrThrow } from 'kefu';
import { defineMachine, type WorklistFields } from 'kefu/runtime';
import { callMachine } from 'kefu/machines/call';
import { chatMachine } from 'kefu/machines/chat';
import { emailMachine } from 'kefu/machines/email';
import { orderMachine } from 'kefu/machines/order';
import { returnExchangeMachine } from 'kefu/machines/return-exchange';
import { walkInMachine } from 'kefu/machines/walk-in';
import { complaintMachine } from 'kefu/machines/complaint';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { suggestionMachine } from 'kefu/machines/suggestion';
import { customerDataMachine } from 'kefu/machines/customer-data';
import { campaignMachine } from 'kefu/machines/campaign';
import { qualityAuditMachine } from 'kefu/machines/quality-audit';
import { monthlyAssessmentMachine } from 'kefu/machines/monthly-assessment';
import { returnVisitCycleMachine } from 'kefu/machines/return-visit-cycle';
import { callInput, toHandling, T as callT } from './support/call.js';
import { startChat, SECOND } from './support/chat.js';
import { startEmail, T as mailT } from './support/email.js';
import { advance, startOrder, step as orderStep } from './support/order.js';
import { agentOf, people } from './support/principals.js';
import { form as complaintForm, happyPath } from './support/complaint.js';
import { collectAndFile, startCustomerData, T as teamT } from './support/mgmt.js';
import { RANGE, row, startCycle } from './support/return-visit-cycle.js';

/** The projection kefu registered with a machine, as the runtime applies it (a final state's role and due time cleared). */
function project(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): WorklistFields {
  const worklist = defineMachine(machine).worklist;
  expect(worklist, `${machine.id} declares a worklist projection`).toBeDefined();
  return worklistFields(worklist, snapshot);
}

describe("kefu's machines project their worklist fields (the runtime stores them with every write)", () => {
  it('complaint: held by the agent who registered it (受理), nobody before; not the handling department or the person responsible (责任人)', () => {
    const actor = createActor(complaintMachine, { input: { form: complaintForm } }).start();
    expect(project(complaintMachine, actor.getSnapshot())).toMatchObject({ assignee: null, role: 'agent', member: complaintForm.member });
    const registered = { ...happyPath[0]!, by: people.agent2 };
    sendOrThrow(actor, registered);
    expect(project(complaintMachine, actor.getSnapshot())).toMatchObject({ assignee: people.agent2.id });
    for (const e of happyPath.slice(1, 3)) sendOrThrow(actor, e);
    const investigation = actor.getSnapshot().context.investigation!;
    expect(investigation.handler).toBe('repair');
    const fields = project(complaintMachine, actor.getSnapshot());
    expect(fields.assignee).toBe(people.agent2.id);
    expect([investigation.handler, investigation.responsiblePerson]).not.toContain(fields.assignee);
  });

  it('email: a tier (会员等级) makes a member with priority 1; due at the MAIL-24H due time while a reply is owed, none once replied', () => {
    const policy = definePolicy({ email: { tiers: { member: { replyWithinHours: 8 } } } });
    const member = startEmail({ policy, mail: { tier: 'member' } });
    let fields = project(emailMachine, member.getSnapshot());
    expect(fields).toMatchObject({ member: true, priority: 1, role: 'agent', assignee: null, nextDueAt: member.getSnapshot().context.sla!.dueAt });
    const plain = startEmail();
    expect(project(emailMachine, plain.getSnapshot())).toMatchObject({ member: false, priority: 0 });
    sendOrThrow(member, { type: 'MAIL.TRIAGE', by: people.agent, agent: 'agent-zhou', category: '发票', at: mailT('09:10') });
    sendOrThrow(member, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票,请查收。', at: mailT('10:00') });
    fields = project(emailMachine, member.getSnapshot());
    expect(fields).toMatchObject({ assignee: 'agent-zhou', nextDueAt: null });
  });

  it('chat: held by its agent, due when the owed response runs out (CHAT-LIVE), none once answered', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, { type: 'CUSTOMER.MESSAGE', by: people.customer, messageId: 'c1', text: '我的车什么时候保养好?', at: to(5 * SECOND) });
    const owed = actor.getSnapshot().context.owed!;
    expect(project(chatMachine, actor.getSnapshot())).toMatchObject({ assignee: 'agent-07', role: 'agent', nextDueAt: owed.clock.dueAt, priority: 0 });
    sendOrThrow(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,预计今天下午四点完成。', at: to(20 * SECOND) });
    expect(project(chatMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: null });
  });

  it('call: due when a callback is owed (a declined transfer falling back to a callback), none while the call is live', () => {
    const actor = createActor(callMachine, { input: callInput }).start();
    toHandling(actor);
    expect(project(callMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: null });
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'finance', onFailure: 'callback', at: callT('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '财务部会议中', at: callT('10:03:10') });
    expect(project(callMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: '2026-12-01T08:03:10.000Z' });
  });

  it('order: due to ship once confirmed, then at the next tracking update; nothing once delivered', () => {
    const actor = startOrder();
    advance(actor, orderStep('ORDER.SHIP'));
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: actor.getSnapshot().context.deadlines.ship });
    advance(actor, orderStep('ORDER.SHIP') + 1, orderStep('ORDER.SHIP'));
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: actor.getSnapshot().context.deadlines.tracking });
    advance(actor, undefined, orderStep('ORDER.SHIP') + 1);
    expect(actor.getSnapshot().status).toBe('done');
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ role: null, nextDueAt: null });
  });

  it("return-exchange: in the after-sales specialist's queue (售后服务专员) until it ends", () => {
    const actor = createActor(returnExchangeMachine, {
      input: {
        request: { requestId: 'R-1', orderId: 'O-1', kind: 'return', deliveredAt: '2026-12-01T20:00:00+08:00', reason: '型号买错了', items: [{ sku: 'FILTER-01', quantity: 1, category: 'parts' }], channel: 'phone' },
        at: '2026-12-04T10:00:00+08:00',
      },
    }).start();
    expect(project(returnExchangeMachine, actor.getSnapshot())).toMatchObject({ role: 'afterSales', nextDueAt: null });
    sendOrThrow(actor, { type: 'REQUEST.WITHDRAW', by: people.customer, at: '2026-12-04T10:10:00+08:00' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(project(returnExchangeMachine, actor.getSnapshot())).toMatchObject({ role: null });
  });

  it('walk-in: due at the greeting due time until the customer is greeted (主动服务), then held by the greeting agent', () => {
    const actor = createActor(walkInMachine, { input: { visitId: 'V-1', at: '2026-12-01T10:00:00+08:00' } }).start();
    expect(project(walkInMachine, actor.getSnapshot())).toMatchObject({ assignee: null, nextDueAt: actor.getSnapshot().context.greetDueAt });
    sendOrThrow(actor, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: '2026-12-01T10:00:20+08:00' });
    expect(project(walkInMachine, actor.getSnapshot())).toMatchObject({ assignee: '客服小周', nextDueAt: null });
  });

  const at = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

  it('inquiry: in the agents\' queue; due at the follow-up promised (CALL-ETA) while one is owed, none once answered; held by nobody', () => {
    const actor = createActor(inquiryMachine, { input: { inquiryId: 'Q-1', receivedAt: at('09:30'), channel: 'phone', record: { customer: '李女士', contact: { phone: '+86 138 0013 8000' } } } }).start();
    expect(project(inquiryMachine, actor.getSnapshot())).toEqual({ assignee: null, role: 'agent', nextDueAt: null, priority: 0, member: null });
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '会员保养套餐包含哪些项目?' }, at: at('09:35') });
    sendOrThrow(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, promisedBy: at('13:00'), at: at('10:00') });
    expect(project(inquiryMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: at('13:00') });
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,会员保养套餐包含机油、机滤更换和二十项安全检查。', at: at('11:00') });
    expect(project(inquiryMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: null });
    sendOrThrow(actor, { type: 'INQUIRY.CLOSE', by: people.agent, at: at('11:05') });
    expect(project(inquiryMachine, actor.getSnapshot())).toMatchObject({ role: null, nextDueAt: null });
  });

  it('suggestion: due at the department\'s answer while forwarded, then at the improvement expected (SUGGEST-LOOP); no due time once improved', () => {
    const actor = createActor(suggestionMachine, {
      input: { caseId: 'S-1', receivedAt: at('10:00'), channel: 'phone', record: { customer: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '建议周末延长营业时间到晚上八点' } },
    }).start();
    expect(project(suggestionMachine, actor.getSnapshot())).toEqual({ assignee: null, role: 'agent', nextDueAt: null, priority: 0, member: null });
    sendOrThrow(actor, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', respondBy: at('10:00', '2026-12-03'), at: at('10:30') });
    expect(project(suggestionMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: at('10:00', '2026-12-03') });
    sendOrThrow(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'adopt', plan: '十二月起周六周日营业至20:00', expectedBy: at('18:00', '2026-12-10'), at: at('10:00', '2026-12-02') });
    expect(project(suggestionMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: at('18:00', '2026-12-10') });
    sendOrThrow(actor, { type: 'IMPROVEMENT.COMPLETE', by: people.agent, description: '周末营业时间已延长至20:00', at: at('09:00', '2026-12-07') });
    expect(project(suggestionMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: null });
  });

  it('customer data: the supervisor\'s queue while the day\'s records are filed and new customers assigned (DATA-DAILY, DATA-ASSIGN), the agents\' otherwise; due at its earliest timer', () => {
    const actor = startCustomerData();
    const fields = project(customerDataMachine, actor.getSnapshot());
    expect(fields).toEqual({ assignee: null, role: 'agent', priority: 0, member: null });
    expect('nextDueAt' in fields).toBe(false); // the runtime takes the earliest pending timer
    collectAndFile(actor, 2);
    expect(project(customerDataMachine, actor.getSnapshot())).toMatchObject({ role: 'supervisor' });
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: teamT('17:00') });
    expect(actor.getSnapshot().value).toEqual({ daily: 'processing', contacts: 'tracking' });
    expect(project(customerDataMachine, actor.getSnapshot())).toMatchObject({ role: 'supervisor' });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: teamT('17:10') });
    expect(project(customerDataMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', priority: 0 });
  });

  it('campaign: the agents\' queue while the list is extracted, the supervisor\'s while monitored and summarized (CAMPAIGN); no due time', () => {
    const actor = createActor(campaignMachine, { input: { campaignId: 'CMP-1', target: { sales: 4 }, at: at('08:00') } }).start();
    expect(project(campaignMachine, actor.getSnapshot())).toEqual({ assignee: null, role: 'agent', nextDueAt: null, priority: 0, member: null });
    sendOrThrow(actor, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K1' }, { customerId: 'K2' }], at: at('09:00') });
    sendOrThrow(actor, { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1'], at: at('09:30') });
    expect(actor.getSnapshot().value).toBe('monitoring');
    expect(project(campaignMachine, actor.getSnapshot())).toMatchObject({ role: 'supervisor' });
  });

  it('quality audit: held by its auditor in the quality specialists\' queue, the agents\' while they acknowledge (QA-AUDIT)', () => {
    const actor = createActor(qualityAuditMachine, { input: { auditId: 'QA-1', auditor: 'QA-7', at: at('09:00') } }).start();
    expect(project(qualityAuditMachine, actor.getSnapshot())).toEqual({ assignee: 'QA-7', role: 'quality', nextDueAt: null, priority: 0, member: null });
    const good = ['您好,欢迎来电,请问有什么可以帮助您的?', '好的,已为您预约,再见!'];
    const record = {
      id: 'S1', agentId: 'A1', channel: 'phone' as const, at: at('09:00'),
      utterances: [{ by: 'agent' as const, text: good[0]! }, { by: 'customer' as const, text: '我想预约保养' }, { by: 'agent' as const, text: good[1]! }],
      fields: { time: at('09:00'), number: '13800138000', name: '王先生', contact: '13800138000', content: '预约保养' },
    };
    sendOrThrow(actor, { type: 'SAMPLE.DRAW', by: people.quality, population: [{ id: 'S1', agentId: 'A1' }], seed: 'QA-1', size: 1, at: at('09:10') });
    sendOrThrow(actor, { type: 'RECORD.SCORE', by: people.quality, record, at: at('10:00') });
    sendOrThrow(actor, { type: 'SCORING.COMPLETE', by: people.quality, at: at('11:00') });
    sendOrThrow(actor, { type: 'FEEDBACK.SEND', by: people.quality, at: at('13:30') });
    expect(actor.getSnapshot().value).toBe('acknowledging');
    expect(project(qualityAuditMachine, actor.getSnapshot())).toMatchObject({ assignee: 'QA-7', role: 'agent' });
    sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: at('14:00') });
    expect(project(qualityAuditMachine, actor.getSnapshot())).toMatchObject({ role: 'quality' });
  });

  it('monthly assessment: held by its supervisor; the agents\' queue while some have to acknowledge, the supervisor\'s to publish (STAFF-SUMMARY)', () => {
    const actor = createActor(monthlyAssessmentMachine, { input: { assessmentId: 'PA-1', month: '2026-11', supervisor: 'SUP-1', at: at('09:00') } }).start();
    expect(project(monthlyAssessmentMachine, actor.getSnapshot())).toEqual({ assignee: 'SUP-1', role: 'supervisor', nextDueAt: null, priority: 0, member: null });
    const records = ['A1', 'A2'].map((agentId, i) => ({ id: `N${i}`, agentId, kind: 'call' as const, at: at('10:00', '2026-11-16'), outcome: 'resolved' as const }));
    sendOrThrow(actor, { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records, qualityScores: { A1: 90, A2: 80 }, at: at('10:00') });
    sendOrThrow(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: at('10:30') });
    expect(project(monthlyAssessmentMachine, actor.getSnapshot())).toMatchObject({ role: 'agent' });
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: at('14:00') });
    expect(project(monthlyAssessmentMachine, actor.getSnapshot())).toMatchObject({ role: 'agent' });
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', at: at('14:05') });
    expect(project(monthlyAssessmentMachine, actor.getSnapshot())).toMatchObject({ role: 'supervisor', priority: 0 });
  });

  it('return-visit cycle: nothing due before its visits are assigned (the supervisor\'s queue, RV-CYCLE), then the earliest open visit\'s RV-3DAY due time, priority = member visits open (RV-MEMBER-100)', () => {
    const { actor } = startCycle({ cycleId: 'C-1', at: at('18:00') });
    expect(project(returnVisitCycleMachine, actor.getSnapshot())).toEqual({ assignee: null, role: 'agent', nextDueAt: null, priority: 0, member: null });
    // K0000 is a member (every fifth is), K0001 is not.
    const archive = [row(0, at('10:00')), row(1, at('15:00'))];
    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive, at: at('18:00') });
    expect(project(returnVisitCycleMachine, actor.getSnapshot())).toMatchObject({ role: 'supervisor', nextDueAt: null, member: true });
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01'], at: at('18:05') });
    const visits = actor.getSnapshot().context.visits;
    const first = visits.map((v) => v.dueAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    expect(project(returnVisitCycleMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: first, priority: 1, member: true });
  });
});

describe('every kefu machine declares its worklist projection', () => {
  // Found on disk, like test/machines-named.test.ts: a new machine is covered the day its folder appears.
  const machinesDir = fileURLToPath(new URL('../machines/', import.meta.url));
  const folders = readdirSync(machinesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(machinesDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();

  it.each(folders)('machines/%s', async (folder) => {
    const found = machinesIn((await import(/* @vite-ignore */ pathToFileURL(join(machinesDir, folder, 'index.ts')).href)) as Record<string, unknown>);
    expect(found.length).toBeGreaterThan(0);
    for (const { machine } of found) expect(defineMachine(machine).worklist, `${machine.id} declares a worklist projection`).toBeTypeOf('function');
  });
});
