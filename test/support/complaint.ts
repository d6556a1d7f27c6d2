import { createActor, type Actor } from 'xstate';
import { complaintMachine, sendOrThrow, type ComplaintEvent } from 'kefu';
import { people } from './principals.js';

/** A complete complaint form received Tuesday 2026-12-01 09:30 Shanghai. */
export const form = {
  caseId: 'C-2026-0001',
  complainant: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  receivedAt: '2026-12-01T09:30:00+08:00',
  channel: 'phone' as const,
  content: '保养后发动机异响',
  desiredRemedy: '免费复检并修好',
  member: true,
  serviceItem: '常规保养',
};

export const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

export function startComplaint(input: Parameters<typeof createActor<typeof complaintMachine>>[1] = { input: { form } }) {
  return createActor(complaintMachine, input).start();
}

type Step = Omit<ComplaintEvent, 'at'> & { at?: string };

/** The happy-path events, in order, each at its time. */
export const happyPath: ComplaintEvent[] = [
  { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') },
  {
    type: 'ASSESS.VALID', by: people.agent,
    department: 'repair',
    investigationDays: 2,
    customerAgreed: true,
    apology: '非常抱歉给您带来不便,我们会尽快调查。',
    promisedBy: T('17:00', '2026-12-03'),
    at: T('10:30'),
  },
  {
    type: 'INVESTIGATION.RECORD', by: people.agent,
    cause: 'repair-quality',
    detail: '机油滤清器安装不到位',
    responsiblePerson: '技师李四',
    handler: 'repair',
    at: T('15:00'),
  },
  { type: 'PROPOSAL.ADD', by: people.agent, proposalId: 'P1', description: '免费复检并更换滤清器', department: 'repair', at: T('16:00') },
  { type: 'PROPOSAL.ADD', by: people.agent, proposalId: 'P2', description: '复检并赠送一次保养', department: 'service', at: T('16:10') },
  { type: 'PROPOSAL.SUBMIT', by: people.agent, at: T('16:20') },
  // 一一过目: a verdict on every proposal before one is approved (CP-PROPOSE).
  { type: 'PROPOSAL.REVIEW', by: people.supervisor, proposalId: 'P1', verdict: 'reject', reason: '只换滤清器,未回应顾客对保养质量的顾虑', at: T('16:40') },
  { type: 'PROPOSAL.REVIEW', by: people.supervisor, proposalId: 'P2', verdict: 'accept', at: T('16:45') },
  // 请顾客参与共同选择: the agent records the choice the customer makes with them on the phone.
  { type: 'CUSTOMER.CHOOSE', by: people.agent, proposalId: 'P2', at: T('16:50') },
  { type: 'SUPERVISOR.APPROVE', by: people.supervisor, proposalId: 'P2', supervisor: '主管张三', at: T('17:00') },
  { type: 'CUSTOMER.NOTIFY', by: people.agent, message: '您好,我们将为您免费复检并赠送一次保养。', at: T('09:30', '2026-12-02') },
  { type: 'CUSTOMER.ACCEPT', by: people.customer, signedBy: '王先生', at: T('10:00', '2026-12-02') },
  { type: 'ACCOUNTABILITY.RECORD', by: people.agent, target: 'direct', person: '技师李四', department: 'repair', measure: '通报批评,扣减当月绩效 10%', provision: '《维修质量考核办法》第五条', at: T('10:30', '2026-12-02') },
  { type: 'ACCOUNTABILITY.RECORD', by: people.agent, target: 'head', person: '维修部经理赵六', department: 'repair', measure: '书面检查,部门季度考核扣 2 分', provision: '《维修质量考核办法》第九条', at: T('10:35', '2026-12-02') },
  { type: 'FEEDBACK.RECORD', by: people.agent, text: '处理及时,满意', at: T('11:00', '2026-12-02') },
  { type: 'IMPLEMENTATION.COMPLETE', by: people.agent, at: T('11:30', '2026-12-02') },
  { type: 'FOLLOWUP.RECORD', by: people.agent, method: 'phone', satisfaction: 'satisfied', agent: '客服小周', at: T('10:00', '2026-12-04') },
  { type: 'FOLLOWUP.COMPLETE', by: people.agent, at: T('10:05', '2026-12-04') },
  {
    type: 'REVIEW.FILE', by: people.supervisor,
    category: '维修质量',
    analysis: '装配检查遗漏',
    measures: ['保养后增加滤清器复检'],
    supervisor: '主管张三',
    at: T('16:00', '2026-12-04'),
  },
];

/**
 * Drive an actor through the happy path up to (not including) the event of type `until`,
 * starting at the event of type `from` (default: the beginning).
 */
export function advanceUntil(actor: Actor<typeof complaintMachine>, until: ComplaintEvent['type'] | null, from?: ComplaintEvent['type']): void {
  const start = from ? happyPath.findIndex((e) => e.type === from) : 0;
  for (const event of happyPath.slice(start)) {
    if (event.type === until) return;
    sendOrThrow(actor, event);
  }
}

export type { Step };
