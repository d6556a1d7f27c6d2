/**
 * The DATA-* rule checks of the customer-data machine. Each is a pure function of the context
 * and the event; the machine's guards are built from them with `ruleGuard`, and `explain` runs
 * the same functions to say why an event was refused.
 */
import { checkActsForSelf } from '../../src/roles/permit.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { localDate, toEpoch } from '../../src/time/index.js';
import { assignCustomers, findAssignmentProblems } from './customer-data.assign.js';
import type { CustomerDataContext, CustomerDataEvent, CustomerDataMachineEvent } from './customer-data.types.js';

type Args = { context: CustomerDataContext; event: CustomerDataMachineEvent };
type Of<T extends CustomerDataEvent['type']> = Extract<CustomerDataEvent, { type: T }>;

const knownAgent = (context: CustomerDataContext, agentId: string) => context.agents.some((a) => a.agentId === agentId);

/**
 * Records of the open day not yet filed (DATA-DAILY 避免遗漏), by record id.
 *
 * @example
 * unfiledRecords(actor.getSnapshot().context) //=> ['R2', 'R4']
 */
export function unfiledRecords(context: Pick<CustomerDataContext, 'day'>): string[] {
  return Object.values(context.day?.records ?? {})
    .filter((r) => r.filedAt === undefined)
    .map((r) => r.recordId)
    .sort();
}

/** DATA-DAILY: a day is opened once, in order, and not ahead of the clock. */
export function checkDayOpen({ context, event }: Args): Violation | undefined {
  const e = event as Of<'DAY.OPEN'>;
  const last = [context.lastUpdate, context.day?.date].filter((d): d is string => d !== undefined).sort().pop();
  if (last !== undefined && e.date <= last) {
    return violation('DATA-DAILY', {
      reason: { zh: `${e.date} 的更新已经开始或完成`, en: `the update of ${e.date} was already opened or done` },
      details: { date: e.date, lastUpdate: last },
    });
  }
  const today = localDate(e.at, context.policy.calendar.timeZone);
  if (e.date > today) {
    return violation('DATA-DAILY', {
      reason: { zh: `不能提前开始 ${e.date} 的更新`, en: `the update of ${e.date} cannot start before that day` },
      details: { date: e.date, today },
    });
  }
  return undefined;
}

/** DATA-DAILY: a record is collected once, by a known agent. */
export function checkRecordCollectable({ context, event }: Args): Violation | undefined {
  const e = event as Of<'RECORD.COLLECT'>;
  if (context.day?.records[e.recordId]) {
    return violation('DATA-DAILY', { reason: { zh: `记录 ${e.recordId} 已提取`, en: `record ${e.recordId} was already collected` }, details: { recordId: e.recordId } });
  }
  if (!knownAgent(context, e.agentId)) {
    return violation('DATA-DAILY', { reason: { zh: `客服专员 ${e.agentId} 不在名单中`, en: `agent ${e.agentId} is not on the team` }, details: { agentId: e.agentId } });
  }
  return undefined;
}

