/**
 * Walks through every kefu machine (complaint aside: test/roles.test.ts and the complaint suite
 * cover it) that between them send every event of the default permission table, each from a role
 * the table gives it. test/roles.machines.test.ts replays each step from every other role and from
 * no one (ROLE-PERMIT refuses), then from each permitted role (applied); the property test draws
 * its events from the same walks.
 */
import { createActor, SimulatedClock, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { toEpoch } from 'kefu/time';
import type { Principal } from 'kefu';
import { callMachine } from 'kefu/machines/call';
import { campaignMachine } from 'kefu/machines/campaign';
import { chatMachine } from 'kefu/machines/chat';
import { customerDataMachine } from 'kefu/machines/customer-data';
import { emailMachine } from 'kefu/machines/email';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { monthlyAssessmentMachine } from 'kefu/machines/monthly-assessment';
import { orderMachine } from 'kefu/machines/order';
import { qualityAuditMachine } from 'kefu/machines/quality-audit';
import { returnExchangeMachine } from 'kefu/machines/return-exchange';
import { returnVisitMachine } from 'kefu/machines/return-visit';
import { returnVisitCycleMachine } from 'kefu/machines/return-visit-cycle';
import { suggestionMachine } from 'kefu/machines/suggestion';
import { walkInMachine } from 'kefu/machines/walk-in';
import { callInput, caller } from './call.js';
import { mail } from './email.js';
import { team } from './mgmt.js';
import { happyPath as orderPath, order } from './order.js';
import { baseInput as visitInput } from './return-visit.js';
import { childOf, drive, RANGE, row, satisfiedVisit } from './return-visit-cycle.js';
import { agentOf, people } from './principals.js';

/** Shanghai local time, default Tuesday 2026-12-01; `hh:mm` or `hh:mm:ss`. */
export const T = (time: string, day = '2026-12-01') => `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

/** An event of a walk: its type, fields, `at`, and the principal who sends it. */
export type WalkEvent = { readonly type: string; readonly at: string; readonly by: Principal; readonly [k: string]: unknown };

/** Something a walk does between its events that is not a step of the machine under test (a child visit's calls). */
export interface WalkAction {
  readonly note: string;
  readonly run: (actor: AnyActorRef, clock: SimulatedClock) => void;
}

export type WalkStep = WalkEvent | WalkAction;

export interface RoleWalk {
  /** What the walk goes through. */
  readonly name: string;
  readonly machine: AnyStateMachine;
  readonly input: unknown;
  /** The simulated clock starts here; it moves to each event's `at` before the event is sent. */
  readonly start: string;
  readonly steps: readonly WalkStep[];
}

export const isAction = (s: WalkStep): s is WalkAction => 'run' in s;

/** Start a walk's actor on a simulated clock set to its start (no real timer ever runs). */
export function startWalk(walk: RoleWalk): { actor: AnyActorRef; clock: SimulatedClock } {
  const clock = new SimulatedClock();
  clock.set(toEpoch(walk.start));
  const actor = createActor(walk.machine, { input: walk.input, clock } as never).start();
  return { actor, clock };
}

/** Move the clock to `at` (never back), so the machine's timers and the event agree. */
export function moveClock(clock: SimulatedClock, at: string): void {
  const ms = toEpoch(at);
  if (ms > clock.now()) clock.set(ms);
}

const D = (day: number) => `2026-12-${String(day).padStart(2, '0')}`;
const chatStart = T('10:00');
const exchangeRequest = {
  requestId: 'R-2026-0001',
  orderId: 'O-2026-0001',
  kind: 'return' as const,
  deliveredAt: T('20:00'),
  reason: '型号买错了',
  items: [{ sku: 'FILTER-01', quantity: 1, category: 'parts' }],
  channel: 'phone' as const,
};
const suggestionInput = {
  caseId: 'S-2026-0001',
  receivedAt: T('10:00'),
  channel: 'phone' as const,
  record: { customer: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '建议周末延长营业时间到晚上八点' },
};
const inquiryInput = { inquiryId: 'Q-2026-0001', receivedAt: T('09:30'), channel: 'email', record: { customer: '李女士', contact: { email: 'li@example.com' } } };
const campaignInput = { campaignId: 'CMP-1', target: { sales: 1, reached: 1 }, at: T('08:00') };
const prospects = [{ customerId: 'K1', segment: 'lapsed-members' }, { customerId: 'K2', segment: 'lapsed-members' }];
const cycleRows = [row(0, T('10:00')), row(1, T('11:00'))]; // K0000 is a member
const afterService = { occasion: 'after-service' as const, ...RANGE, method: 'phone' as const };
/** What a visit case of cycle C reports when it ends recorded (the cycle's `VISIT.OUTCOME`). */
const visitCaseOutput = (visitId: string, customerId: string, member: boolean, agentId: string, endedAt: string) =>
  ({ visitId, customerId, member, agentId, occasion: 'after-service', method: 'phone', outcome: 'recorded', satisfaction: 'satisfied', suggestion: null, durationSeconds: 80, tooLong: false, overdue: false, attempts: 1, dueAt: T('10:00', D(4)), endedAt }) as const;
const auditRecord = (agentId: string, id: string) => ({
  id,
  agentId,
  channel: 'phone',
  at: T('08:00'),
  // No greeting: one finding (`<id>:greeting`) for the feedback to answer.
  utterances: [{ by: 'agent', text: '喂?' }, { by: 'customer', text: '我想预约保养' }, { by: 'agent', text: '好的,再见!' }],
  fields: { time: T('08:00'), number: '13800138000', name: '王先生', contact: '13800138000', content: '预约保养' },
});
/** The audited agents as the host's session names them: their user id is the agent id of the records. */
const agentA1 = { id: 'A1', role: 'agent' } as const;

/** How every walk of a call begins: answered, the record started, the caller identified. */
const callOpening: readonly WalkEvent[] = [
  { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') },
  { type: 'RECORD.UPDATE', by: people.agent, fields: { content: caller.content }, at: T('10:00:30') },
  { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, contact: caller.contact, at: T('10:01') },
];

/** The walks, by the machine's key in the permission table. */
export const roleWalks: Readonly<Record<string, readonly RoleWalk[]>> = {
  call: [
    {
      name: 'answered, held, classified, answered, transferred warm and completed',
      machine: callMachine,
      input: callInput,
      start: callInput.at,
      steps: [
        ...callOpening,
        { type: 'CALL.HOLD', by: people.agent, at: T('10:01:10') },
        { type: 'CALL.RESUME', by: people.supervisor, at: T('10:01:40') },
        { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') },
        { type: 'REPLY.GIVE', by: people.agent, text: '您好,保养后请先检查机油滤清器是否安装到位。', at: T('10:03') },
        { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'repair', at: T('10:03:10') },
        { type: 'TRANSFER.ANSWERED', by: people.afterSales, agent: '技师李四', at: T('10:03:20') },
        { type: 'TRANSFER.COMPLETE', by: people.agent, at: T('10:04:10') },
      ],
    },
    {
      name: 'a cancelled transfer, a promised time, wrap-up and the callback',
      machine: callMachine,
      input: callInput,
      start: callInput.at,
      steps: [
        ...callOpening,
        { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') },
        { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'repair', at: T('10:03') },
        { type: 'TRANSFER.CANCEL', by: people.agent, at: T('10:03:05') },
        { type: 'CALL.ETA', by: people.agent, promisedBy: T('15:00'), at: T('10:04') },
        { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:05') },
        { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:06') },
        { type: 'CALLBACK.DONE', by: people.agent, at: T('14:20') },
      ],
    },
    {
      name: 'a cold transfer the department declines, then the caller hangs up',
      machine: callMachine,
      input: callInput,
      start: callInput.at,
      steps: [
        ...callOpening,
        { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') },
        { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'finance', at: T('10:03') },
        { type: 'TRANSFER.DECLINED', by: people.system, reason: '财务部会议中', at: T('10:03:10') },
        { type: 'CALL.HANGUP', by: people.system, at: T('10:03:40') },
      ],
    },
    {
      name: 'a call after hours goes to voicemail',
      machine: callMachine,
      input: { ...callInput, at: T('20:00') },
      start: T('20:00'),
      steps: [{ type: 'VOICEMAIL.LEFT', by: people.system, durationSeconds: 40, at: T('20:01') }],
    },
  ],
  campaign: [
    {
      name: 'extract, launch, call, end monitoring, the five analyses and the summary',
      machine: campaignMachine,
      input: campaignInput,
      start: T('08:00'),
      steps: [
        { type: 'LIST.EXTRACT', by: people.agent, prospects, doNotCall: [], at: T('09:00') },
        { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1', 'A2'], at: T('09:30') },
        { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K1', result: 'reached', outcome: 'sale', at: T('10:00') },
        { type: 'MONITORING.END', by: people.supervisor, at: T('18:00') },
        ...(['target', 'list-use', 'staff', 'refusals', 'lessons'] as const).map((topic, i) => ({
          type: 'ANALYSIS.RECORD',
          by: people.supervisor,
          topic,
          conclusion: `结论 ${i + 1}`,
          at: T(`09:0${i}`, D(2)),
        })),
        { type: 'SUMMARY.COMPLETE', by: people.supervisor, at: T('10:00', D(2)) },
      ],
    },
  ],
  chat: [
    {
      name: 'greeting, the customer writes, a transfer accepted, closed',
      machine: chatMachine,
      input: { chat: { chatId: 'CH-2026-0001', startedAt: chatStart, agent: 'agent-07', department: 'service' } },
      start: chatStart,
      steps: [
        { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,请问有什么可以帮助您的?', at: T('10:00:05') },
        { type: 'CUSTOMER.MESSAGE', by: people.customer, messageId: 'c1', text: '我的车什么时候保养好?', at: T('10:00:20') },
        { type: 'CHAT.TRANSFER', by: people.agent, department: 'repair', reason: '维修进度查询', at: T('10:00:30') },
        { type: 'TRANSFER.ACCEPTED', by: people.agent2, agent: 'agent-21', at: T('10:00:40') },
        { type: 'AGENT.MESSAGE', by: people.agent2, messageId: 'a2', text: '您好,预计今天下午四点完成。', at: T('10:00:50') },
        { type: 'CHAT.CLOSE', by: people.agent2, at: T('10:01:30') },
      ],
    },
    {
      name: 'a transfer declined, then the customer leaves',
      machine: chatMachine,
      input: { chat: { chatId: 'CH-2026-0002', startedAt: chatStart, agent: 'agent-07', department: 'service' } },
      start: chatStart,
      steps: [
        { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,请问有什么可以帮助您的?', at: T('10:00:05') },
        { type: 'CHAT.TRANSFER', by: people.agent, agent: 'agent-21', at: T('10:00:10') },
        { type: 'TRANSFER.DECLINED', by: people.agent2, reason: '忙', at: T('10:00:15') },
        { type: 'CUSTOMER.LEAVE', by: people.system, at: T('10:00:30') },
      ],
    },
  ],
  'customer-data': [
    {
      name: 'the team, a category manager, the day collected and filed, customers assigned, contacted, deadlines checked',
      machine: customerDataMachine,
      input: team,
      start: team.at,
      steps: [
        { type: 'AGENTS.SET', by: people.supervisor, agents: [{ agentId: 'A1', level: 1 }, { agentId: 'A2', level: 1 }, { agentId: 'A3', level: 3, categories: ['vip', 'fleet'] }], at: T('08:30') },
        { type: 'CATEGORY.OWNER_SET', by: people.supervisor, category: 'fleet', agentId: 'A3', at: T('08:40') },
        { type: 'DAY.OPEN', by: people.agent, date: D(1), at: T('09:00') },
        { type: 'RECORD.COLLECT', by: people.agent, recordId: 'R1', customerId: 'K1', agentId: 'A1', kind: 'new', at: T('09:30') },
        { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00') },
        { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'retail', at: T('16:30') },
        { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') },
        { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') },
        { type: 'CONTACT.RECORD', by: agentOf('A1'), customerId: 'K1', agentId: 'A1', method: 'phone', note: '介绍会员权益', at: T('10:00', D(2)) },
        { type: 'DEADLINES.CHECK', by: people.system, at: T('08:00', D(9)) },
      ],
    },
    {
      name: 'the supervisor assigns by hand',
      machine: customerDataMachine,
      input: team,
      start: team.at,
      steps: [
        { type: 'DAY.OPEN', by: people.agent, date: D(1), at: T('09:00') },
        { type: 'RECORD.COLLECT', by: people.agent, recordId: 'R1', customerId: 'K1', agentId: 'A1', kind: 'new', at: T('09:30') },
        { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00') },
        { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'retail', at: T('16:30') },
        { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') },
        { type: 'ASSIGNMENT.SUBMIT', by: people.supervisor, assignments: [{ customerId: 'K1', agentId: 'A2' }], at: T('17:10') },
      ],
    },
  ],
  email: [
    {
      name: 'triaged, information asked, the customer answers, replied, closed',
      machine: emailMachine,
      input: { mail },
      start: mail.receivedAt,
      steps: [
        { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', category: '发票', at: T('09:10') },
        { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的发票抬头和税号。', at: T('11:00') },
        { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', text: '抬头:某某公司', at: T('15:00') },
        { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票,请查收。', at: T('16:00') },
        { type: 'MAIL.CLOSE', by: people.supervisor, at: T('16:05') },
      ],
    },
  ],
  inquiry: [
    {
      name: 'recorded, transferred and accepted, answered, closed',
      machine: inquiryMachine,
      input: inquiryInput,
      start: T('09:30'),
      steps: [
        { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '发票抬头能否修改?' }, at: T('09:35') },
        { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'finance', reason: '发票问题', at: T('09:40') },
        { type: 'TRANSFER.ACCEPTED', by: people.afterSales, at: T('10:00') },
        { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,发票抬头可以在开票后30天内修改。', at: T('10:20') },
        { type: 'INQUIRY.CLOSE', by: people.agent, at: T('10:25') },
      ],
    },
    {
      name: 'a transfer declined, then a follow-up promised',
      machine: inquiryMachine,
      input: inquiryInput,
      start: T('09:30'),
      steps: [
        { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '会员保养套餐包含哪些项目?' }, at: T('09:35') },
        { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'sales', at: T('09:40') },
        { type: 'TRANSFER.DECLINED', by: people.agent2, reason: '套餐内容由客服部解答', at: T('09:50') },
        { type: 'FOLLOWUP.PROMISE', by: people.agent, at: T('10:00') },
      ],
    },
  ],
  order: [
    {
      name: 'filled in, checked, confirmed by the customer, confirmed, shipped, tracked to delivery',
      machine: orderMachine,
      input: { order: { orderId: order.orderId }, at: T('09:00') },
      start: T('09:00'),
      steps: [
        { type: 'ORDER.UPDATE', by: people.agent, fields: (({ orderId: _id, ...rest }) => rest)(order), at: T('09:02') },
        ...(orderPath as unknown as WalkEvent[]),
      ],
    },
    {
      name: 'the customer cancels before shipping',
      machine: orderMachine,
      input: { order },
      start: T('09:30'),
      steps: [
        { type: 'ORDER.CHECK', by: people.agent, at: T('09:35') },
        { type: 'ORDER.CANCEL', by: people.customer, reason: '改买其他型号', at: T('09:50') },
      ],
    },
  ],
  'return-exchange': [
    {
      name: 'a return: updated, answered, approved, received, inspected, refunded',
      machine: returnExchangeMachine,
      input: { request: exchangeRequest, at: T('10:00', D(4)) },
      start: T('10:00', D(4)),
      steps: [
        { type: 'REQUEST.UPDATE', by: people.agent, fields: { reason: '型号买错了,需要小一号' }, at: T('10:05', D(4)) },
        { type: 'REPLY.SEND', by: people.agent, text: '您好,已收到您的退货申请,我们会尽快审核。', at: T('10:10', D(4)) },
        { type: 'REQUEST.APPROVE', by: people.afterSales, at: T('10:30', D(4)) },
        { type: 'ITEM.RECEIVE', by: people.afterSales, at: T('14:00', D(7)) },
        { type: 'INSPECTION.RECORD', by: people.afterSales, inspection: { passed: true, notes: '包装完好,未使用', inspector: 'QC-07' }, at: T('15:00', D(7)) },
        { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-REF-1', at: T('16:00', D(7)) },
        { type: 'REFUND.COMPLETE', by: people.system, at: T('10:00', D(9)) },
      ],
    },
    {
      name: 'an exchange: approved, received, inspected, the replacement shipped and tracked',
      machine: returnExchangeMachine,
      input: { request: { ...exchangeRequest, kind: 'exchange' }, at: T('10:00', D(4)) },
      start: T('10:00', D(4)),
      steps: [
        { type: 'REQUEST.APPROVE', by: people.afterSales, at: T('10:30', D(4)) },
        { type: 'ITEM.RECEIVE', by: people.afterSales, at: T('14:00', D(7)) },
        { type: 'INSPECTION.RECORD', by: people.afterSales, inspection: { passed: true }, at: T('15:00', D(7)) },
        { type: 'REPLACEMENT.SHIP', by: people.afterSales, carrier: '顺丰速运', trackingNumber: 'SF9876543210', at: T('10:00', D(8)) },
        { type: 'TRACKING.UPDATE', by: people.system, status: 'delivered', at: T('11:00', D(9)) },
      ],
    },
    {
      name: 'a late request declined',
      machine: returnExchangeMachine,
      input: { request: exchangeRequest, at: T('10:00', D(10)) },
      start: T('10:00', D(10)),
      steps: [{ type: 'REQUEST.DECLINE', by: people.afterSales, reply: '非常抱歉,已超过7天退换期限,我们可以为您安排付费维修。', at: T('10:05', D(10)) }],
    },
    {
      name: 'the customer withdraws',
      machine: returnExchangeMachine,
      input: { request: exchangeRequest, at: T('10:00', D(4)) },
      start: T('10:00', D(4)),
      steps: [
        { type: 'REQUEST.APPROVE', by: people.afterSales, at: T('10:30', D(4)) },
        { type: 'REQUEST.WITHDRAW', by: people.customer, at: T('09:00', D(5)) },
      ],
    },
  ],
  'return-visit': [
    {
      name: 'a busy customer books a time; the call at that time, recorded and submitted',
      machine: returnVisitMachine,
      input: visitInput,
      start: visitInput.at!,
      steps: [
        { type: 'VISIT.START', by: people.agent, at: T('10:30', D(2)) },
        { type: 'CALL.ANSWER', by: people.system, at: T('10:30:10', D(2)) },
        { type: 'CALLBACK.BOOK', by: people.agent, callbackAt: T('15:00', D(2)), at: T('10:30:30', D(2)) },
        { type: 'VISIT.START', by: people.agent, at: T('15:00', D(2)) },
        { type: 'CALL.ANSWER', by: people.agent, at: T('15:00:10', D(2)) },
        { type: 'IDENTITY.CONFIRM', by: people.agent, at: T('15:00:20', D(2)) },
        { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'dissatisfied', at: T('15:00:40', D(2)) },
        { type: 'ASPECT.RECORD', by: people.agent, aspects: ['等待时间'], at: T('15:01', D(2)) },
        { type: 'CALL.END', by: people.agent, at: T('15:01:20', D(2)) },
        { type: 'RECORD.UPDATE', by: people.agent, fields: { aspects: ['等待时间', '价格'] }, at: T('15:02', D(2)) },
        { type: 'RECORD.SUBMIT', by: people.supervisor, at: T('15:03', D(2)) },
      ],
    },
    {
      name: 'no answer, busy, a dropped call, a satisfied answer with a suggestion',
      machine: returnVisitMachine,
      input: { ...visitInput, customer: { ...visitInput.customer, member: false } },
      start: visitInput.at!,
      steps: [
        { type: 'VISIT.START', by: people.agent, at: T('10:30', D(2)) },
        { type: 'CALL.NO_ANSWER', by: people.system, at: T('10:31', D(2)) },
        { type: 'VISIT.START', by: people.agent, at: T('14:31', D(2)) },
        { type: 'CALL.BUSY', by: people.system, at: T('14:32', D(2)) },
        { type: 'VISIT.START', by: people.agent, at: T('09:00', D(3)) },
        { type: 'CALL.ANSWER', by: people.agent, at: T('09:00:10', D(3)) },
        { type: 'IDENTITY.CONFIRM', by: people.agent, at: T('09:00:20', D(3)) },
        { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied', at: T('09:00:40', D(3)) },
        { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: '希望周末也能预约', at: T('09:01', D(3)) },
        { type: 'CALL.DROPPED', by: people.system, at: T('09:01:10', D(3)) },
      ],
    },
    {
      name: 'the wrong person answers',
      machine: returnVisitMachine,
      input: visitInput,
      start: visitInput.at!,
      steps: [
        { type: 'VISIT.START', by: people.agent, at: T('10:30', D(2)) },
        { type: 'CALL.ANSWER', by: people.agent, at: T('10:30:10', D(2)) },
        { type: 'IDENTITY.WRONG_PERSON', by: people.agent, at: T('10:30:20', D(2)) },
      ],
    },
    {
      name: 'the customer opts out',
      machine: returnVisitMachine,
      input: visitInput,
      start: visitInput.at!,
      steps: [
        { type: 'VISIT.START', by: people.agent, at: T('10:30', D(2)) },
        { type: 'CALL.ANSWER', by: people.agent, at: T('10:30:10', D(2)) },
        { type: 'IDENTITY.CONFIRM', by: people.agent, at: T('10:30:20', D(2)) },
        { type: 'CUSTOMER.OPT_OUT', by: people.customer, at: T('10:30:30', D(2)) },
      ],
    },
    {
      name: 'by SMS: the customer replies',
      machine: returnVisitMachine,
      input: { ...visitInput, method: 'sms' },
      start: visitInput.at!,
      steps: [
        { type: 'VISIT.START', by: people.agent, at: T('10:30', D(2)) },
        { type: 'SMS.REPLY', by: people.customer, satisfaction: 'satisfied', text: '很好', at: T('11:00', D(2)) },
        { type: 'RECORD.SUBMIT', by: people.agent, at: T('11:05', D(2)) },
      ],
    },
    {
      name: 'called off',
      machine: returnVisitMachine,
      input: visitInput,
      start: visitInput.at!,
      steps: [{ type: 'VISIT.CANCEL', by: people.agent, reason: '客户已到店当面反馈', at: T('10:20') }],
    },
  ],
  'return-visit-cycle': [
    {
      name: 'select, assign, the member not reached by SMS, report, the member reissued, report again, archive',
      machine: returnVisitCycleMachine,
      input: { cycleId: 'C', at: T('18:00') },
      start: T('18:00'),
      steps: [
        { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { ...afterService, method: 'sms' }, archive: cycleRows, at: T('18:00') },
        { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: T('18:05') },
        {
          note: 'the visits go out by SMS; only K0001 replies, and the member K0000\'s reply window ends',
          run: (actor, clock) => {
            drive(childOf(actor, 'C', 'K0000'), T('10:00', D(2)), [{ type: 'VISIT.START', by: people.agent }], clock);
            drive(childOf(actor, 'C', 'K0001'), T('10:00', D(2)), [{ type: 'VISIT.START', by: people.agent }, { type: 'SMS.REPLY', by: people.customer, satisfaction: 'satisfied' }, { type: 'RECORD.SUBMIT', by: people.agent }], clock);
            moveClock(clock, T('10:00', D(3)));
          },
        },
        { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', at: T('10:30', D(3)) },
        { type: 'VISIT.REISSUE', by: people.supervisor, customerId: 'K0000', row: cycleRows[0]!, method: 'phone', at: T('10:45', D(3)) },
        {
          note: 'the reissued visit is made by phone',
          run: (actor, clock) => drive(childOf(actor, 'C', 'K0000', 2), T('14:00', D(3)), satisfiedVisit, clock),
        },
        { type: 'REPORT.WRITE', by: people.supervisor, author: '主管张三', conclusions: ['继续保持'], at: T('15:00', D(3)) },
        { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('15:10', D(3)) },
      ],
    },
    {
      name: 'visits as cases: select, assign, a visit case reports its outcome, another could not be opened and is reissued, report, archive',
      machine: returnVisitCycleMachine,
      input: { cycleId: 'C', at: T('18:00'), visitsAs: 'cases' },
      start: T('18:00'),
      steps: [
        { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: afterService, archive: cycleRows, at: T('18:00') },
        { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: T('18:05') },
        { type: 'VISIT.OUTCOME', by: people.system, output: visitCaseOutput('C:K0000', 'K0000', true, 'A-01', T('10:02', D(2))), at: T('10:03', D(2)) },
        { type: 'VISIT.FAILED', by: people.system, visitId: 'C:K0001', customerId: 'K0001', reason: 'KEFU_CASE_EXISTS', at: T('10:04', D(2)) },
        { type: 'VISIT.REISSUE', by: people.supervisor, customerId: 'K0001', row: cycleRows[1]!, at: T('10:10', D(2)) },
        { type: 'VISIT.OUTCOME', by: people.system, output: visitCaseOutput('C:K0001:2', 'K0001', false, 'A-02', T('10:12', D(2))), at: T('10:13', D(2)) },
        { type: 'REPORT.WRITE', by: people.supervisor, author: '主管张三', at: T('15:00', D(2)) },
        { type: 'CYCLE.ARCHIVE', by: people.agent, at: T('15:10', D(2)) },
      ],
    },
    {
      name: 'the contact phase closed early',
      machine: returnVisitCycleMachine,
      input: { cycleId: 'C', at: T('18:00') },
      start: T('18:00'),
      steps: [
        { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: afterService, archive: cycleRows, at: T('18:00') },
        { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: T('18:05') },
        { type: 'CONTACT.CLOSE', by: people.agent, at: T('09:00', D(5)) },
      ],
    },
  ],
  suggestion: [
    {
      name: 'updated, forwarded, adopted, progress, improved, the customer told and confirming, closed',
      machine: suggestionMachine,
      input: suggestionInput,
      start: T('10:00'),
      steps: [
        { type: 'SUGGESTION.UPDATE', by: people.agent, fields: { content: '建议周末延长营业时间到晚上八点半' }, at: T('10:20') },
        { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:30') },
        { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'adopt', plan: '十二月起周六周日营业至20:00', responder: '客服主管张三', at: T('10:00', D(2)) },
        { type: 'PROGRESS.RECORD', by: people.agent, note: '排班已调整', at: T('10:00', D(4)) },
        { type: 'IMPROVEMENT.COMPLETE', by: people.agent, description: '周末营业时间已延长至20:00', at: T('09:00', D(7)) },
        { type: 'CUSTOMER.REPLY', by: people.agent, text: '王先生您好,根据您的建议,周末营业时间已延长至晚上八点。', at: T('10:00', D(7)) },
        { type: 'CUSTOMER.CONFIRM', by: people.customer, satisfied: true, note: '很满意', at: T('10:05', D(7)) },
        { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('10:10', D(7)) },
      ],
    },
  ],
  'walk-in': [
    {
      name: 'greeted, recorded, answered, solved on the spot, finished, closed',
      machine: walkInMachine,
      input: { visitId: 'V-2026-0001', at: T('10:00') },
      start: T('10:00'),
      steps: [
        { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T('10:00:20') },
        { type: 'RECORD.UPDATE', by: people.agent, fields: { name: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '保养后发动机异响' }, at: T('10:01') },
        { type: 'REPLY.GIVE', by: people.agent, text: '您好,我们马上为您安排技师检查。', at: T('10:02') },
        { type: 'VISIT.SOLVE', by: people.agent, solution: '异响来自未装紧的护板,已当场紧固,请您试车。', satisfied: true, at: T('10:03') },
        { type: 'VISIT.FINISH', by: people.agent, at: T('10:04') },
        { type: 'VISIT.CLOSE', by: people.agent, at: T('10:05') },
      ],
    },
    {
      name: 'classified and handed to its process',
      machine: walkInMachine,
      input: { visitId: 'V-2026-0002', at: T('10:00') },
      start: T('10:00'),
      steps: [
        { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T('10:00:20') },
        { type: 'RECORD.UPDATE', by: people.agent, fields: { name: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '会员保养套餐包含哪些项目?' }, at: T('10:01') },
        { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') },
      ],
    },
    {
      name: 'the customer leaves',
      machine: walkInMachine,
      input: { visitId: 'V-2026-0003', at: T('10:00') },
      start: T('10:00'),
      steps: [{ type: 'VISIT.LEAVE', by: people.customer, at: T('10:03') }],
    },
  ],
  'quality-audit': [
    {
      name: 'sampled, scored, feedback recorded and sent, acknowledged by the audited agent, training, closed',
      machine: qualityAuditMachine,
      input: { auditId: 'QA-2026-12', auditor: 'QA-1', at: T('09:00') },
      start: T('09:00'),
      steps: [
        { type: 'SAMPLE.DRAW', by: people.quality, population: [{ id: 'S1', agentId: 'A1' }], seed: 'QA-2026-12', at: T('09:10') },
        { type: 'RECORD.SCORE', by: people.quality, record: auditRecord('A1', 'S1'), at: T('10:00') },
        { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') },
        { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S1:greeting', action: 'training', note: '问候语培训', at: T('13:00') },
        { type: 'FEEDBACK.SEND', by: people.quality, at: T('13:30') },
        { type: 'FEEDBACK.ACKNOWLEDGE', by: agentA1, agentId: 'A1', comment: '已知悉', at: T('14:00') },
        { type: 'TRAINING.RECORD', by: people.supervisor, agentId: 'A1', note: '问候规范培训已完成', at: T('16:00') },
        { type: 'AUDIT.CLOSE', by: people.quality, at: T('17:00') },
      ],
    },
  ],
  'monthly-assessment': [
    {
      name: 'drafted, shared, objected to by the agent, redrafted, acknowledged, published',
      machine: monthlyAssessmentMachine,
      input: { assessmentId: 'PA-2026-11', month: '2026-11', supervisor: 'SUP-1', at: T('09:00') },
      start: T('09:00'),
      steps: [
        { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: [{ id: 'N1', agentId: 'A1', kind: 'call', at: T('10:00', '2026-11-16'), outcome: 'resolved' }], at: T('10:00') },
        { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') },
        { type: 'ASSESSMENT.OBJECT', by: agentA1, agentId: 'A1', reason: 'N1 已于11月16日当场解决', at: T('11:00') },
        { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: [{ id: 'N1', agentId: 'A1', kind: 'call', at: T('10:00', '2026-11-16'), outcome: 'resolved' }], note: '已核实,N1 按当场解决计', at: T('14:00') },
        { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('14:30') },
        { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentA1, agentId: 'A1', at: T('15:00') },
        { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('17:00') },
      ],
    },
  ],
};
