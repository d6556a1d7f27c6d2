/**
 * The action forms, generated from kefu's zod event schemas (`z.toJSONSchema`), so a field the
 * machine adds shows up here without touching the page. What the schemas cannot know — the
 * labels in zh/en, which text fields are long, a department picker fed by the policy, and the
 * example values a demo starts with — is this file's job.
 */
import * as z from 'zod/mini';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { ComplaintEventSchema, type ComplaintContext, type Policy } from 'kefu';
import type { Person } from './desk.js';

/** One input of an action form. */
export interface FieldSpec {
  /** Dotted path in the event, e.g. `fields.content`. */
  readonly path: string;
  readonly name: string;
  readonly kind: 'text' | 'longtext' | 'datetime' | 'select' | 'department' | 'number' | 'checkbox' | 'lines' | 'group';
  readonly required: boolean;
  /** Choices of a `select`. */
  readonly options?: readonly string[];
  /** Inputs of a `group` (a nested object). */
  readonly fields?: readonly FieldSpec[];
}

/** Values of a form, by field path: strings, and booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/** Fields filled by the host, never typed by a person: the time and the principal. */
const HOST_FIELDS = new Set(['type', 'at', 'by']);
const LONG = new Set(['text', 'apology', 'detail', 'message', 'description', 'analysis', 'notes', 'note', 'reason', 'content', 'measure', 'desiredRemedy']);
const DEPARTMENT = new Set(['department', 'handler']);

function specOf(name: string, path: string, schema: JsonSchema, required: boolean): FieldSpec {
  const s = schema.anyOf?.find((x) => x.type !== 'null') ?? schema;
  if (s.enum) return { path, name, kind: 'select', required, options: s.enum.map(String) };
  if (s.type === 'boolean') return { path, name, kind: 'checkbox', required };
  if (s.type === 'integer' || s.type === 'number') return { path, name, kind: 'number', required };
  if (s.type === 'array') return { path, name, kind: 'lines', required };
  if (s.type === 'object') return { path, name, kind: 'group', required, fields: fieldsOfObject(s, `${path}.`) };
  if (s.format === 'date-time') return { path, name, kind: 'datetime', required };
  if (DEPARTMENT.has(name)) return { path, name, kind: 'department', required };
  return { path, name, kind: LONG.has(name) ? 'longtext' : 'text', required };
}

function fieldsOfObject(schema: JsonSchema, prefix = ''): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => prefix !== '' || !HOST_FIELDS.has(name))
    .map(([name, s]) => specOf(name, `${prefix}${name}`, s, required.has(name)));
}

/** The form of every complaint event, by event type, in the schema's order. */
export const eventForms: ReadonlyMap<string, readonly FieldSpec[]> = new Map(
  ComplaintEventSchema.def.options.map((option) => {
    const json = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return [String(json.properties?.type?.const), fieldsOfObject(json)] as const;
  }),
);

/**
 * The events the case's current state has a transition for (its active states and their
 * ancestors), in the schema's order. Read from the chart, so they follow the machine.
 */
export function eventsAvailable(snapshot: AnyMachineSnapshot): string[] {
  const types = new Set<string>();
  const visit = (node: AnyStateNode, value: unknown) => {
    for (const t of Object.keys(node.on ?? {})) types.add(t);
    if (typeof value === 'string') {
      const child = node.states[value];
      if (child) visit(child, undefined);
    } else if (value && typeof value === 'object') {
      for (const [key, sub] of Object.entries(value)) {
        const child = node.states[key];
        if (child) visit(child, sub);
      }
    }
  };
  if (snapshot.status === 'active') visit(snapshot.machine.root, snapshot.value);
  return [...eventForms.keys()].filter((t) => types.has(t));
}

/** Turn form values into an event; empty optional fields are left out. */
export function buildEvent(type: string, values: FormValues): { type: string } & Record<string, unknown> {
  const build = (fields: readonly FieldSpec[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f.path];
      if (f.kind === 'group') {
        const inner = build(f.fields ?? []);
        if (Object.keys(inner).length > 0 || f.required) out[f.name] = inner;
      } else if (f.kind === 'checkbox') {
        out[f.name] = v === true;
      } else if (typeof v === 'string' && v.trim() !== '') {
        if (f.kind === 'number') out[f.name] = Number(v);
        else if (f.kind === 'lines') out[f.name] = v.split('\n').map((l) => l.trim()).filter(Boolean);
        // A datetime-local input holds the viewer's wall-clock time; Date reads it in their zone.
        else if (f.kind === 'datetime') out[f.name] = new Date(v).toISOString();
        else out[f.name] = v;
      } else if (f.required && f.kind === 'lines') {
        out[f.name] = [];
      } else if (f.required) {
        // Sent as empty so the refusal names the field (kefu's schema check).
        out[f.name] = '';
      }
    }
    return out;
  };
  return { type, ...build(eventForms.get(type) ?? []) };
}

type Bi = readonly [zh: string, en: string];