/** DATA-DAILY: each category is managed by an agent of the team (分派专人管理各类资料). */
export function checkCategoryOwner({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CATEGORY.OWNER_SET'>;
  return knownAgent(context, e.agentId)
    ? undefined
    : violation('DATA-DAILY', { reason: { zh: `客服专员 ${e.agentId} 不在名单中`, en: `agent ${e.agentId} is not on the team` }, details: { agentId: e.agentId } });
}

/** DATA-DAILY: a record filed is one collected that day, under a category that has its manager. */
export function checkRecordFilable({ context, event }: Args): Violation | undefined {
  const e = event as Of<'RECORD.FILE'>;
  if (!context.day?.records[e.recordId]) {
    return violation('DATA-DAILY', { reason: { zh: `当日没有记录 ${e.recordId}`, en: `no record ${e.recordId} was collected today` }, details: { recordId: e.recordId } });
  }
  if (context.owners[e.category] === undefined) {
    return violation('DATA-DAILY', {
      reason: { zh: `类别“${e.category}”尚未分派专人管理`, en: `category "${e.category}" has no one managing it` },
      details: { category: e.category, categories: Object.keys(context.owners).sort() },
    });
  }
  return undefined;
}

/** DATA-DAILY: the day's update closes only when every record collected that day is filed; the refusal lists the others. */
export function checkEverythingFiled({ context }: Args): Violation | undefined {
  const unfiled = unfiledRecords(context);
  return unfiled.length === 0
    ? undefined
    : violation('DATA-DAILY', {
        reason: { zh: `尚有 ${unfiled.length} 条记录未整理归档:${unfiled.join('、')}`, en: `${unfiled.length} record(s) not filed: ${unfiled.join(', ')}` },
        details: { unfiled },
      });
}

const assignOptions = (context: CustomerDataContext) => ({
  ability: context.ability,
  loads: context.loads,
  tolerance: context.policy.data.assignmentTolerance,
});

/** DATA-ASSIGN: automatic assignment needs an agent able to hold each waiting customer. */
export function checkAutoAssignable({ context }: Args): Violation | undefined {
  if (context.pending.length === 0) return violation('DATA-ASSIGN', { reason: { zh: '没有待分配的客户', en: 'no customer is waiting to be assigned' } });
  const { unassigned } = assignCustomers(context.pending, context.agents, assignOptions(context));
  return unassigned.length === 0
    ? undefined
    : violation('DATA-ASSIGN', {
        reason: { zh: `没有客服专员能负责客户 ${unassigned.join('、')}`, en: `no agent is able to hold customer(s) ${unassigned.join(', ')}` },
        details: { unassigned },
      });
}

/** DATA-ASSIGN: a hand-made assignment keeps counts balanced among equally able agents and honours ability. */
export function checkAssignmentBalanced({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSIGNMENT.SUBMIT'>;
  const problems = findAssignmentProblems(e.assignments, context.pending, context.agents, assignOptions(context));
  if (problems.length === 0) return undefined;
  const unbalanced = problems.filter((p) => p.kind === 'unbalanced');
  const zh = unbalanced.length === problems.length ? '分配不均衡' : '分配有误';
  const en = unbalanced.length === problems.length ? 'the counts are not balanced' : 'the assignment is not valid';
  const first = problems[0]!;
  const hint =
    first.kind === 'unbalanced'
      ? { zh: `客户 ${first.customerId} 给了 ${first.agentId}(${first.load} 位),而 ${first.betterAgentId} 仅 ${first.betterLoad} 位`, en: `customer ${first.customerId} went to ${first.agentId} (${first.load}) while ${first.betterAgentId} holds ${first.betterLoad}` }
      : { zh: `客户 ${first.customerId}:${first.kind}`, en: `customer ${first.customerId}: ${first.kind}` };
  return violation('DATA-ASSIGN', { reason: { zh: `${zh}:${hint.zh}`, en: `${en}: ${hint.en}` }, details: { problems } });
}

/**
 * ROLE-PERMIT (与客户沟通并详细备案): the contact is recorded by the agent themselves — the
 * principal's id is the `agentId` the contact names (the table already holds the step to the
 * `agent` role; {@link checkContact} then checks that this agent holds the customer). A supervisor
 * or another agent cannot record it for them. Not checked with `roles.enforce: false`.
 */
export function checkOwnContact({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CONTACT.RECORD'>;
  return checkActsForSelf(context.policy, e, e.agentId, { zh: '记录与其客户的沟通', en: 'record the contact with their customer' });
}

/** DATA-WEEK: the contact is recorded by the agent the customer was assigned to, after the assignment, once. */
export function checkContact({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CONTACT.RECORD'>;
  const duty = context.contacts[e.customerId];
  if (!duty) {
    return violation('DATA-WEEK', { reason: { zh: `客户 ${e.customerId} 不是新分配的客户`, en: `customer ${e.customerId} is not a newly assigned customer` }, details: { customerId: e.customerId } });
  }
  if (duty.agentId !== e.agentId) {
    return violation('DATA-WEEK', {
      reason: { zh: `客户 ${e.customerId} 由 ${duty.agentId} 负责`, en: `customer ${e.customerId} is held by ${duty.agentId}` },
      details: { customerId: e.customerId, agentId: duty.agentId },
    });
  }
  if (duty.contactedAt !== undefined) {
    return violation('DATA-WEEK', { reason: { zh: '已沟通并备案', en: 'the contact is already recorded' }, details: { contactedAt: duty.contactedAt } });
  }
  if (toEpoch(e.at) < toEpoch(duty.assignedAt)) {
    return violation('DATA-WEEK', { reason: { zh: '沟通时间早于分配时间', en: 'the contact is dated before the assignment' }, details: { assignedAt: duty.assignedAt } });
  }
  return undefined;
}

