import { createActor, type AnyActorRef, type AnyStateMachine, type StateNode } from 'xstate';
import { loadCatalog, machineModules } from '../../catalog/index.js';
import { defaultPolicy, definePolicy, findDepartment, type Policy } from '../../policy/index.js';
import type { Outcome, Violation } from '../../rules/index.js';
import { demoStaff, sendAs, whoseStep } from './staff.js';
import type { Principal } from '../../roles/principal.js';
import { localDate, localTime, toEpoch, toIso, workingTimeBetween } from '../../time/index.js';
// Types only: the machines come from the catalogue, never imported here.
import type { CallContext, CallEmitted, CallEvent } from '../../../machines/call/index.js';
import type { ComplaintEmitted, ComplaintEvent, ComplaintStep } from '../../../machines/complaint/index.js';
import type { EmailContext, EmailEmitted, EmailEvent } from '../../../machines/email/index.js';
import type { ReturnVisitEvent } from '../../../machines/return-visit/index.js';
import type { ArchiveRow, ReturnVisitCycleEvent, ReturnVisitCycleOutput } from '../../../machines/return-visit-cycle/index.js';
import type { Untimed } from './case.js';
import type { RecordedComplaint } from './case-file.js';
import { DemoClock } from './engine.js';
import { makeCustomer, maskName, maskPhone, type Customer } from './people.js';
import { createRandom } from './random.js';

/** The narrated walkthroughs, and the made-up customers they mention (masked in the text). */
export interface Walkthroughs {
  readonly text: string;
  readonly customers: readonly Customer[];
  /** The complaints as narrated (form and events), to replay through the runtime for their case files. */
  readonly complaints: readonly RecordedComplaint[];
}

/** Width of the event column. */
const LABEL = 23;

/** Lines of the narration, with times on the department's clock. */
class Narration {
  readonly lines: string[] = [];

  constructor(private readonly timeZone: string) {}

  /** `12-01 09:40`, or `12-01 10:02:15` with seconds. */
  time(at: number | string, seconds = false): string {
    const ms = toEpoch(at);
    const day = localDate(ms, this.timeZone).slice(5);
    const s = seconds ? `:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}` : '';
    return `${day} ${localTime(ms, this.timeZone)}${s}`;
  }

  /** A title line, and a line of particulars under it. */
  title(text: string, particulars?: string): void {
    this.lines.push('', text, ...(particulars ? [`   ${particulars}`] : []));
  }

  /** A line at a time: what happened, and how. `label` is the event (or ⏱ for a timer). */
  at(at: number | string, label: string, text: string, seconds = false): void {
    this.lines.push(`  ${this.time(at, seconds).padEnd(seconds ? 14 : 11)}  ${label.padEnd(LABEL)} ${text}`);
  }

  /** A line without a time (a step heading, a summary). */
  note(text: string): void {
    this.lines.push(text === '' ? '' : `  ${text}`);
  }

  /** A line under the previous one's text (what followed from it: a state entered). */
  follow(text: string, seconds = false): void {
    this.lines.push(`  ${''.padEnd(seconds ? 14 : 11)}  ${''.padEnd(LABEL)} ${text}`);
  }
}

/** The first violation of a refusal, or a failure when the script meant the event to pass. */
function refused(outcome: Outcome, expected: string): Violation {
  if (outcome.accepted || outcome.violations[0]?.rule !== expected) {
    throw new Error(`walkthrough: expected ${outcome.eventType} to be refused by ${expected}, got ${JSON.stringify(outcome)}`);
  }
  return outcome.violations[0];
}

/** Send or fail: a walkthrough's steps all follow the rules unless it says otherwise. */
function accept(actor: AnyActorRef, event: object): void {
  const outcome = sendAs(actor, event as never);
  if (!outcome.accepted) throw new Error(`walkthrough: ${outcome.eventType} refused: ${outcome.message.en}`);
}

/** The Chinese name of a state node and its named sub-steps, e.g. `提出处理方案 / 主管批示`. */
function nodeName(node: StateNode | undefined): string {
  if (!node) return '';
  const zh = (n: StateNode) => (n.meta as { zh?: string } | undefined)?.zh;
  return [zh(node), ...Object.values(node.states).map(zh)].filter(Boolean).join(' / ');
}