/** Action names, zh and en. */
export const eventLabels: Readonly<Record<string, Bi>> = {
  'FORM.UPDATE': ['补全登记表', 'Update the form'],
  'COMPLAINT.REGISTER': ['受理', 'Register'],
  'ASSESS.VALID': ['投诉成立', 'It stands'],
  'ASSESS.INVALID': ['投诉不成立', 'It does not stand'],
  'EXPLANATION.GIVE': ['婉转答复', 'Explain tactfully'],
  'CUSTOMER.ACKNOWLEDGE': ['顾客谅解', 'Acknowledge'],
  'CUSTOMER.DISPUTE': ['顾客有异议', 'Dispute'],
  'INVESTIGATION.RECORD': ['记录调查结果', 'Record the investigation'],
  'PROPOSAL.ADD': ['提出方案', 'Propose a remedy'],
  'PROPOSAL.REVIEW': ['审阅方案', 'Review a remedy'],
  'PROPOSAL.SUBMIT': ['提交主管批示', 'Submit for approval'],
  'SUPERVISOR.APPROVE': ['主管批示', 'Approve'],
  'SUPERVISOR.SEND_BACK': ['退回重拟', 'Send back'],
  'CUSTOMER.CHOOSE': ['顾客选择方案', 'Customer chooses'],
  'CUSTOMER.NOTIFY': ['通知顾客', 'Notify the customer'],
  'CUSTOMER.ACCEPT': ['顾客签字确认', 'Sign and accept'],
  'CUSTOMER.REJECT': ['顾客不接受', 'Reject'],
  'ACCOUNTABILITY.RECORD': ['记录责任处理', 'Record accountability'],
  'FEEDBACK.RECORD': ['记录顾客反馈', 'Record feedback'],
  'IMPLEMENTATION.COMPLETE': ['实施完成', 'Complete the handling'],
  'FOLLOWUP.RECORD': ['记录回访', 'Record the follow-up'],
  'FOLLOWUP.COMPLETE': ['回访完成', 'Complete the follow-up'],
  'COMPLAINT.REOPEN': ['重新拟定方案', 'Reopen'],
  'REVIEW.FILE': ['填写分类统计表并结案', 'File statistics and close'],
  'REPLY.SEND': ['回复顾客', 'Reply to the customer'],
};

/** Field names, zh and en. */
export const fieldLabels: Readonly<Record<string, Bi>> = {
  department: ['责任部门', 'Department'],
  investigationDays: ['调查期(工作日)', 'Investigation period (working days)'],
  customerAgreed: ['顾客同意调查期', 'Customer agreed to the period'],
  apology: ['致歉', 'Apology'],
  promisedBy: ['承诺答复时间', 'Result promised by'],
  reason: ['原因', 'Reason'],
  text: ['内容', 'Text'],
  cause: ['原因类别', 'Kind of cause'],
  detail: ['具体原因', 'Specific cause'],
  responsiblePerson: ['责任人', 'Responsible person'],
  handler: ['处理部门', 'Handled by'],
  proposalId: ['方案编号', 'Proposal'],
  description: ['方案内容', 'Remedy'],
  supervisor: ['主管', 'Supervisor'],
  note: ['批示', 'Note'],
  verdict: ['审阅意见', 'Verdict'],
  message: ['通知内容', 'Message'],
  signedBy: ['签字人', 'Signed by'],
  evidence: ['签字凭证', 'Signature evidence'],
  kind: ['方式', 'Kind'],
  ref: ['凭证号', 'Reference'],
  person: ['人员', 'Person'],
  target: ['对象', 'Who'],
  provision: ['依据条款', 'Provision applied'],
  measure: ['处理措施', 'Measure'],
  method: ['回访方式', 'Method'],
  satisfaction: ['满意度', 'Satisfaction'],
  agent: ['回访人', 'Agent'],
  notes: ['备注', 'Notes'],
  category: ['投诉类别', 'Category'],
  analysis: ['数据分析', 'Analysis'],
  measures: ['改进对策(每行一条)', 'Improvement measures (one per line)'],
  fields: ['登记表', 'Form fields'],
  complainant: ['投诉人', 'Complainant'],
  contact: ['联系方式', 'Contact'],
  phone: ['电话', 'Phone'],
  email: ['邮箱', 'Email'],
  receivedAt: ['投诉时间', 'Received'],
  channel: ['渠道', 'Channel'],
  content: ['投诉内容', 'Complaint'],
  desiredRemedy: ['投诉要求', 'Remedy asked for'],
  member: ['会员', 'Member'],
  serviceItem: ['服务项目', 'Service item'],
};

