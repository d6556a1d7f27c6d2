/**
 * One complaint through all seven steps (受理 → 判断 → 调查 → 方案/主管批示 → 实施 → 回访 → 总结评价),
 * and one that does not stand through the explanation branch. Prints each step with its
 * Chinese name and the due time kefu computed from the policy and the business calendar.
 *
 * Run it: npx tsx examples/complaint-walkthrough.ts
 */
import { createActor } from 'xstate';
import { complaintMachine, complaintStepNames, sendOrThrow, type ComplaintEvent, type Principal } from 'kefu';
import { localDate, localTime } from 'kefu/time';

// Who takes each step comes from the host's authenticated session (ROLE-PERMIT); fixed here.
const staff = {
  agent: { id: 'u-1042', role: 'agent' },
  supervisor: { id: 'u-7', role: 'supervisor' },
  customer: { id: 'cust-0001', role: 'customer' },
} as const satisfies Record<string, Principal>;

/** Due times are stored as UTC instants; show them on the department's clock. */
const shanghai = (iso: string) => `${localDate(iso, 'Asia/Shanghai')} ${localTime(iso, 'Asia/Shanghai')}`;

const at = (day: number, hhmm: string) => `2026-12-0${day}T${hhmm}:00+08:00`;

const form = {
  caseId: 'C-0001',
  complainant: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  receivedAt: at(1, '09:30'),
  channel: 'phone' as const,
  content: '保养后发动机异响',
  desiredRemedy: '免费复检并修好',
  member: true,
};

const resolved: ComplaintEvent[] = [
  { type: 'COMPLAINT.REGISTER', by: staff.agent, at: at(1, '09:40') },
  {
    type: 'ASSESS.VALID', by: staff.agent,
    department: 'repair',
    investigationDays: 2,
    customerAgreed: true,
    apology: '非常抱歉给您带来不便,我们会尽快调查。',
    promisedBy: at(3, '17:00'),
    at: at(1, '10:30'),
  },
  { type: 'INVESTIGATION.RECORD', by: staff.agent, cause: 'repair-quality', detail: '机油滤清器安装不到位', responsiblePerson: '技师李四', handler: 'repair', at: at(1, '15:00') },
  { type: 'PROPOSAL.ADD', by: staff.agent, proposalId: 'P1', description: '免费复检并更换滤清器', department: 'repair', at: at(1, '16:00') },
  { type: 'PROPOSAL.ADD', by: staff.agent, proposalId: 'P2', description: '复检并赠送一次保养', department: 'service', at: at(1, '16:10') },
  { type: 'PROPOSAL.SUBMIT', by: staff.agent, at: at(1, '16:20') },
  // 一一过目 (CP-PROPOSE): the supervisor gives a verdict on every proposal before approving one,
  // and the customer takes part in choosing among the accepted ones (请顾客参与共同选择).
  { type: 'PROPOSAL.REVIEW', by: staff.supervisor, proposalId: 'P1', verdict: 'reject', reason: '只换滤清器,未回应顾客对保养质量的顾虑', at: at(1, '16:40') },
  { type: 'PROPOSAL.REVIEW', by: staff.supervisor, proposalId: 'P2', verdict: 'accept', at: at(1, '16:45') },
  { type: 'CUSTOMER.CHOOSE', by: staff.customer, proposalId: 'P2', at: at(1, '16:50') },
  { type: 'SUPERVISOR.APPROVE', by: staff.supervisor, proposalId: 'P2', supervisor: '主管张三', at: at(1, '17:00') },
  { type: 'CUSTOMER.NOTIFY', by: staff.agent, message: '您好,我们将为您免费复检并赠送一次保养。', at: at(2, '09:30') },
  { type: 'CUSTOMER.ACCEPT', by: staff.customer, signedBy: '王先生', at: at(2, '10:00') },
  // 对直接责任者和部门主管要按照有关规定进行处罚 (CP-ACCOUNTABILITY): a measure for each, with the provision applied.
  { type: 'ACCOUNTABILITY.RECORD', by: staff.agent, target: 'direct', person: '技师李四', department: 'repair', measure: '通报批评,扣减当月绩效 10%', provision: '《维修质量考核办法》第五条', at: at(2, '10:30') },
  { type: 'ACCOUNTABILITY.RECORD', by: staff.agent, target: 'head', person: '维修部经理赵六', department: 'repair', measure: '书面检查,部门季度考核扣 2 分', provision: '《维修质量考核办法》第九条', at: at(2, '10:35') },
  { type: 'FEEDBACK.RECORD', by: staff.agent, text: '处理及时', at: at(2, '11:00') },
  { type: 'IMPLEMENTATION.COMPLETE', by: staff.agent, at: at(2, '11:30') },
  { type: 'FOLLOWUP.RECORD', by: staff.agent, method: 'phone', satisfaction: 'satisfied', agent: '客服小周', at: at(4, '10:00') },
  { type: 'FOLLOWUP.COMPLETE', by: staff.agent, at: at(4, '10:05') },
  { type: 'REVIEW.FILE', by: staff.supervisor, category: '维修质量', analysis: '装配检查遗漏', measures: ['保养后增加滤清器复检'], supervisor: '主管张三', at: at(4, '16:00') },
];

const notStanding: ComplaintEvent[] = [
  { type: 'COMPLAINT.REGISTER', by: staff.agent, at: at(1, '11:05') },
  { type: 'ASSESS.INVALID', by: staff.agent, reason: '维修已超过保修期', at: at(1, '11:20') },
  { type: 'EXPLANATION.GIVE', by: staff.agent, text: '您好,这次维修已超过保修期,我们可以为您提供优惠检测。', at: at(1, '11:25') },
  { type: 'CUSTOMER.ACKNOWLEDGE', by: staff.customer, at: at(1, '11:30') },
];

/** Run one case and print its steps; returns the lines printed. */
function run(title: string, caseId: string, events: ComplaintEvent[], log: (line: string) => void) {
  log(`\n== ${title}`);
  const actor = createActor(complaintMachine, { input: { form: { ...form, caseId, receivedAt: events[0]!.at } } });
  actor.on('complaint.stepEntered', (e) => {
    const name = complaintStepNames[e.step];
    log(`  ${name.n ? `${name.n}.` : '  '} ${name.zh.padEnd(14, '　')} ${name.en.padEnd(36)} ${e.dueAt ? `due ${shanghai(e.dueAt)}` : ''}`);
  });
  actor.on('complaint.closed', (e) => log(`     结案 closed: ${e.outcome} at ${shanghai(e.at)}`));
  actor.start();
  for (const event of events) sendOrThrow(actor, event);
  const output = actor.getSnapshot().output;
  actor.stop();
  return output;
}

/** Both walkthroughs; `log` receives each printed line. */
export function walkthrough(log: (line: string) => void = console.log) {
  return [
    run('A complaint that stands: the seven-step closed loop 顾客投诉处理流程', 'C-0001', resolved, log),
    run('A complaint that does not stand: tactful explanation 婉转答复', 'C-0002', notStanding, log),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) walkthrough();
