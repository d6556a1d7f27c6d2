/**
 * One small, valid walk per kefu machine, for the trust-boundary and fuzz suites: the machine,
 * an input, and events (each with its `at`) that every machine accepts in order.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import { complaintMachine } from 'kefu';
import { callMachine } from 'kefu/machines/call';
import { campaignMachine } from 'kefu/machines/campaign';
import { chatMachine } from 'kefu/machines/chat';
import { customerDataMachine } from 'kefu/machines/customer-data';
import { emailMachine } from 'kefu/machines/email';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { orderMachine } from 'kefu/machines/order';
import { returnExchangeMachine } from 'kefu/machines/return-exchange';
import { returnVisitMachine } from 'kefu/machines/return-visit';
import { returnVisitCycleMachine } from 'kefu/machines/return-visit-cycle';
import { suggestionMachine } from 'kefu/machines/suggestion';
import { walkInMachine } from 'kefu/machines/walk-in';
import { qualityAuditMachine } from 'kefu/machines/quality-audit';
import { monthlyAssessmentMachine } from 'kefu/machines/monthly-assessment';
import { callInput, caller } from './call.js';
import { form, happyPath as complaintPath } from './complaint.js';
import { mail } from './email.js';
import { team } from './mgmt.js';
import { happyPath as orderPath, order } from './order.js';
import { baseInput as visitInput } from './return-visit.js';
import { RANGE, row } from './return-visit-cycle.js';
import { agentOf, people } from './principals.js';

/** Shanghai local time, default Tuesday 2026-12-01. */
export const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`;

/** An event as sent from outside: a type, its fields and its `at`. */
export type AnyEvent = EventObject & Record<string, unknown>;

export interface TrustCase {
  readonly id: string;
  readonly machine: AnyStateMachine;
  readonly input: unknown;
  /** Valid events, in order. */
  readonly events: readonly AnyEvent[];
  /** The event to send far into the future: one the machine takes in its first state. */
  readonly first: AnyEvent;
}

export const trustCases: readonly TrustCase[] = [
  {
    id: 'complaint',
    machine: complaintMachine,
    input: { form },
    events: complaintPath,
    first: complaintPath[0]!,
  },
  {
    id: 'call',
    machine: callMachine,
    input: callInput,
    events: [
      { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') },
      { type: 'RECORD.UPDATE', by: people.agent, fields: { content: caller.content }, at: T('10:00:30') },
      { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, contact: caller.contact, at: T('10:01') },
      { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') },
    ],
    first: { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') },
  },
  {
    id: 'chat',
    machine: chatMachine,
    input: { chat: { chatId: 'CH-2026-0001', startedAt: T('10:00'), agent: 'agent-07', department: 'service' } },
    events: [
      { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,请问有什么可以帮助您的?', at: T('10:00:05') },
      { type: 'CUSTOMER.MESSAGE', by: people.customer, messageId: 'c1', text: '我的车什么时候保养好?', at: T('10:00:20') },
    ],
    first: { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,请问有什么可以帮助您的?', at: T('10:00:05') },
  },
  {
    id: 'email',
    machine: emailMachine,
    input: { mail },
    events: [
      { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', category: '发票', at: T('09:10') },
      { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票,请查收。', at: T('10:00') },
      { type: 'MAIL.CLOSE', by: people.agent, at: T('10:05') },
    ],
    first: { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', category: '发票', at: T('09:10') },
  },
  {
    id: 'inquiry',
    machine: inquiryMachine,
    input: { inquiryId: 'Q-2026-0001', receivedAt: T('09:30'), channel: 'email', record: { customer: '李女士', contact: { email: 'li@example.com' } } },
    events: [
      { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '会员保养套餐包含哪些项目?' }, at: T('09:35') },
      { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,会员保养套餐包含机油、机滤更换和二十项安全检查。', at: T('09:40') },
      { type: 'INQUIRY.CLOSE', by: people.agent, at: T('09:45') },
    ],
    first: { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '会员保养套餐包含哪些项目?' }, at: T('09:35') },
  },
  {
    id: 'order',
    machine: orderMachine,
    input: { order },
    events: orderPath,
    first: orderPath[0]!,
  },
  {
    id: 'return-exchange',
    machine: returnExchangeMachine,
    input: {
      request: {
        requestId: 'R-2026-0001',
        orderId: 'O-2026-0001',
        kind: 'return',
        deliveredAt: T('20:00'),
        reason: '型号买错了',
        items: [{ sku: 'FILTER-01', quantity: 1, category: 'parts' }],
        channel: 'phone',
      },
      at: T('10:00', '2026-12-04'),
    },
    events: [
      { type: 'REQUEST.APPROVE', by: people.afterSales, at: T('10:30', '2026-12-04') },
      { type: 'ITEM.RECEIVE', by: people.afterSales, at: T('14:00', '2026-12-07') },
      { type: 'INSPECTION.RECORD', by: people.afterSales, inspection: { passed: true, notes: '包装完好,未使用', inspector: 'QC-07' }, at: T('15:00', '2026-12-07') },
      { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-REF-1', at: T('16:00', '2026-12-07') },
      { type: 'REFUND.COMPLETE', by: people.afterSales, at: T('10:00', '2026-12-09') },
    ],
    first: { type: 'REQUEST.APPROVE', by: people.afterSales, at: T('10:30', '2026-12-04') },
  },
  {
    id: 'return-visit',
    machine: returnVisitMachine,
    input: visitInput,
    events: [
      { type: 'VISIT.START', by: people.agent, at: T('10:30', '2026-12-02') },
      { type: 'CALL.ANSWER', by: people.agent, at: T('10:30:20', '2026-12-02') },
      { type: 'IDENTITY.CONFIRM', by: people.agent, at: T('10:30:40', '2026-12-02') },
      { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied', at: T('10:31', '2026-12-02') },
      { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: '希望周末也能预约', at: T('10:31:20', '2026-12-02') },
      { type: 'CALL.END', by: people.agent, at: T('10:31:40', '2026-12-02') },
    ],
    first: { type: 'VISIT.START', by: people.agent, at: T('10:30', '2026-12-02') },
  },
  {
    id: 'suggestion',
    machine: suggestionMachine,
    input: {
      caseId: 'S-2026-0001',
      receivedAt: T('10:00'),
      channel: 'phone',
      record: { customer: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '建议周末延长营业时间到晚上八点' },
    },
    events: [
      { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:30') },
      { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'adopt', plan: '十二月起周六周日营业至20:00', responder: '客服主管张三', at: T('10:00', '2026-12-02') },
      { type: 'IMPROVEMENT.COMPLETE', by: people.agent, description: '周末营业时间已延长至20:00', at: T('09:00', '2026-12-07') },
    ],
    first: { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:30') },
  },
  {
    id: 'customer-data',
    machine: customerDataMachine,
    input: team,
    events: [
      { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') },
      { type: 'RECORD.COLLECT', by: people.agent, recordId: 'R1', customerId: 'K1', agentId: 'A1', kind: 'new', at: T('09:30') },
      { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00') },
      { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'retail', at: T('16:30') },
    ],
    first: { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') },
  },
  {
    id: 'campaign',
    machine: campaignMachine,
    input: { campaignId: 'CMP-1', target: { sales: 4, reached: 5 }, at: T('08:00') },
    events: [
      { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K1', segment: 'lapsed-members' }, { customerId: 'K2', segment: 'lapsed-members' }], doNotCall: [], at: T('09:00') },
      { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1', 'A2'], at: T('09:30') },
      { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K1', result: 'reached', outcome: 'sale', at: T('10:00') },
    ],
    first: { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K1', segment: 'lapsed-members' }], doNotCall: [], at: T('09:00') },
  },
  {
    id: 'return-visit-cycle',
    machine: returnVisitCycleMachine,
    input: { cycleId: 'C', at: T('18:00') },
    events: [
      { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive: [row(0, T('10:00')), row(1, T('11:00'))], at: T('18:00') },
      { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: T('18:05') },
    ],
    first: { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive: [row(0, T('10:00'))], at: T('18:00') },
  },
  {
    id: 'walk-in',
    machine: walkInMachine,
    input: { visitId: 'V-2026-0001', at: T('10:00') },
    events: [
      { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T('10:00:20') },
      { type: 'RECORD.UPDATE', by: people.agent, fields: { name: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '保养后发动机异响' }, at: T('10:01') },
    ],
    first: { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T('10:00:20') },
  },
  {
    id: 'quality-audit',
    machine: qualityAuditMachine,
    input: { auditId: 'QA-2026-12', auditor: 'QA-1', at: T('09:00') },
    events: [
      { type: 'SAMPLE.DRAW', by: people.quality, population: [{ id: 'S1', agentId: 'A1' }], seed: 'QA-2026-12', at: T('09:10') },
      {
        type: 'RECORD.SCORE', by: people.quality,
        record: { id: 'S1', agentId: 'A1', channel: 'phone', at: T('08:00'), utterances: [{ by: 'agent', text: '您好,再见' }], fields: {} },
        at: T('10:00'),
      },
      { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') },
    ],
    first: { type: 'SAMPLE.DRAW', by: people.quality, population: [{ id: 'S1', agentId: 'A1' }], seed: 'QA-2026-12', at: T('09:10') },
  },
  {
    id: 'monthly-assessment',
    machine: monthlyAssessmentMachine,
    input: { assessmentId: 'PA-2026-11', month: '2026-11', supervisor: 'SUP-1', at: T('09:00') },
    events: [
      { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: [{ id: 'N1', agentId: 'A1', kind: 'call', at: T('10:00', '2026-11-16'), outcome: 'resolved' }], at: T('10:00') },
      { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') },
      { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('11:00') },
    ],
    first: { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: [{ id: 'N1', agentId: 'A1', kind: 'call', at: T('10:00', '2026-11-16'), outcome: 'resolved' }], at: T('10:00') },
  },
];