/** Choices of select fields, zh and en. */
export const optionLabels: Readonly<Record<string, Bi>> = {
  'repair-quality': ['维修质量', 'repair quality'],
  service: ['服务', 'service'],
  product: ['产品', 'product'],
  other: ['其他', 'other'],
  phone: ['电话', 'phone'],
  sms: ['短信', 'SMS'],
  visit: ['上门/到店', 'visit'],
  email: ['邮件', 'email'],
  chat: ['在线', 'chat'],
  letter: ['信函', 'letter'],
  web: ['网站', 'web'],
  satisfied: ['满意', 'satisfied'],
  average: ['一般', 'average'],
  dissatisfied: ['不满意', 'dissatisfied'],
  accept: ['采纳', 'accept'],
  reject: ['不采纳', 'reject'],
  'in-person': ['当面签字', 'in person'],
  'e-signature': ['电子签名', 'e-signature'],
  'sms-code': ['短信验证码', 'SMS code'],
  direct: ['直接责任人', 'direct'],
  head: ['部门主管', 'department head'],
};

/** A time as a `datetime-local` input shows it: the viewer's wall clock. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * What a form starts with: example values of the demo, shaped by the case (the responsible
 * person the investigation found, the proposal waiting for approval, the complainant's name).
 */
export function exampleValues(type: string, c: ComplaintContext, by: Person): FormValues {
  const lastProposal = c.proposals.at(-1)?.id ?? 'P1';
  const accepted = c.proposals.find((p) => p.verdict?.decision === 'accept')?.id;
  const responsible = c.investigation?.responsiblePerson ?? '张伟';
  const handler = c.investigation?.handler ?? (c.assessment?.verdict === 'valid' ? c.assessment.department : 'repair');
  switch (type) {
    case 'ASSESS.VALID':
      return {
        department: 'repair',
        investigationDays: '2',
        customerAgreed: true,
        apology: '非常抱歉给您带来不便,我们会在承诺时间内给您处理结果。',
        promisedBy: c.deadlines.result ? toLocalInput(c.deadlines.result) : '',
      };
    case 'ASSESS.INVALID':
      return { reason: '所述部件已过保修期,且非维修造成。' };
    case 'EXPLANATION.GIVE':
      return { text: '您好,经核查该部件已过保修期,我们可以为您提供八折更换,您看可以吗?' };
    case 'CUSTOMER.DISPUTE':
      return { reason: '我认为是上次维修造成的。' };
    case 'INVESTIGATION.RECORD':
      return { cause: 'repair-quality', detail: '更换部件时未按规程检测,部件安装不到位。', responsiblePerson: responsible, handler };
    case 'PROPOSAL.ADD':
      return { proposalId: `P${c.proposals.length + 1}`, description: c.proposals.length === 0 ? '免费返修并更换部件,赠送一次保养。' : '退还本次维修费用。', department: handler };
    case 'PROPOSAL.REVIEW':
      // 一一过目: the next proposal without a verdict.
      return { proposalId: c.proposals.find((p) => !p.verdict)?.id ?? lastProposal, verdict: 'accept' };
    case 'CUSTOMER.CHOOSE':
      return { proposalId: accepted ?? lastProposal };
    case 'SUPERVISOR.APPROVE':
      return { proposalId: c.customerChoice?.proposalId ?? accepted ?? c.proposals[0]?.id ?? lastProposal, supervisor: by.name, note: '同意,请尽快安排。' };
    case 'SUPERVISOR.SEND_BACK':
      return { reason: '方案未说明完成时间,请补充。' };
    case 'CUSTOMER.NOTIFY':
      return { message: '您好,您的投诉处理方案已确定:免费返修并更换部件。请您确认并签字。' };
    case 'CUSTOMER.ACCEPT':
      return { signedBy: c.form.complainant ?? '', 'evidence.kind': 'in-person', 'evidence.ref': `SIG-${c.form.caseId}` };
    case 'CUSTOMER.REJECT':
      return { reason: '希望直接退款。' };
    case 'ACCOUNTABILITY.RECORD':
      // 对直接责任者和部门主管 (CP-ACCOUNTABILITY): the direct person first, then the department head.
      return c.accountability.some((a) => a.target === 'direct')
        ? { person: '部门主管王强', department: handler, target: 'head', provision: '《售后服务质量考核办法》第十五条', measure: '书面检查,部门季度考核扣 2 分' }
        : { person: responsible, department: handler, target: 'direct', provision: '《售后服务质量考核办法》第十二条', measure: '通报批评,扣减当月绩效 10%' };
    case 'FEEDBACK.RECORD':
      return { text: '顾客对处理结果满意,希望下次一次修好。' };
    case 'FOLLOWUP.RECORD':
      return { method: 'phone', satisfaction: 'satisfied', agent: by.name, notes: '已正常使用,顾客满意。' };
    case 'COMPLAINT.REOPEN':
      return { reason: '回访时顾客仍不满意。' };
    case 'REVIEW.FILE':
      return {
        category: '维修质量',
        analysis: '本月同类投诉 3 起,均为部件安装检测不到位。',
        measures: '维修完工增加复检环节\n本周内组织技师规程培训',
        supervisor: by.name,
      };
    case 'REPLY.SEND':
      return { text: '您好,您的投诉我们正在处理,有进展会第一时间联系您。' };
    default:
      return {};
  }
}

/** The department picker's choices, from the policy's directory. */
export const departmentsOf = (policy: Policy) => policy.departments.map((d) => ({ id: d.id, label: `${d.zh} ${d.en}` }));