/** The Chinese names of the innermost active states, e.g. `咨询转接 › 呼叫部门` (of 通话中 › 转接业务 › 咨询转接 › 呼叫部门). */
function statePath(actor: AnyActorRef): string {
  const nodes = (actor.getSnapshot() as { _nodes: StateNode[] })._nodes;
  return nodes
    .map((n) => (n.meta as { zh?: string } | undefined)?.zh)
    .filter(Boolean)
    .slice(-2)
    .join(' › ');
}

const STEP_EN: Record<ComplaintStep, string> = {
  register: 'register',
  assess: 'assess',
  investigate: 'investigate',
  propose: 'propose / supervisor approval',
  implement: 'implement',
  followUp: 'follow-up visit',
  review: 'review',
  notStands: 'does not stand: tactful explanation',
};

type ComplaintLine = readonly [at: string, event: Untimed<ComplaintEvent>, text: string, expect?: string, by?: Principal];

/** One complaint case, narrated step by step from the machine's own step events. */
function narrateComplaint(n: Narration, machine: AnyStateMachine, policy: Policy, title: readonly [string, string], form: Record<string, unknown>, steps: readonly ComplaintLine[]): RecordedComplaint {
  const recorded: RecordedComplaint['steps'][number][] = [];
  n.title(...title);
  const clock = new DemoClock(toEpoch(String(form.receivedAt)));
  const actor = createActor(machine, { input: { form, policy }, clock });
  const pending: ComplaintEmitted[] = [];
  actor.on('*', (e) => pending.push(e as ComplaintEmitted));
  const flush = () => {
    for (const e of pending.splice(0)) {
      if (e.type === 'complaint.stepEntered') {
        const node = machine.root.states[e.step];
        const no = (node?.meta as { step?: number } | undefined)?.step;
        n.note(`── ${no ? `${no} ` : ''}${nodeName(node)} · ${STEP_EN[e.step]}${e.dueAt ? ` (due ${n.time(e.dueAt)})` : ''}`);
      } else if (e.type === 'complaint.deadlineMissed') {
        n.at(e.dueAt, '⏱ deadline', `${e.step} 逾期,上报主管 — escalated (CP-TIMELINE)`);
      } else if (e.type === 'complaint.closed') {
        const hours = workingTimeBetween(policy.calendar, String(form.receivedAt), e.at) / 3_600_000;
        const closed = nodeName(machine.root.states[e.outcome === 'not-stands' ? 'closedNotStands' : 'closed']);
        n.note(`── ${closed} · closed: ${e.outcome}, ${n.time(e.at)} (${hours.toFixed(1)} working hours after receipt)`);
      }
    }
  };
  actor.start();
  flush();
  for (const [at, event, text, expect, by] of steps) {
    clock.set(toEpoch(at));
    flush();
    const outcome = sendAs(actor, { ...event, at } as never, by);
    recorded.push({ at, event: { ...event }, by: by ?? whoseStep(actor, event.type) });
    if (expect) {
      const v = refused(outcome, expect);
      n.at(at, event.type, `✗ [${v.rule}] ${text}`);
    } else {
      if (!outcome.accepted) throw new Error(`walkthrough: ${event.type} refused: ${outcome.message.en}`);
      n.at(at, event.type, text);
    }
    flush();
  }
  actor.stop();
  return { machine, policy, form: form as RecordedComplaint['form'], steps: recorded };
}

