import { createActor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import { findDepartment } from '../../policy/index.js';
import { sendAs } from './staff.js';
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  isQuietTime,
  localDate,
  nextAllowedMoment,
  toEpoch,
  toIso,
  workingTimeBetween,
} from '../../time/index.js';
import { localToEpoch } from '../../time/internal.js';
// Types only: the machine itself comes from the catalogue (ctx.machine), never imported here.
import type { ComplaintContext, ComplaintEvent, ComplaintForm, ComplaintStep } from '../../../machines/complaint/index.js';
import type { RuleId } from '../../rules/index.js';
import type { Customer } from './people.js';
import type { Random } from './random.js';
import type { Scenario, ScenarioContext, VisitRecord } from './types.js';

type Cause = 'repair-quality' | 'service' | 'product' | 'other';
/** An event without its time: the scenario stamps `at` when the step runs. */
type Untimed = ComplaintEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

/** A kind of complaint: its category in 《顾客投诉分类统计表》 and what a case of it looks like. */
export interface ComplaintKind {
  readonly category: string;
  readonly cause: Cause;
  readonly content: string;
  readonly remedy: string;
  readonly detail: string;
  readonly measure: string;
}

/** Categories of 《顾客投诉分类统计表》, with what a case of each looks like. */
const CATEGORIES: ReadonlyArray<readonly [ComplaintKind, number]> = [
  [{ category: '维修质量', cause: 'repair-quality', content: '维修后问题复发', remedy: '免费返修', detail: '装配检查遗漏', measure: '维修后增加复检' }, 40],
  [{ category: '服务态度', cause: 'service', content: '接待人员态度冷淡', remedy: '道歉并改进服务', detail: '高峰期人手不足', measure: '高峰期增加接待人员' }, 30],
  [{ category: '产品质量', cause: 'product', content: '新换配件有瑕疵', remedy: '更换配件', detail: '批次质量问题', measure: '加强来料检验' }, 20],
  [{ category: '收费争议', cause: 'other', content: '账单金额与报价不符', remedy: '核对并退还差额', detail: '报价未同步到结算系统', measure: '报价与结算系统联动' }, 10],
];

/** A kind of complaint, drawn by the categories' weights. */
export function pickComplaintKind(random: Random): ComplaintKind {
  return random.weighted(CATEGORIES);
}

/** The kind of complaint of a category (e.g. a return visit's dissatisfied aspect). */
export function complaintKindOf(category: string): ComplaintKind {
  return (CATEGORIES.find(([k]) => k.category === category) ?? CATEGORIES[0]!)[0];
}

const AGENTS = ['客服小周', '客服小林', '客服小陈', '客服小马'];
const SUPERVISOR = '客服主管';
const TECHNICIANS = ['技师甲', '技师乙', '接待员丙'];

/** Steps with a deadline, and the rule the deadline comes from. */
const DEADLINE_RULE: Partial<Record<ComplaintStep, RuleId>> = {
  register: 'CP-TIMELINE',
  assess: 'CP-TIMELINE',
  investigate: 'CP-TIMELINE',
  propose: 'CP-TIMELINE',
  implement: 'CP-TIMELINE',
  followUp: 'RV-3DAY',
  review: 'CP-TIMELINE',
};

/**
 * Complaints (顾客投诉处理流程) through the seven steps: some registered late, some that do not
 * stand, agents' mistakes the rules refuse (an incomplete form, a forbidden phrase, too long
 * an investigation), supervisors sending proposals back, customers rejecting a remedy, and
 * follow-up visits made within three days or not, never in the customer's rest time.
 */
export const complaintScenario: Scenario = {
  id: 'complaint',
  title: { zh: '顾客投诉', en: 'complaints' },
  machine: 'complaint',
  weight: 1,
  plan(ctx, { caseNo, arrival, random, customer }) {
    const caseId = `C-${ctx.date.replaceAll('-', '')}-${String(caseNo).padStart(4, '0')}`;
    planComplaint(ctx, { caseId, arrival, random, customer });
  },
};

