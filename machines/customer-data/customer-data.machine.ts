import { and, assign, emit, enqueueActions, raise, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { CustomerDataContextSchema, customerDataInvariants } from './customer-data.invariants.js';
import { toEpoch, toIso, delayUntil } from '../../src/time/index.js';
import { CustomerDataEventSchema, CustomerDataInputSchema, type Assignment, type CustomerDataInput } from './customer-data.schemas.js';
import { assignCustomers } from './customer-data.assign.js';
import { contactDueAt, endOfLocalDay, nextWorkingDay, workingDaysBetween } from './customer-data.time.js';
import * as checks from './customer-data.rules.js';
import type {
  ContactDuty,
  CustomerDataContext,
  CustomerDataEmitted,
  CustomerDataEvent,
  CustomerDataMachineEvent,
  FlaggedDay,
} from './customer-data.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { customerDataPermissions } from './customer-data.permissions.js';
import { customerDataWorklist } from './customer-data.worklist.js';

type Of<T extends CustomerDataEvent['type']> = Extract<CustomerDataEvent, { type: T }>;
type Ctx = { context: CustomerDataContext; event: CustomerDataMachineEvent };

/** Chinese names of the steps (客户资料管理), as the documents say them. */
export const customerDataStepNames = {
  collecting: { zh: '资料收集', en: 'collect' },
  compiling: { zh: '资料整理', en: 'compile and classify' },
  processing: { zh: '资料处理', en: 'assign to agents' },
  tracking: { zh: '一周内沟通并备案', en: 'contact within the week and record it' },
} as const;

const untilDue = delayUntil;
const later = (a: string, b: string): string => (toEpoch(a) >= toEpoch(b) ? a : b);

/** The next working day an update is expected (after the last update and the last flagged day). */
function expectedUpdate(context: CustomerDataContext): string | undefined {
  const last = [context.lastUpdate, ...context.flaggedDays.map((f) => f.date)].filter((d): d is string => d !== undefined).sort().pop();
  return last === undefined ? undefined : nextWorkingDay(context.policy.calendar, last);
}

/** The earliest due time among customers not yet contacted nor escalated. */
function nextContactDue(contacts: Readonly<Record<string, ContactDuty>>): string | undefined {
  let min: string | undefined;
  for (const c of Object.values(contacts)) {
    if (c.contactedAt !== undefined || c.escalatedAt !== undefined) continue;
    if (min === undefined || toEpoch(c.dueAt) < toEpoch(min)) min = c.dueAt;
  }
  return min;
}

/** Escalate every open contact whose due time is at or before `ref`. */
function escalateUpTo(context: CustomerDataContext, ref: string, at: string) {
  const contacts: Record<string, ContactDuty> = { ...context.contacts };
  const escalated: ContactDuty[] = [];
  for (const c of Object.values(context.contacts)) {
    if (c.contactedAt === undefined && c.escalatedAt === undefined && toEpoch(c.dueAt) <= toEpoch(ref)) {
      contacts[c.customerId] = { ...c, escalatedAt: at };
      escalated.push(c);
    }
  }
  escalated.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  return { contacts, escalated };
}

/**
 * The customer-file process (客户资料管理), one actor per team:
 * - daily (每日更新): 资料收集 — agents extract customer records → 资料整理 — the supervisor files
 *   each under a category that has its manager; the day's update closes only with nothing left
 *   out (DATA-DAILY) → 资料处理 — new customers are assigned to agents, balanced by count and
 *   honouring ability (DATA-ASSIGN). A working day without an update is flagged.
 * - contacts: each newly assigned customer is contacted within `policy.data.newCustomerContactDays`
 *   and the contact recorded (备案); a missed due time is escalated (DATA-WEEK).
 *
 * The context holds ids only; names and phones stay in the host's CRM. Side effects are named
 * actions with no-op defaults: `.provide({ actions: { notifySupervisor, notifyAgents, fileContactRecord } })`.
 */
export const customerDataMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as CustomerDataContext,
    events: {} as CustomerDataMachineEvent,
    input: {} as CustomerDataInput,
    emitted: {} as CustomerDataEmitted,
  },
  guards: {
    isDayOpenable: ruleGuard('DATA-DAILY', checks.checkDayOpen),
    isRecordCollectable: ruleGuard('DATA-DAILY', checks.checkRecordCollectable),
    isCategoryOwnerKnown: ruleGuard('DATA-DAILY', checks.checkCategoryOwner),
    isRecordFilable: ruleGuard('DATA-DAILY', checks.checkRecordFilable),
    isEverythingFiled: ruleGuard('DATA-DAILY', checks.checkEverythingFiled),
    isAutoAssignable: ruleGuard('DATA-ASSIGN', checks.checkAutoAssignable),
    isAssignmentBalanced: ruleGuard('DATA-ASSIGN', checks.checkAssignmentBalanced),
    isOwnContact: ruleGuard('ROLE-PERMIT', checks.checkOwnContact),
    isContactByAssignedAgent: ruleGuard('DATA-WEEK', checks.checkContact),
    // Routing conditions, not rules.
    isNothingPending: ({ context }) => context.pending.length === 0,
    isUpdateExpected: ({ context }) => expectedUpdate(context) !== undefined,
    hasContactCheck: ({ context }) => context.nextContactCheck !== undefined,
  },
  delays: {
    /** End of the day being updated (DATA-DAILY). */
    dayEndDeadline: ({ context }) => untilDue(context.day ? endOfLocalDay(context.day.date, context.policy.calendar.timeZone) : undefined, context.now),
    /** End of the next working day expected to have an update (DATA-DAILY). */
    missedDayDeadline: ({ context }) => {
      const date = expectedUpdate(context);
      return untilDue(date === undefined ? undefined : endOfLocalDay(date, context.policy.calendar.timeZone), context.now);
    },
    /** The earliest contact due time not yet checked (DATA-WEEK). */
    contactDeadline: ({ context }) => untilDue(context.nextContactCheck, context.now),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    notifySupervisor: (_: unknown, _params: { teamId: string; reason: 'day-flagged' | 'contact-overdue'; date?: string; customerId?: string; agentId?: string; dueAt?: string }) => {},
    notifyAgents: (_: unknown, _params: { teamId: string; assignments: readonly { customerId: string; agentId: string; dueAt: string }[] }) => {},
    fileContactRecord: (_: unknown, _params: { teamId: string; customerId: string; agentId: string; method: string; note: string; at: string }) => {},

    setAgents: assign(({ context, event }) => {
      const e = event as Of<'AGENTS.SET'>;
      return { agents: e.agents, now: later(e.at, context.now) };
    }),
    setCategoryOwner: assign(({ context, event }) => {
      const e = event as Of<'CATEGORY.OWNER_SET'>;
      return { owners: { ...context.owners, [e.category]: e.agentId }, now: later(e.at, context.now) };
    }),
    openDay: assign(({ context, event }) => {
      const e = event as Of<'DAY.OPEN'>;
      // Contacts already recorded were handed to the host (fileContactRecord); keep the open ones.
      const contacts = Object.fromEntries(Object.entries(context.contacts).filter(([, c]) => c.contactedAt === undefined));
      return { day: { date: e.date, openedAt: e.at, records: {} }, contacts, now: later(e.at, context.now) };
    }),
    flagDaysWithoutUpdate: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'DAY.OPEN'>;
      if (context.lastUpdate === undefined) return;
      const known = new Set(context.flaggedDays.map((f) => f.date));
      const dates = workingDaysBetween(context.policy.calendar, context.lastUpdate, e.date).filter((d) => !known.has(d));
      if (dates.length === 0) return;
      const flags: FlaggedDay[] = dates.map((date) => ({ date, reason: 'no-update', at: e.at }));
      enqueue.assign({ flaggedDays: [...context.flaggedDays, ...flags] });
      for (const f of flags) {
        enqueue.emit({ type: 'customerData.dayFlagged', teamId: context.teamId, date: f.date, reason: f.reason });
        enqueue({ type: 'notifySupervisor', params: { teamId: context.teamId, reason: 'day-flagged', date: f.date } });
      }
    }),
    announceDayOpened: emit(({ context }: Ctx) => ({ type: 'customerData.dayOpened' as const, teamId: context.teamId, date: context.day!.date })),
    flagMissedDay: enqueueActions(({ context, enqueue }) => {
      const date = expectedUpdate(context);
      if (date === undefined) return;
      const end = endOfLocalDay(date, context.policy.calendar.timeZone);
      const at = later(end, context.now);
      enqueue.assign({ flaggedDays: [...context.flaggedDays, { date, reason: 'no-update', at }], now: at });
      enqueue.emit({ type: 'customerData.dayFlagged', teamId: context.teamId, date, reason: 'no-update' });
      enqueue({ type: 'notifySupervisor', params: { teamId: context.teamId, reason: 'day-flagged', date } });
    }),
    flagDayNotClosed: enqueueActions(({ context, enqueue }) => {
      const date = context.day!.date;
      const at = later(endOfLocalDay(date, context.policy.calendar.timeZone), context.now);
      enqueue.assign({ flaggedDays: [...context.flaggedDays, { date, reason: 'not-closed-on-time', at }], now: at });
      enqueue.emit({ type: 'customerData.dayFlagged', teamId: context.teamId, date, reason: 'not-closed-on-time' });
      enqueue({ type: 'notifySupervisor', params: { teamId: context.teamId, reason: 'day-flagged', date } });
    }),
    collectRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.COLLECT'>;
      const day = context.day!;
      const record = { recordId: e.recordId, customerId: e.customerId, collectedBy: e.agentId, kind: e.kind, collectedAt: e.at };
      return { day: { ...day, records: { ...day.records, [e.recordId]: record } }, now: later(e.at, context.now) };
    }),
    submitCollection: assign(({ context, event }) => {
      const e = event as Of<'COLLECTION.SUBMIT'>;
      return { day: { ...context.day!, submittedAt: e.at }, now: later(e.at, context.now) };
    }),
    fileRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.FILE'>;
      const day = context.day!;
      const record = { ...day.records[e.recordId]!, category: e.category, filedAt: e.at, ...(e.minLevel !== undefined ? { minLevel: e.minLevel } : {}) };
      return { day: { ...day, records: { ...day.records, [e.recordId]: record } }, now: later(e.at, context.now) };
    }),
    closeUpdate: assign(({ context, event }) => {
      const e = event as Of<'UPDATE.CLOSE'>;
      const day = context.day!;
      // New customers wait for assignment once, however many records the day holds for them.
      const fresh = Object.values(day.records)
        .filter((r) => r.kind === 'new' && context.contacts[r.customerId] === undefined)
        .sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
      const pending = [...context.pending];
      for (const r of fresh) {
        if (pending.some((p) => p.customerId === r.customerId)) continue;
        pending.push({ customerId: r.customerId, filedAt: r.filedAt!, ...(r.category !== undefined ? { category: r.category } : {}), ...(r.minLevel !== undefined ? { minLevel: r.minLevel } : {}) });
      }
      return { day: { ...day, closedAt: e.at }, lastUpdate: day.date, pending, now: later(e.at, context.now) };
    }),
    announceUpdateClosed: emit(({ context }: Ctx) => ({
      type: 'customerData.updateClosed' as const,
      teamId: context.teamId,
      date: context.day!.date,
      records: Object.keys(context.day!.records).length,
      newCustomers: context.pending.length,
    })),
    assignCustomers: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'CUSTOMERS.ASSIGN'> | Of<'ASSIGNMENT.SUBMIT'>;
      const chosen: Assignment[] =
        e.type === 'ASSIGNMENT.SUBMIT'
          ? e.assignments
          : assignCustomers(context.pending, context.agents, { ability: context.ability, loads: context.loads, tolerance: context.policy.data.assignmentTolerance }).assignments;
      const dueAt = contactDueAt(e.at, context.policy);
      const loads = { ...context.loads };
      const contacts = { ...context.contacts };
      for (const a of chosen) {
        loads[a.agentId] = (loads[a.agentId] ?? 0) + 1;
        contacts[a.customerId] = { customerId: a.customerId, agentId: a.agentId, assignedAt: e.at, dueAt };
      }
      const given = new Set(chosen.map((a) => a.customerId));
      const list = chosen.map((a) => ({ customerId: a.customerId, agentId: a.agentId, dueAt }));
      enqueue.assign({ loads, contacts, pending: context.pending.filter((p) => !given.has(p.customerId)), now: later(e.at, context.now) });
      enqueue.emit({ type: 'customerData.assigned', teamId: context.teamId, assignments: list });
      enqueue({ type: 'notifyAgents', params: { teamId: context.teamId, assignments: list } });
      enqueue('scheduleContactChecks');
    }),
    scheduleContactChecks: raise({ type: 'CONTACTS.SCHEDULE' }),
    planContactCheck: assign(({ context }) => ({ nextContactCheck: nextContactDue(context.contacts) })),
    recordContact: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'CONTACT.RECORD'>;
      const duty = context.contacts[e.customerId]!;
      const late = toEpoch(e.at) >= toEpoch(duty.dueAt);
      enqueue.assign({ contacts: { ...context.contacts, [e.customerId]: { ...duty, contactedAt: e.at, method: e.method, late } }, now: later(e.at, context.now) });
      enqueue.emit({ type: 'customerData.contactRecorded', teamId: context.teamId, customerId: e.customerId, agentId: e.agentId, late });
      enqueue({ type: 'fileContactRecord', params: { teamId: context.teamId, customerId: e.customerId, agentId: e.agentId, method: e.method, note: e.note, at: e.at } });
    }),
    escalateDueContacts: enqueueActions(({ context, event, enqueue }) => {
      // A timer fires at the due time it was planned for; a DEADLINES.CHECK brings its own time.
      const ref = event.type === 'DEADLINES.CHECK' ? toIso(event.at) : context.nextContactCheck;
      if (ref === undefined) return;
      const at = event.type === 'DEADLINES.CHECK' ? event.at : ref;
      const { contacts, escalated } = escalateUpTo(context, ref, at);
      enqueue.assign({
        contacts,
        escalations: [...context.escalations, ...escalated.map((c) => ({ customerId: c.customerId, agentId: c.agentId, dueAt: c.dueAt }))],
        now: later(at, context.now),
      });
      for (const c of escalated) {
        enqueue.emit({ type: 'customerData.contactOverdue', teamId: context.teamId, customerId: c.customerId, agentId: c.agentId, dueAt: c.dueAt });
        enqueue({ type: 'notifySupervisor', params: { teamId: context.teamId, reason: 'contact-overdue', customerId: c.customerId, agentId: c.agentId, dueAt: c.dueAt } });
      }
    }),
  },
}).createMachine({
  id: 'customerData',
  description: '客户资料管理:资料收集 → 资料整理 → 资料处理,每日及时更新,避免遗漏;新客户一周内沟通并备案 — the customer-file process (DATA-DAILY, DATA-ASSIGN, DATA-WEEK)',
  meta: { zh: '客户资料管理', rules: ['DATA-DAILY', 'DATA-ASSIGN', 'DATA-WEEK'] },
  type: 'parallel',
  context: ({ input }) => {
    const parsed = parseInput(CustomerDataInputSchema, input, 'customer-data input');
    return {
      policy: parsed.policy ?? defaultPolicy,
      teamId: parsed.teamId,
      now: parsed.at,
      agents: parsed.agents,
      ability: parsed.ability,
      owners: parsed.owners,
      loads: parsed.loads,
      ...(parsed.lastUpdate !== undefined ? { lastUpdate: parsed.lastUpdate } : {}),
      pending: [],
      contacts: {},
      escalations: [],
      flaggedDays: [],
    };
  },
  on: {
    'AGENTS.SET': { actions: 'setAgents', description: '更新客服专员名单(级别、可负责类别) — update the team: levels and categories (DATA-ASSIGN)' },
    'CATEGORY.OWNER_SET': {
      guard: 'isCategoryOwnerKnown',
      actions: 'setCategoryOwner',
      description: '分派专人管理各类资料 — name the agent who manages a category of files (DATA-DAILY)',
    },
  },
  states: {
    daily: {
      description: '每日更新:资料收集、资料整理、资料处理 — the daily update: collect, compile, assign (DATA-DAILY, DATA-ASSIGN)',
      meta: { zh: '每日更新', rules: ['DATA-DAILY', 'DATA-ASSIGN'] },
      initial: 'idle',
      states: {
        idle: {
          description: '等待当日更新;应更新的工作日未更新则标记 — waiting for the next day\'s update; a working day without one is flagged (DATA-DAILY)',
          meta: { zh: '等待每日更新', rules: ['DATA-DAILY'] },
          after: {
            missedDayDeadline: {
              guard: 'isUpdateExpected',
              target: 'idle',
              reenter: true,
              actions: 'flagMissedDay',
              description: '工作日结束仍未更新,标记并通知主管 — the working day ended without an update: flag it and tell the supervisor (DATA-DAILY)',
            },
          },
          on: {
            'DAY.OPEN': {
              guard: 'isDayOpenable',
              target: 'day',
              actions: ['openDay', 'flagDaysWithoutUpdate', 'announceDayOpened'],
              description: '开始当日更新;此前未更新的工作日予以标记 — open the day\'s update; earlier working days without one are flagged (DATA-DAILY)',
            },
          },
        },
        day: {
          description: '当日更新进行中,须当日完成 — the day\'s update is open and due by the end of the day (DATA-DAILY)',
          meta: { zh: '当日更新', rules: ['DATA-DAILY'] },
          initial: 'collecting',
          after: {
            dayEndDeadline: {
              actions: 'flagDayNotClosed',
              description: '当日结束仍未完成更新,标记并通知主管 — the day ended before the update closed: flag it (DATA-DAILY)',
            },
          },
          states: {
            collecting: {
              description: '1 资料收集:客服专员每日认真提取客户信息档案 — agents extract the day\'s customer records (DATA-DAILY)',
              meta: { zh: '资料收集', rules: ['DATA-DAILY'] },
              on: {
                'RECORD.COLLECT': { guard: 'isRecordCollectable', actions: 'collectRecord', description: '提取一条客户信息档案 — collect a customer record (DATA-DAILY)' },
                'COLLECTION.SUBMIT': { target: 'compiling', actions: 'submitCollection', description: '递交客服主管 — hand the records to the supervisor' },
              },
            },
            compiling: {
              description: '2 资料整理:客服主管汇总、分析分类,归入有专人管理的类别 — the supervisor compiles and files each record under a managed category (DATA-DAILY)',
              meta: { zh: '资料整理', rules: ['DATA-DAILY'] },
              on: {
                'RECORD.COLLECT': { guard: 'isRecordCollectable', actions: 'collectRecord', description: '补交的客户信息档案 — a record handed in late (DATA-DAILY)' },
                'RECORD.FILE': { guard: 'isRecordFilable', actions: 'fileRecord', description: '分析分类并归档 — classify and file a record (DATA-DAILY)' },
                'UPDATE.CLOSE': {
                  guard: 'isEverythingFiled',
                  target: '#customerData.daily.processing',
                  actions: ['closeUpdate', 'announceUpdateClosed'],
                  description: '当日记录全部归档,完成每日更新(避免遗漏) — every record of the day is filed: the update closes (DATA-DAILY)',
                },
              },
            },
          },
        },
        processing: {
          description: '3 资料处理:客服主管按负责客户数量均衡、兼顾业务能力的原则分配给客服专员 — the supervisor assigns new customers, balanced by count and honouring ability (DATA-ASSIGN)',
          meta: { zh: '资料处理', rules: ['DATA-ASSIGN'] },
          always: { guard: 'isNothingPending', target: 'idle', description: '新客户均已分配 — every new customer is assigned' },
          on: {
            'CUSTOMERS.ASSIGN': {
              guard: 'isAutoAssignable',
              actions: 'assignCustomers',
              description: '自动均衡分配 — assign automatically, balanced and by ability (DATA-ASSIGN)',
            },
            'ASSIGNMENT.SUBMIT': {
              guard: 'isAssignmentBalanced',
              actions: 'assignCustomers',
              description: '主管手工分配,须数量均衡、兼顾能力 — the supervisor assigns by hand: balanced and by ability (DATA-ASSIGN)',
            },
          },
        },
      },
    },
    contacts: {
      description: '新分配客户一周内沟通并详细备案 — newly assigned customers are contacted within the week and the contact recorded (DATA-WEEK)',
      meta: { zh: '一周内沟通', rules: ['DATA-WEEK'] },
      initial: 'tracking',
      states: {
        tracking: {
          description: '跟踪沟通期限,逾期上报主管 — track each due time; a missed one is escalated (DATA-WEEK)',
          meta: { zh: '一周内沟通并备案', rules: ['DATA-WEEK'] },
          entry: 'planContactCheck',
          after: {
            contactDeadline: {
              guard: 'hasContactCheck',
              target: 'tracking',
              reenter: true,
              actions: 'escalateDueContacts',
              description: '一周内未沟通,上报主管 — not contacted within the week: escalate (DATA-WEEK)',
            },
          },
          on: {
            'CONTACT.RECORD': {
              guard: and(['isOwnContact', 'isContactByAssignedAgent']),
              actions: 'recordContact',
              description: '与客户沟通并详细备案 — record the contact with its detailed note (DATA-WEEK)',
            },
            'DEADLINES.CHECK': {
              target: 'tracking',
              reenter: true,
              actions: 'escalateDueContacts',
              description: '按期限检查(重启后由调度器发出) — check due times now, e.g. after a restart (DATA-WEEK)',
            },
            'CONTACTS.SCHEDULE': {
              target: 'tracking',
              reenter: true,
              description: '新分配客户后重新计时 — restart the timer after an assignment (DATA-WEEK)',
            },
          },
        },
      },
    },
  },
}), customerDataPermissions), CustomerDataEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: customerDataMachine.id,
  events: CustomerDataEventSchema,
  input: CustomerDataInputSchema,
  context: CustomerDataContextSchema,
  invariants: customerDataInvariants,
  worklist: customerDataWorklist,
});