/** (a) A complaint through all seven steps, and one that does not stand. */
function complaints(n: Narration, machine: AnyStateMachine, policy: Policy, people: Customer[]): RecordedComplaint[] {
  const at = (day: number, hhmm: string) => `2026-12-0${day}T${hhmm}:00+08:00`;
  const [wang, li] = people as [Customer, Customer];
  const form = (caseId: string, customer: Customer, receivedAt: string, content: string, desiredRemedy: string) => ({
    caseId,
    complainant: customer.name,
    contact: { phone: customer.phone },
    receivedAt,
    channel: 'phone' as const,
    content,
    desiredRemedy,
    member: customer.member,
  });

  const standing = narrateComplaint(
    n,
    machine,
    policy,
    ['① 顾客投诉 · A complaint that stands, through the seven steps', `C-WALK-01 · ${maskName(wang.name)} ${maskPhone(wang.phone)} · received ${n.time(at(1, '09:30'))} by phone`],
    form('C-WALK-01', wang, at(1, '09:30'), '保养后发动机异响', '免费复检并修好'),
    [
      [at(1, '09:40'), { type: 'COMPLAINT.REGISTER' }, '《顾客投诉登记表》填写完整,即时受理 — registered'],
      [
        at(1, '10:30'),
        { type: 'ASSESS.VALID', department: 'repair', investigationDays: 2, customerAgreed: true, apology: '非常抱歉给您带来不便,我们会尽快调查。', promisedBy: at(3, '17:00') },
        `投诉成立:维修部负责,调查 2 个工作日(顾客同意);致歉并承诺 ${n.time(at(3, '17:00'))} 前答复`,
      ],
      [
        at(1, '15:00'),
        { type: 'INVESTIGATION.RECORD', cause: 'repair-quality', detail: '机油滤清器安装不到位', responsiblePerson: '技师李四', handler: 'repair' },
        '原因:机油滤清器安装不到位;责任人:技师李四',
      ],
      [at(1, '16:00'), { type: 'PROPOSAL.ADD', proposalId: 'P1', description: '免费复检并更换滤清器', department: 'repair' }, '方案 P1:免费复检并更换滤清器(维修部)'],
      [at(1, '16:10'), { type: 'PROPOSAL.ADD', proposalId: 'P2', description: '复检并赠送一次保养', department: 'service' }, '方案 P2:复检并赠送一次保养(客服部)'],
      [at(1, '16:20'), { type: 'PROPOSAL.SUBMIT' }, '提交主管批示 — submitted to the supervisor'],
      [at(1, '16:25'), { type: 'SUPERVISOR.APPROVE', proposalId: 'P2', supervisor: '主管张三' }, '未逐一过目即批示被拒:P1、P2 尚无意见 — no verdict on P1, P2 yet', 'CP-PROPOSE'],
      [at(1, '16:30'), { type: 'PROPOSAL.REVIEW', proposalId: 'P1', verdict: 'reject', reason: '只换滤清器,未回应顾客对保养质量的顾虑' }, '主管过目 P1:不采纳(未回应顾客对保养质量的顾虑)'],
      [at(1, '16:32'), { type: 'PROPOSAL.REVIEW', proposalId: 'P2', verdict: 'accept' }, '主管过目 P2:采纳'],
      [at(1, '16:35'), { type: 'CUSTOMER.CHOOSE', proposalId: 'P2' }, '请顾客参与共同选择:顾客选 P2 — the customer chooses P2'],
      [at(1, '16:40'), { type: 'SUPERVISOR.APPROVE', proposalId: 'P2', supervisor: '客服代表小周' }, '客服代表自行批示被拒:批示须由客服主管作出 — an agent cannot approve', 'ROLE-PERMIT', demoStaff.agent],
      [at(1, '17:00'), { type: 'SUPERVISOR.APPROVE', proposalId: 'P2', supervisor: '主管张三' }, '主管批示:采用 P2 — approved'],
      [at(2, '09:30'), { type: 'CUSTOMER.NOTIFY', message: '您好,我们将为您免费复检并赠送一次保养。' }, '告知顾客处理方案 — the customer is told'],
      [at(2, '09:50'), { type: 'CUSTOMER.ACCEPT', signedBy: wang.name }, '客服代顾客签字被拒:须顾客本人签字或有签字凭证 — an agent cannot sign for the customer', 'CP-SIGNOFF', demoStaff.agent],
      [at(2, '10:00'), { type: 'CUSTOMER.ACCEPT', signedBy: wang.name }, '顾客本人签字确认 — the customer signs off'],
      [at(2, '10:25'), { type: 'ACCOUNTABILITY.RECORD', target: 'direct', person: '技师李四', department: 'repair', measure: '无', provision: '《维修质量考核办法》第五条' }, '处理措施填“无”被拒:须按规定写明措施 — a placeholder measure is refused', 'CP-ACCOUNTABILITY'],
      [at(2, '10:30'), { type: 'ACCOUNTABILITY.RECORD', target: 'direct', person: '技师李四', department: 'repair', measure: '通报批评,扣减当月绩效 10%', provision: '《维修质量考核办法》第五条' }, '直接责任者 技师李四:通报批评,扣减当月绩效 10%(第五条)'],
      [at(2, '10:35'), { type: 'ACCOUNTABILITY.RECORD', target: 'head', person: '维修部经理赵六', department: 'repair', measure: '书面检查,部门季度考核扣 2 分', provision: '《维修质量考核办法》第九条' }, '部门主管 维修部经理赵六:书面检查,部门季度考核扣 2 分(第九条)'],
      [at(2, '11:00'), { type: 'FEEDBACK.RECORD', text: '处理及时' }, '记录顾客意见:处理及时'],
      [at(2, '11:30'), { type: 'IMPLEMENTATION.COMPLETE' }, '方案实施完毕 — implemented'],
      [at(3, '21:30'), { type: 'FOLLOWUP.RECORD', method: 'phone', satisfaction: 'satisfied', agent: '客服小周' }, '晚上 21:30 回访被拒:顾客休息时间,次日 09:00 起可联系 — rest time', 'RV-QUIET'],
      [at(4, '10:00'), { type: 'FOLLOWUP.RECORD', method: 'phone', satisfaction: 'satisfied', agent: '客服小周' }, '电话回访:满意(三天内,避开顾客休息时间)'],
      [at(4, '10:05'), { type: 'FOLLOWUP.COMPLETE' }, '回访完成'],
      [
        at(4, '16:00'),
        { type: 'REVIEW.FILE', category: '维修质量', analysis: '装配检查遗漏', measures: ['保养后增加滤清器复检'], supervisor: '主管张三' },
        '归类 维修质量;整改措施:保养后增加滤清器复检',
      ],
    ],
  );

  const notStanding = narrateComplaint(
    n,
    machine,
    policy,
    ['② 顾客投诉 · A complaint that does not stand: 婉转答复 → 顾客谅解 → 结案', `C-WALK-02 · ${maskName(li.name)} ${maskPhone(li.phone)} · received ${n.time(at(1, '11:00'))} by phone`],
    form('C-WALK-02', li, at(1, '11:00'), '要求免费维修空调', '免费维修'),
    [
      [at(1, '11:05'), { type: 'COMPLAINT.REGISTER' }, '即时受理 — registered'],
      [at(1, '11:20'), { type: 'ASSESS.INVALID', reason: '维修已超过保修期' }, '投诉不成立:维修已超过保修期 — it does not stand'],
      [at(1, '11:22'), { type: 'EXPLANATION.GIVE', text: '这个不可以免费修。' }, '“这个不可以免费修。”含禁用语“不可以”,被拒', 'CP-LANGUAGE'],
      [at(1, '11:25'), { type: 'EXPLANATION.GIVE', text: '您好,这次维修已超过保修期,我们可以为您提供优惠检测。' }, '婉转答复:已过保修期,可为您提供优惠检测'],
      [at(1, '11:30'), { type: 'CUSTOMER.ACKNOWLEDGE' }, '顾客谅解 — the customer acknowledges'],
    ],
  );
  return [standing, notStanding];
}