/** A complaint case to plan: its own, or one another process opens (a call, a return visit). */
export interface ComplaintOpening {
  readonly caseId: string;
  /** When the case opens (epoch ms): the complaint arrives, or the call hands it over. */
  readonly arrival: number;
  /** When the complaint was received (the form's `receivedAt`: a call's start). @default arrival */
  readonly receivedAt?: number;
  readonly random: Random;
  readonly customer: Customer;
  /** The kind of complaint. @default drawn from the categories */
  readonly kind?: ComplaintKind;
  /**
   * The 《顾客投诉登记表》 another process filled in (complete), read when the case opens;
   * `undefined` then means the hand-over did not happen and the case is not opened.
   */
  readonly form?: () => ComplaintForm | undefined;
}

/**
 * Plan one complaint case through the seven steps on `ctx`'s clock. `ctx.machine` is the
 * complaint machine.
 */
export function planComplaint(ctx: ScenarioContext, opening: ComplaintOpening): void {
  const { caseId, arrival, random, customer } = opening;
  const receivedAt = opening.receivedAt ?? arrival;
  const { policy, records } = ctx;
  const { calendar } = policy;
  const process = 'complaint';
  const kind = opening.kind ?? random.weighted(CATEGORIES);
  const handler = policy.departments.find((d) => d.handles === kind.cause) ?? policy.departments[0]!;
  const record = { process, caseId, customer, arrivedAt: toIso(receivedAt), outcome: 'open', escalations: 0 } as (typeof records.cases)[number];
  records.cases.push(record);

  // Time moves forward through the case; `at` is the next step's time.
  let at = arrival;
  const working = (minHours: number, maxHours: number) => (at = toEpoch(addWorkingHours(calendar, at, random.between(minHours, maxHours))));
  // Filled in as the case runs (the steps below run later, on the simulated clock).
  const run: CaseRun = { actor: undefined, aborted: false };

  const step = (event: Untimed, expectRule?: RuleId) => {
    const when = at;
    ctx.schedule(when, () => {
      if (run.aborted || !run.actor) return;
      const outcome = sendAs(run.actor, { ...event, at: toIso(when) } as never);
      if (outcome.accepted && !expectRule) return;
      const rule = outcome.accepted ? 'accepted-unexpectedly' : (outcome.violations[0]?.rule ?? outcome.reason);
      const expected = rule === expectRule;
      records.refusals.push({ process, caseId, eventType: event.type, rule, expected });
      if (!expected) {
        run.aborted = true;
        record.outcome = 'aborted';
      }
    });
  };

  // 1 投诉受理: the agent fills in the form; sometimes registers it before it is complete.
  // A form handed over by another process is complete (CALL-CLASSIFY checked it).
  const incomplete = !opening.form && random.chance(0.15);
  const ownForm = {
    caseId,
    complainant: customer.name,
    receivedAt: toIso(arrival),
    channel: random.pick(['phone', 'visit', 'web', 'email'] as const),
    desiredRemedy: kind.remedy,
    member: customer.member,
    ...(incomplete ? {} : { contact: { phone: customer.phone }, content: `${kind.content}(${customer.address})` }),
  };
  ctx.schedule(arrival, () => {
    const form = opening.form ? opening.form() : ownForm;
    if (!form) {
      run.aborted = true;
      record.outcome = 'aborted';
      return;
    }
    run.actor = createActor(ctx.machine, { input: { form, policy }, clock: ctx.clock }).start();
  });
  if (incomplete) {
    working(0.05, 0.15);
    step({ type: 'COMPLAINT.REGISTER' }, 'CP-REGISTER');
    working(0.05, 0.15);
    step({ type: 'FORM.UPDATE', fields: { contact: { phone: customer.phone }, content: `${kind.content}(${customer.address})` } });
  }
  // 即时受理: within the hour, but one in ten is late and escalates.
  if (random.chance(0.1)) working(1.2, 2.5);
  else working(0.05, 0.7);
  step({ type: 'COMPLAINT.REGISTER' });
  const resultDue = toEpoch(addWorkingDays(calendar, receivedAt, policy.complaint.resultWithinWorkingDays));

  // 2 投诉判断
  const assessLate = random.chance(0.08);
  const assessStands = () => {
    working(assessLate ? 4.2 : 0.3, assessLate ? 6 : 3);
    const investigationDays = random.int(1, 2);
    const valid = {
      type: 'ASSESS.VALID' as const,
      department: handler.id,
      investigationDays,
      customerAgreed: true,
      apology: '非常抱歉给您带来不便,我们会尽快查明原因并给您答复。',
      promisedBy: toIso(Math.max(resultDue, at + 3_600_000)),
    };
    if (random.chance(0.05)) {
      // Asking for longer than the policy allows is refused (CP-ASSESS).
      step({ ...valid, investigationDays: policy.complaint.maxInvestigationWorkingDays + 2 }, 'CP-ASSESS');
      working(0.05, 0.2);
    }
    step(valid);
    return investigationDays;
  };

  const notStands = random.chance(0.2);
  let investigationDays = 0;
  if (notStands) {
    working(assessLate ? 4.2 : 0.3, assessLate ? 6 : 3);
    step({ type: 'ASSESS.INVALID', reason: '已过保修期' });
    working(0.1, 1);
    if (random.chance(0.1)) {
      step({ type: 'EXPLANATION.GIVE', text: '这个不可以免费处理。' }, 'CP-LANGUAGE');
      working(0.05, 0.2);
    }
    step({ type: 'EXPLANATION.GIVE', text: '您好,这次维修已超过保修期,我们可以为您提供优惠检测。' });
    if (random.chance(0.25)) {
      // The customer disputes: assessed again, and this time it stands.
      working(0.5, 4);
      step({ type: 'CUSTOMER.DISPUTE', reason: '保修卡上的日期不同' });
      investigationDays = assessStands();
    } else {
      working(0.5, 8);
      step({ type: 'CUSTOMER.ACKNOWLEDGE' });
    }
  } else {
    investigationDays = assessStands();
  }

  if (investigationDays > 0) {
    // 3 展开调查
    if (random.chance(0.12)) working(investigationDays * 8 + 0.5, investigationDays * 8 + 6);
    else working(1, investigationDays * 6);
    const responsible = random.pick(TECHNICIANS);
    step({ type: 'INVESTIGATION.RECORD', cause: kind.cause, detail: kind.detail, responsiblePerson: responsible, handler: handler.id });

    // 4 提出处理方案 (主管批示)
    let proposals = 0;
    const propose = () => {
      working(0.3, 2);
      step({ type: 'PROPOSAL.ADD', proposalId: `P${++proposals}`, description: kind.remedy, department: handler.id });
      if (random.chance(0.4)) {
        working(0.1, 1);
        step({ type: 'PROPOSAL.ADD', proposalId: `P${++proposals}`, description: `${kind.remedy},并赠送一次保养`, department: findDepartment(policy, 'service')?.id ?? handler.id });
      }
      working(0.1, 0.5);
      step({ type: 'PROPOSAL.SUBMIT' });
    };
    propose();
    if (random.chance(0.1)) {
      working(1, 4);
      step({ type: 'SUPERVISOR.SEND_BACK', reason: '方案成本过高' });
      propose();
    }
    let reviewed = 0;
    const approve = () => {
      if (random.chance(0.1)) working(8.5, 12);
      else working(0.3, 3);
      // 一一过目 (CP-PROPOSE): a verdict on every proposal not reviewed yet; the newest is the one taken.
      while (reviewed < proposals) {
        const id = `P${++reviewed}`;
        step(reviewed === proposals ? { type: 'PROPOSAL.REVIEW', proposalId: id, verdict: 'accept' } : { type: 'PROPOSAL.REVIEW', proposalId: id, verdict: 'reject', reason: '成本较高,效果不如后一方案' });
        working(0.02, 0.1);
      }
      if (random.chance(0.3)) {
        // 请顾客参与共同选择: the customer picks among the accepted remedies.
        step({ type: 'CUSTOMER.CHOOSE', proposalId: `P${proposals}` });
        working(0.02, 0.2);
      }
      step({ type: 'SUPERVISOR.APPROVE', proposalId: `P${proposals}`, supervisor: SUPERVISOR });
      working(0.2, 1.5);
      step({ type: 'CUSTOMER.NOTIFY', message: `您好,我们为您安排:${kind.remedy}。` });
    };
    approve();

    // 5 实施处理方案
    if (random.chance(0.08)) {
      working(1, 4);
      step({ type: 'CUSTOMER.REJECT', reason: '希望直接退款' });
      propose();
      approve();
    }
    working(0.3, 3);
    step({ type: 'CUSTOMER.ACCEPT', signedBy: customer.name });
    working(0.1, 0.5);
    // 对直接责任者和部门主管要按照有关规定进行处罚 (CP-ACCOUNTABILITY): one measure each, with the provision.
    step({ type: 'ACCOUNTABILITY.RECORD', target: 'direct', person: responsible, department: handler.id, measure: '通报批评,扣减当月绩效', provision: '《服务质量考核办法》第五条' });
    step({ type: 'ACCOUNTABILITY.RECORD', target: 'head', person: `${handler.zh}负责人`, department: handler.id, measure: '书面检查,部门季度考核扣分', provision: '《服务质量考核办法》第九条' });
    working(0.1, 0.5);
    step({ type: 'FEEDBACK.RECORD', text: `${customer.name}表示基本满意` });
    working(0.1, 1);
    step({ type: 'IMPLEMENTATION.COMPLETE' });
    const implementedAt = at;

    // 6 处理后回访: on day 1–4 after handling, at a time outside the customer's rest time.
    const { timeZone } = calendar;
    const { quietHours } = policy.returnVisit;
    const day = localDate(addCalendarDays(implementedAt, random.weighted([[1, 40], [2, 30], [3, 20], [4, 10]] as const), timeZone), timeZone);
    const wish = localToEpoch(day, `${String(random.int(8, 21)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}`, timeZone);
    at = Math.max(toEpoch(nextAllowedMoment(quietHours, wish, timeZone)), at + 60_000);
    const method = random.weighted([['phone', 80], ['sms', 15], ['visit', 5]] as const);
    const satisfaction = random.weighted([['satisfied', 70], ['average', 20], ['dissatisfied', 10]] as const);
    const visitAt = at;
    step({ type: 'FOLLOWUP.RECORD', method, satisfaction, agent: random.pick(AGENTS), notes: `${customer.name}:${satisfaction === 'satisfied' ? '很满意' : '还有意见'}` });
    ctx.schedule(visitAt, () => {
      if (run.aborted || !run.actor) return;
      const escalated = (run.actor.getSnapshot().context as ComplaintContext).escalations.some((e) => e.step === 'followUp');
      const visit: VisitRecord = { process, caseId, method, satisfaction, withinDays: !escalated, inQuietHours: isQuietTime(quietHours, visitAt, timeZone) };
      records.visits.push(visit);
    });
    at += random.int(1, 10) * 60_000;
    step({ type: 'FOLLOWUP.COMPLETE' });

    // 7 总结评价
    if (random.chance(0.05)) working(policy.complaint.reviewWithinWorkingDays * 8 + 1, policy.complaint.reviewWithinWorkingDays * 8 + 8);
    else working(1, 24);
    step({ type: 'REVIEW.FILE', category: kind.category, analysis: kind.detail, measures: [kind.measure], supervisor: SUPERVISOR });
  }

  // Close the books on the case, right after its last step.
  ctx.schedule(at, () => finish(ctx, run, record, kind.category));
}

