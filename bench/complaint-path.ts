/** The event sequence every benchmark path runs: one complaint case from registration to review. */
import type { ComplaintEvent, ComplaintInput } from 'kefu';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** Input of case number `i`. */
export function complaintInput(i: number): ComplaintInput {
  return {
    form: {
      caseId: `B-${i}`,
      complainant: '王先生',
      contact: { phone: '+86 138 0013 8000' },
      receivedAt: T('09:30'),
      channel: 'phone',
      content: '保养后发动机异响',
      desiredRemedy: '免费复检并修好',
      member: true,
      serviceItem: '常规保养',
    },
  };
}

/** The 15 events of the happy path (受理 → 判断 → 调查 → 方案 → 实施 → 回访 → 总结评价). */
export const complaintPath: readonly ComplaintEvent[] = [
  { type: 'COMPLAINT.REGISTER', at: T('09:40') },
  {
    type: 'ASSESS.VALID',
    department: 'repair',
    investigationDays: 2,
    customerAgreed: true,
    apology: '非常抱歉给您带来不便,我们会尽快调查。',
    promisedBy: T('17:00', '2026-12-03'),
    at: T('10:30'),
  },
  { type: 'INVESTIGATION.RECORD', cause: 'repair-quality', detail: '机油滤清器安装不到位', responsiblePerson: '技师李四', handler: 'repair', at: T('15:00') },
  { type: 'PROPOSAL.ADD', proposalId: 'P1', description: '免费复检并更换滤清器', department: 'repair', at: T('16:00') },
  { type: 'PROPOSAL.ADD', proposalId: 'P2', description: '复检并赠送一次保养', department: 'service', at: T('16:10') },
  { type: 'PROPOSAL.SUBMIT', at: T('16:20') },
  { type: 'SUPERVISOR.APPROVE', proposalId: 'P2', supervisor: '主管张三', at: T('17:00') },
  { type: 'CUSTOMER.NOTIFY', message: '您好,我们将为您免费复检并赠送一次保养。', at: T('09:30', '2026-12-02') },
  { type: 'CUSTOMER.ACCEPT', signedBy: '王先生', at: T('10:00', '2026-12-02') },
  { type: 'ACCOUNTABILITY.RECORD', person: '技师李四', department: 'repair', measure: '按规定扣绩效', at: T('10:30', '2026-12-02') },
  { type: 'FEEDBACK.RECORD', text: '处理及时,满意', at: T('11:00', '2026-12-02') },
  { type: 'IMPLEMENTATION.COMPLETE', at: T('11:30', '2026-12-02') },
  { type: 'FOLLOWUP.RECORD', method: 'phone', satisfaction: 'satisfied', agent: '客服小周', at: T('10:00', '2026-12-04') },
  { type: 'FOLLOWUP.COMPLETE', at: T('10:05', '2026-12-04') },
  { type: 'REVIEW.FILE', category: '维修质量', analysis: '装配检查遗漏', measures: ['保养后增加滤清器复检'], supervisor: '主管张三', at: T('16:00', '2026-12-04') },
];