/** (b) A call: a warm transfer that rings out (15 s) and returns to the agent, then a second that succeeds. */
function call(n: Narration, machine: AnyStateMachine, policy: Policy, caller: Customer): void {
  const start = toEpoch('2026-12-01T10:00:00+08:00');
  const timeout = policy.call.transferTimeoutSeconds;
  const dept = (id: string) => `${findDepartment(policy, id)?.zh ?? id} ${id}`;
  n.title(
    `③ 来电转接 · A call: a warm transfer not answered in ${timeout} s goes back to the agent; the next one succeeds`,
    `CA-WALK-01 · ${maskName(caller.name)} ${maskPhone(caller.phone)} · 来电 ${n.time(start)}`,
  );
  const clock = new DemoClock(start);
  const actor = createActor(machine, { input: { callId: 'CA-WALK-01', at: toIso(start), callerNumber: caller.phone, policy }, clock });
  const pending: CallEmitted[] = [];
  actor.on('*', (e) => pending.push(e as CallEmitted));
  const flush = () => {
    for (const e of pending.splice(0)) {
      if (e.type === 'call.transferFailed') {
        n.at(e.at, '⏱ transfer timer', `${timeout} s 无人接听,转接失败 (${e.reason}),回到原客服 · ${statePath(actor)}`, true);
      }
    }
  };
  actor.start();
  n.at(start, 'incoming', `来电 → ${statePath(actor)}`, true);
  const step = (seconds: number, event: Untimed<CallEvent>, text: string) => {
    const at = start + seconds * 1000;
    clock.set(at);
    flush();
    accept(actor, { ...event, at: toIso(at) });
    n.at(at, event.type, `${text} · ${statePath(actor)}`, true);
    flush();
  };
  step(6, { type: 'CALL.ANSWER', agent: '客服小周' }, '客服小周接听:“您好,欢迎来电,请问有什么可以帮助您的?”');
  step(40, { type: 'RECORD.UPDATE', fields: { content: '保养后发动机异响,想请技师判断' } }, '记录信息:来电内容');
  step(70, { type: 'CALLER.IDENTIFY', name: caller.name, contact: { phone: caller.phone } }, `确认客户 ${maskName(caller.name)},联系电话 ${maskPhone(caller.phone)}`);
  step(90, { type: 'CALL.CLASSIFY', kind: 'inquiry' }, '问题分类:咨询 inquiry');
  step(120, { type: 'CALL.TRANSFER', mode: 'warm', department: 'repair', reason: '异响需技师判断' }, `咨询转接 warm → ${dept('repair')},客户保持`);
  step(140, { type: 'REPLY.GIVE', text: '维修部暂时没有接听,我为您转接配件部,请稍候。' }, '“维修部暂时没有接听,我为您转接配件部,请稍候。”');
  step(150, { type: 'CALL.TRANSFER', mode: 'warm', department: 'parts', reason: '异响可能与配件有关' }, `咨询转接 warm → ${dept('parts')}`);
  step(156, { type: 'TRANSFER.ANSWERED', agent: '配件部小陈' }, '配件部接听,客服先说明情况');
  step(190, { type: 'TRANSFER.COMPLETE' }, '配件部接手,转接完成');
  step(480, { type: 'CALL.WRAP_UP' }, '通话结束');
  step(570, { type: 'WRAPUP.COMPLETE' }, '来电记录完整、已分类');
  const context = actor.getSnapshot().context as CallContext;
  n.note(`── 转接 transfers: ${context.transfers.map((t) => `${t.id} ${t.to} ${t.outcome}`).join(', ')} · 客户未被挂断 never dropped (CALL-TRANSFER)`);
  actor.stop();
}