interface CaseRun {
  actor: AnyActorRef | undefined;
  /** A step was refused that the script did not expect: the rest of the case is skipped. */
  aborted: boolean;
}

function finish(ctx: ScenarioContext, { actor, aborted }: CaseRun, record: ScenarioContext['records']['cases'][number], category: string) {
  const { records, policy } = ctx;
  const snapshot = actor?.getSnapshot() as AnyMachineSnapshot | undefined;
  const context = snapshot?.context as ComplaintContext | undefined;
  if (!snapshot || !context) return;
  const closed = snapshot.status === 'done';
  record.escalations = context.escalations.length;
  if (!aborted) record.outcome = closed ? (context.assessment?.verdict === 'invalid' ? 'not-stands' : 'resolved') : 'open';
  if (context.closedAt) record.closedAt = context.closedAt;

  for (const [step, rule] of Object.entries(DEADLINE_RULE) as Array<[ComplaintStep, RuleId]>) {
    if (!context.deadlines[step]) continue;
    const zh = (ctx.machine.root.states[step]?.meta as { zh?: string } | undefined)?.zh ?? '';
    records.sla.push({ process: 'complaint', item: `${step} ${zh}`.trim(), rule, met: !context.escalations.some((e) => e.step === step) });
  }
  records.complaints.push({
    caseId: record.caseId,
    category,
    stands: context.assessment?.verdict === 'valid',
    closed,
    ...(closed && context.closedAt ? { workingHoursToClose: workingTimeBetween(policy.calendar, record.arrivedAt, context.closedAt) / 3_600_000 } : {}),
    ...(context.followUp ? { satisfaction: context.followUp.satisfaction } : {}),
  });
  actor?.stop();
}