/**
 * (d) A member's email (会员, its own 8-hour target) nobody answers in time: the agent is warned
 * at half time, the supervisor an hour before the due time, the breach goes to the supervisor,
 * the head of department two hours later; then the late reply is recorded as breached.
 */
function email(n: Narration, machine: AnyStateMachine, base: Policy, customer: Customer): void {
  const policy = definePolicy(
    {
      email: {
        tiers: { member: { replyWithinHours: 8 } },
        warnings: [
          { share: 0.5, notify: 'agent' },
          { hoursBeforeDue: 1, notify: 'supervisor' },
          { hoursAfterDue: 2, notify: 'head' },
        ],
      },
    },
    base,
  );
  const at = (hhmm: string) => `2026-12-01T${hhmm}:00+08:00`;
  const who = { agent: '客服 agent', supervisor: '主管 supervisor', head: '部门主管 head of department' } as const;
  n.title(
    '⑤ 邮件 · A member’s email: warnings before the due time, then escalation level by level (MAIL-24H)',
    `M-WALK-01 · ${maskName(customer.name)} · 会员 member, reply within 8 hours · received ${n.time(at('09:00'))}`,
  );
  const clock = new DemoClock(toEpoch(at('09:00')));
  const actor = createActor(machine, {
    input: { policy, mail: { mailId: 'M-WALK-01', messageId: 'in-1', from: 'member@example.com', subject: '保养发票抬头有误', receivedAt: at('09:00'), tier: 'member' } },
    clock,
  });
  const pending: EmailEmitted[] = [];
  actor.on('*', (e) => pending.push(e as EmailEmitted));
  const flush = () => {
    for (const e of pending.splice(0)) {
      if (e.type === 'email.replyDue') n.at(at('09:00'), 'received', `待回复,due ${n.time(e.dueAt)}(会员 8 小时)`);
      else if (e.type === 'email.replyDeadlineApproaching') n.at(e.at, '⏱ warning', `回复时限将至,提醒${who[e.notify]} (due ${n.time(e.dueAt)})`);
      else if (e.type === 'email.replyOverdue') n.at(e.dueAt, '⏱ deadline', '超时未回复,上报主管 — escalated to the supervisor');
      else if (e.type === 'email.replyEscalated') n.at(e.at, '⏱ escalation', `仍未回复,升级至${who[e.notify]}`);
    }
  };
  actor.start();
  flush();
  const step = (hhmm: string, event: Untimed<EmailEvent>, text: string) => {
    clock.set(toEpoch(at(hhmm)));
    flush();
    accept(actor, { ...event, at: at(hhmm) });
    n.at(at(hhmm), event.type, text);
    flush();
  };
  step('09:10', { type: 'MAIL.TRIAGE', agent: '客服小周', category: '发票' }, '分配给客服小周');
  step('19:30', { type: 'REPLY.SEND', messageId: 'out-1', text: '您好,抱歉回复晚了,新发票已为您开好。' }, '回复(已超时)');
  const context = actor.getSnapshot().context as EmailContext;
  n.note(`── MAIL-24H ${context.mail24h} · ${(context.warnings ?? []).length} warnings/levels, ${context.escalations.length} escalation to the supervisor`);
  actor.stop();
}

type CycleModule = Awaited<ReturnType<(typeof machineModules)['return-visit-cycle']>>;

/**
 * (c) A return-visit cycle: six customers serviced on 12-01, two of them members; one customer
 * abroad called in their rest time (RV-QUIET), one member unreachable — retried, then an SMS,
 * then not reached — so archiving is refused (RV-MEMBER-100) until a reissued visit reaches them.
 */
function cycle(n: Narration, machine: AnyStateMachine, policy: Policy, people: Customer[], { renderReportMarkdown, cycleVisitId }: CycleModule): void {
  const T = (day: number, hhmm: string) => toEpoch(`2026-12-0${day}T${hhmm}:00+08:00`);
  const zones = ['Asia/Shanghai', 'Asia/Shanghai', 'Europe/London', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Shanghai'];
  const serviced = ['09:30', '10:15', '11:00', '14:30', '15:00', '16:20'];
  const rows: ArchiveRow[] = people.map((p, i) => ({
    customer: {
      id: `K-000${i + 1}`,
      name: [...p.name][0]!,
      salutation: i % 2 ? 'ms' : 'mr',
      phone: p.phone,
      member: i < 2,
      timeZone: zones[i]!,
    },
    // The seventh customer's service is older: not selected for this cycle.
    service: { item: ['常规保养', '更换轮胎', '空调清洗', '钣金喷漆', '常规保养', '发动机维修', '常规保养'][i]!, completedAt: i < 6 ? toIso(T(1, serviced[i]!)) : '2026-11-20T10:00:00+08:00' },
  }));
  /** The customer as the narration shows them: masked name, member, zone when not the department's. */
  const who = (i: number) => {
    const { customer } = rows[i]!;
    return `${maskName(people[i]!.name)}${customer.member ? ' 会员' : ''}${customer.timeZone === policy.calendar.timeZone ? '' : ` (${customer.timeZone})`}`;
  };

  n.title(
    '④ 回访流程 · A return-visit cycle, to the summary report (回访总结报告)',
    'RV-2026-12-01 · 6 customers serviced on 12-01, 2 of them members · one member unreachable, visited again',
  );
  const clock = new DemoClock(T(1, '18:00'));
  const actor = createActor(machine, { input: { cycleId: 'RV-2026-12-01', at: toIso(T(1, '18:00')), policy }, clock });
  let state = '';
  const pending: string[] = [];
  actor.subscribe(() => {
    const name = statePath(actor);
    if (name !== state && state !== '') pending.push(`→ ${name}`);
    state = name;
  });
  const ends: Array<{ at: string; text: string }> = [];
  actor.start();
  const flush = () => {
    for (const e of ends.splice(0)) n.at(e.at, '⏱ sms window', e.text);
    for (const line of pending.splice(0)) n.follow(line);
  };
  const cycleStep = (at: number, event: Untimed<ReturnVisitCycleEvent>, text: string) => {
    clock.set(at);
    flush();
    const outcome = sendAs(actor, { ...event, at: toIso(at) } as never);
    if (!outcome.accepted) throw new Error(`walkthrough: ${event.type} refused: ${outcome.message.en}`);
    n.at(at, event.type, text);
    flush();
  };
  const child = (i: number, round = 1) => actor.getSnapshot().children[cycleVisitId('RV-2026-12-01', rows[i]!.customer.id, round)] as AnyActorRef;
  /** Events sent to a visit from `at`, 20 s apart (a minute after the call ends); one narrated line for the lot. */
  const visit = (at: number, i: number, events: ReadonlyArray<Untimed<ReturnVisitEvent>>, text: string | (() => string), round = 1) => {
    clock.set(at);
    flush();
    const ref = child(i, round);
    let ms = at;
    for (const event of events) {
      clock.set(ms);
      accept(ref, { ...event, at: toIso(ms) });
      ms += event.type === 'CALL.END' ? 60_000 : 20_000;
    }
    n.at(at, `${rows[i]!.customer.id} visit`, `${who(i)} · ${typeof text === 'string' ? text : text()}`);
    flush();
  };
  const satisfied = (suggestion?: string): ReadonlyArray<Untimed<ReturnVisitEvent>> => [
    { type: 'VISIT.START' },
    { type: 'CALL.ANSWER' },
    { type: 'IDENTITY.CONFIRM' },
    { type: 'SATISFACTION.ANSWER', satisfaction: 'satisfied' },
    { type: 'SUGGESTION.RECORD', ...(suggestion ? { suggestion } : {}) },
    { type: 'CALL.END' },
    { type: 'RECORD.SUBMIT' },
  ];
  const unhappy = (satisfaction: 'average' | 'dissatisfied', aspect: string): ReadonlyArray<Untimed<ReturnVisitEvent>> => [
    { type: 'VISIT.START' },
    { type: 'CALL.ANSWER' },
    { type: 'IDENTITY.CONFIRM' },
    { type: 'SATISFACTION.ANSWER', satisfaction },
    { type: 'ASPECT.RECORD', aspects: [aspect] },
    { type: 'CALL.END' },
    { type: 'RECORD.SUBMIT' },
  ];
  const noAnswer: ReadonlyArray<Untimed<ReturnVisitEvent>> = [{ type: 'VISIT.START' }, { type: 'CALL.NO_ANSWER' }];
  const nextAttempt = (i: number) => n.time(String((child(i).getSnapshot().context as { nextAttemptAt?: string }).nextAttemptAt));

  cycleStep(T(1, '18:00'), { type: 'CUSTOMERS.SELECT', criteria: { occasion: 'after-service', from: toIso(T(1, '00:00')), to: toIso(T(2, '00:00')), method: 'phone' }, archive: rows }, '提取客户资料:档案 7 行,选出 12-01 服务的 6 位客户(会员 2 位优先)');
  cycleStep(T(1, '18:05'), { type: 'AGENTS.ASSIGN', agentIds: ['A-01', 'A-02'] }, '统计整理,按数量均衡分配给 A-01、A-02,每位客户一次回访');
  // Visits end as children: their ends come back to the cycle (xstate.done.actor.*).
  child(1).on('returnVisit.ended', (e: { outcome: string }) => {
    // The clock's time: the visit's own `endedAt` is its last event's (the SMS), not the window's end.
    if (e.outcome === 'unreached') ends.push({ at: toIso(clock.now()), text: `${who(1)} · ${policy.returnVisit.smsReplyWindowHours} 小时内未回复短信 → 未联系上 unreached` });
  });
  visit(T(2, '10:00'), 0, satisfied('希望延长周末营业时间'), '电话回访:满意,建议“希望延长周末营业时间” → 已回访');
  visit(T(2, '10:10'), 1, noAnswer, () => `无人接听 (1/${policy.returnVisit.retryAttempts}),${policy.returnVisit.retrySpacingHours} 小时后重拨,不早于 ${nextAttempt(1)}`);
  {
    const at = T(2, '10:30');
    clock.set(at);
    const v = refused(sendAs(child(2), { type: 'VISIT.START', at: toIso(at) } as never), 'RV-QUIET');
    const next = String(v.details?.nextAllowedAt);
    n.at(at, 'K-0003 VISIT.START', `${who(2)} · ✗ [RV-QUIET] 当地 ${localTime(at, 'Europe/London')} 是休息时间;最早 ${n.time(next)}(当地 ${localTime(next, 'Europe/London')})`);
  }
  visit(T(2, '10:40'), 3, unhappy('dissatisfied', '价格'), '电话回访:不满意(价格) → 已回访,转投诉处理 (openComplaint)');
  visit(T(2, '10:50'), 4, satisfied(), `电话回访(当地 ${localTime(T(2, '10:50'), 'Asia/Tokyo')}):满意,无建议 → 已回访`);
  visit(T(2, '11:10'), 5, satisfied('希望增加线上预约时段'), '电话回访:满意,建议“希望增加线上预约时段” → 已回访');
  visit(T(2, '14:20'), 1, noAnswer, () => `无人接听 (2/${policy.returnVisit.retryAttempts}),重拨不早于 ${nextAttempt(1)}`);
  visit(T(2, '17:00'), 2, unhappy('average', '等待时间'), '电话回访(当地 09:00):一般,需改进等待时间 → 已回访');
  visit(T(2, '18:30'), 1, noAnswer, `无人接听 (3/${policy.returnVisit.retryAttempts}):会员改发短信 (RV-MEMBER-100)`);
  visit(T(2, '18:31'), 1, [{ type: 'VISIT.START' }], '改发回访短信,等待回复');
  clock.set(T(3, '18:40'));
  flush();
  cycleStep(T(3, '18:45'), { type: 'REPORT.WRITE', author: '主管张三', conclusions: ['缩短客户等待时间'] }, '撰写《回访总结报告》');
  {
    const at = T(3, '18:50');
    clock.set(at);
    const v = refused(sendAs(actor, { type: 'CYCLE.ARCHIVE', at: toIso(at) } as never), 'RV-MEMBER-100');
    n.at(at, 'CYCLE.ARCHIVE', `✗ [RV-MEMBER-100] 归档被拒:会员 ${(v.details?.members as string[]).join('、')} 尚未回访`);
  }
  cycleStep(T(3, '18:55'), { type: 'VISIT.REISSUE', customerId: 'K-0002', row: rows[1]!, method: 'phone' }, '为会员 K-0002 重新安排电话回访(第 2 次)');
  visit(T(4, '09:30'), 1, satisfied(), '电话回访(第 2 次):满意 → 已回访', 2);
  cycleStep(T(4, '10:00'), { type: 'REPORT.WRITE', author: '主管张三', conclusions: ['缩短客户等待时间', '会员电话未接通时及时改发短信并重新安排回访'] }, '重新撰写《回访总结报告》');
  cycleStep(T(4, '10:10'), { type: 'CYCLE.ARCHIVE' }, '会员 100% 回访,资料归档 ✓');
  const output = actor.getSnapshot().output as ReturnVisitCycleOutput;
  actor.stop();
  n.note('');
  n.note('《回访总结报告》 (renderReportMarkdown, ids only):');
  for (const line of renderReportMarkdown(output.report, 'zh').trimEnd().split('\n')) n.note(line === '' ? '' : `  ${line}`);
}

/**
 * The narrated section at the top of `kefu demo` (典型流程 · Walkthroughs): a complaint through
 * the seven steps and one that does not stand, a call whose warm transfer times out and then
 * succeeds, a small return-visit cycle ending in its summary report, a member's email warned
 * before its due time and escalated level by level after it. The same text every run:
 * fixed times, made-up customers from a fixed seed, shown masked.
 */
export async function runWalkthroughs(policy: Policy = defaultPolicy): Promise<Walkthroughs> {
  const catalog = await loadCatalog();
  const machine = (name: string) => {
    const found = catalog.find((m) => m.name === name)?.machine;
    if (!found) throw new Error(`walkthrough: machine "${name}" is not in the catalogue`);
    return found;
  };
  // Functions of the cycle's module (its report renderer), through the catalogue's module list.
  const cycleModule = await machineModules['return-visit-cycle']();
  const random = createRandom('walkthrough');
  const people = Array.from({ length: 10 }, (_, i) => makeCustomer(random.fork(`customer-${i}`)));
  const n = new Narration(policy.calendar.timeZone);
  n.lines.push(`典型流程 · Walkthroughs — the machines step by step (${policy.calendar.timeZone} time; customers made up and masked)`);
  const recorded = complaints(n, machine('complaint'), policy, people.slice(0, 2));
  call(n, machine('call'), policy, people[2]!);
  cycle(n, machine('returnVisitCycle'), policy, people.slice(3, 10), cycleModule);
  email(n, machine('email'), policy, people[3]!);
  n.lines.push('');
  return { text: `${n.lines.join('\n')}\n`, customers: people, complaints: recorded };
}
