import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { definePolicy, explain, send, sendOrThrow } from 'kefu';
import { toEpoch } from 'kefu/time';
import {
  assignCustomers,
  contactDueAt,
  customerDataMachine,
  findAssignmentProblems,
  overdueContacts,
  workingDaysBetween,
  type CustomerDataEmitted,
} from 'kefu/machines/customer-data';
import { collectAndFile, startCustomerData, T, team } from './support/mgmt.js';
import { agentOf, people } from './support/principals.js';

const HOUR = 3_600_000;

describe('customer-data machine: 资料收集 → 资料整理 → 资料处理', () => {
  it('walks one day: collect, hand in, file, close the update, assign; then waits for the next day (Asia/Shanghai)', () => {
    const actor = startCustomerData();
    const emitted: CustomerDataEmitted[] = [];
    actor.on('*', (e) => emitted.push(e as CustomerDataEmitted));
    collectAndFile(actor, 4);
    expect(actor.getSnapshot().value).toEqual({ daily: { day: 'compiling' }, contacts: 'tracking' });
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    expect(actor.getSnapshot().value).toEqual({ daily: 'processing', contacts: 'tracking' });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') });
    const snap = actor.getSnapshot();
    expect(snap.value).toEqual({ daily: 'idle', contacts: 'tracking' });
    expect(snap.context.lastUpdate).toBe('2026-12-01');
    expect(Object.keys(snap.context.contacts).sort()).toEqual(['K1', 'K2', 'K3', 'K4']);
    expect(emitted.map((e) => e.type)).toEqual(['customerData.dayOpened', 'customerData.updateClosed', 'customerData.assigned']);
  });

  it('names the steps after the documents in meta', () => {
    const day = customerDataMachine.states.daily!.states;
    expect([day.day!.states.collecting!, day.day!.states.compiling!, day.processing!].map((s) => (s.meta as { zh: string }).zh)).toEqual([
      '资料收集',
      '资料整理',
      '资料处理',
    ]);
  });

  it('an update record of a customer already on file is filed but not assigned again (Asia/Shanghai)', () => {
    const actor = startCustomerData();
    sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') });
    sendOrThrow(actor, { type: 'RECORD.COLLECT', by: people.agent, recordId: 'R1', customerId: 'K9', agentId: 'A2', kind: 'update', at: T('09:10') });
    sendOrThrow(actor, { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00') });
    sendOrThrow(actor, { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'retail', at: T('16:10') });
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('16:20') });
    expect(actor.getSnapshot().value).toEqual({ daily: 'idle', contacts: 'tracking' });
    expect(actor.getSnapshot().context.pending).toEqual([]);
  });
});

describe('DATA-DAILY', () => {
  it('DATA-DAILY (Asia/Shanghai): the update closes when every record collected that day is filed', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 3);
    expect(send(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') })).toEqual({ accepted: true, eventType: 'UPDATE.CLOSE' });
    expect(actor.getSnapshot().context.day?.closedAt).toBe(T('17:00'));
  });

  it('DATA-DAILY (Asia/Shanghai): closing the update while records of the day are not filed is refused, and the refusal lists them', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 4, { leaveOut: ['R2', 'R4'] });
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.violations[0]!.rule).toBe('DATA-DAILY');
    expect(outcome.violations[0]!.details).toEqual({ unfiled: ['R2', 'R4'] });
    expect(outcome.message.zh).toContain('R2、R4');
    expect(actor.getSnapshot()).toBe(before);
  });

  it('DATA-DAILY (Asia/Shanghai): a record filed under a category no one manages is refused; naming a manager allows it', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 1, { leaveOut: ['R1'] });
    const outcome = send(actor, { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'fleet', at: T('16:40') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-DAILY', details: { category: 'fleet' } }] });
    sendOrThrow(actor, { type: 'CATEGORY.OWNER_SET', by: people.supervisor, category: 'fleet', agentId: 'A3', at: T('16:45') });
    expect(send(actor, { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'fleet', at: T('16:50') }).accepted).toBe(true);
  });

  it('DATA-DAILY (Asia/Shanghai): a day already updated cannot be opened again', () => {
    const actor = startCustomerData({ ...team, lastUpdate: '2026-12-01' });
    const outcome = send(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('18:00') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-DAILY' }] });
  });

  it('DATA-DAILY (Asia/Shanghai): working days without an update are flagged when the next day opens; the weekend is not', () => {
    const actor = startCustomerData({ ...team, lastUpdate: '2026-11-26', at: T('08:00') });
    const flagged = vi.fn();
    actor.on('customerData.dayFlagged', flagged);
    sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') });
    expect(actor.getSnapshot().context.flaggedDays.map((f) => [f.date, f.reason])).toEqual([
      ['2026-11-27', 'no-update'],
      ['2026-11-30', 'no-update'],
    ]);
    expect(flagged).toHaveBeenCalledTimes(2);
    expect(workingDaysBetween(definePolicy().calendar, '2026-11-26', '2026-12-01')).toEqual(['2026-11-27', '2026-11-30']);
  });

  it('DATA-DAILY (Asia/Shanghai): an update still open at midnight is flagged, not before (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(customerDataMachine.provide({ actions: { notifySupervisor } }), { input: team, clock }).start();
    sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') });
    clock.increment(15 * HOUR - 1); // 09:00 → 23:59:59.999
    expect(actor.getSnapshot().context.flaggedDays).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.flaggedDays).toEqual([{ date: '2026-12-01', reason: 'not-closed-on-time', at: '2026-12-01T16:00:00.000Z' }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { teamId: 'team-1', reason: 'day-flagged', date: '2026-12-01' });
    // Still open: the records must still be filed before the update closes.
    expect(actor.getSnapshot().value).toEqual({ daily: { day: 'collecting' }, contacts: 'tracking' });
  });

  it('DATA-DAILY (Asia/Shanghai): a working day that passes with no update at all is flagged at its end (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startCustomerData({ ...team, lastUpdate: '2026-11-30', at: T('08:00') }, clock);
    clock.increment(16 * HOUR - 1); // 2026-12-01 08:00 → 23:59:59.999
    expect(actor.getSnapshot().context.flaggedDays).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.flaggedDays.map((f) => f.date)).toEqual(['2026-12-01']);
    clock.increment(24 * HOUR);
    expect(actor.getSnapshot().context.flaggedDays.map((f) => f.date)).toEqual(['2026-12-01', '2026-12-02']);
    // Opening a later day does not flag the same days twice.
    sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-03', at: T('09:00', '2026-12-03') });
    expect(actor.getSnapshot().context.flaggedDays.map((f) => f.date)).toEqual(['2026-12-01', '2026-12-02']);
  });
});

describe('DATA-ASSIGN', () => {
  const agents = [
    { agentId: 'A1', level: 1 },
    { agentId: 'A2', level: 1 },
    { agentId: 'A3', level: 3, categories: ['vip', 'retail'] },
  ];

  it('DATA-ASSIGN: assignCustomers balances counts among agents (within 1)', () => {
    const customers = Array.from({ length: 10 }, (_, i) => ({ customerId: `K${String(i).padStart(2, '0')}`, category: 'retail' }));
    const { loads, unassigned } = assignCustomers(customers, agents, { ability: 'match' });
    expect(unassigned).toEqual([]);
    expect(Object.values(loads).sort()).toEqual([3, 3, 4]);
  });

  it('DATA-ASSIGN: assignCustomers honours ability — key customers go to senior agents, categories are respected', () => {
    const customers = [
      { customerId: 'K1', category: 'vip', minLevel: 3 },
      { customerId: 'K2', category: 'vip', minLevel: 3 },
      { customerId: 'K3', category: 'retail' },
      { customerId: 'K4', category: 'retail' },
      { customerId: 'K5', category: 'fleet' },
    ];
    const { assignments, unassigned, loads } = assignCustomers(customers, agents, { ability: 'match' });
    const to = Object.fromEntries(assignments.map((a) => [a.customerId, a.agentId]));
    expect(to.K1).toBe('A3');
    expect(to.K2).toBe('A3');
    expect([to.K3, to.K4, to.K5].every((a) => a !== 'A3')).toBe(true);
    expect(unassigned).toEqual([]);
    expect(loads).toEqual({ A1: 2, A2: 1, A3: 2 });
  });

  it('DATA-ASSIGN: customers already held count — a new agent takes the new customers first', () => {
    const { loads } = assignCustomers(
      [{ customerId: 'K1' }, { customerId: 'K2' }, { customerId: 'K3' }],
      [{ agentId: 'A1' }, { agentId: 'A2' }],
      { loads: { A1: 5, A2: 2 } },
    );
    expect(loads).toEqual({ A1: 5, A2: 5 });
  });

  it('DATA-ASSIGN: the documented example of assignCustomers holds', () => {
    expect(
      assignCustomers([{ customerId: 'K1' }, { customerId: 'K2' }, { customerId: 'K3', minLevel: 3 }], [{ agentId: 'A1', level: 1 }, { agentId: 'A2', level: 3 }], { ability: 'match' })
        .assignments,
    ).toEqual([
      { customerId: 'K1', agentId: 'A1' },
      { customerId: 'K2', agentId: 'A1' },
      { customerId: 'K3', agentId: 'A2' },
    ]);
  });

  it('DATA-ASSIGN: a customer no agent is able to hold is left unassigned, by id', () => {
    expect(assignCustomers([{ customerId: 'K1', minLevel: 5 }], agents).unassigned).toEqual(['K1']);
  });

  it('DATA-ASSIGN: every assignment assignCustomers makes passes the hand-made check (random teams)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const categories = ['retail', 'vip', 'fleet'];
    for (let round = 0; round < 200; round++) {
      const team = Array.from({ length: 1 + rnd(5) }, (_, i) => ({
        agentId: `A${i}`,
        level: 1 + rnd(5),
        ...(rnd(2) ? { categories: categories.filter(() => rnd(2) === 1) } : {}),
      }));
      const customers = Array.from({ length: rnd(25) }, (_, i) => ({
        customerId: `K${i}`,
        category: categories[rnd(3)]!,
        ...(rnd(3) === 0 ? { minLevel: 1 + rnd(5) } : {}),
      }));
      const loads = Object.fromEntries(team.map((a) => [a.agentId, rnd(4)]));
      const result = assignCustomers(customers, team, { loads });
      const assignable = customers.filter((c) => !result.unassigned.includes(c.customerId));
      expect(findAssignmentProblems(result.assignments, assignable, team, { loads })).toEqual([]);
    }
  });

  it('DATA-ASSIGN (Asia/Shanghai): the machine assigns the day\'s new customers with assignCustomers', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 5);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') });
    // A3 only handles vip and fleet, so the five retail customers go to A1 and A2.
    expect(actor.getSnapshot().context.loads).toEqual({ A1: 3, A2: 2 });
  });

  it('DATA-ASSIGN (Asia/Shanghai): an assignment by hand that is balanced within 1 is accepted', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 3);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    const outcome = send(actor, {
      type: 'ASSIGNMENT.SUBMIT', by: people.supervisor,
      assignments: [
        { customerId: 'K1', agentId: 'A2' },
        { customerId: 'K2', agentId: 'A1' },
        { customerId: 'K3', agentId: 'A2' },
      ],
      at: T('17:10'),
    });
    expect(outcome.accepted).toBe(true);
    expect(actor.getSnapshot().value).toEqual({ daily: 'idle', contacts: 'tracking' });
  });

  it('DATA-ASSIGN (Asia/Shanghai): an assignment by hand that leaves counts unbalanced beyond 1 among equally able agents is refused', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 3);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    const before = actor.getSnapshot();
    const outcome = send(actor, {
      type: 'ASSIGNMENT.SUBMIT', by: people.supervisor,
      assignments: [
        { customerId: 'K1', agentId: 'A1' },
        { customerId: 'K2', agentId: 'A1' },
        { customerId: 'K3', agentId: 'A1' },
      ],
      at: T('17:10'),
    });
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.violations[0]!.rule).toBe('DATA-ASSIGN');
    expect(outcome.violations[0]!.details!.problems).toContainEqual({ kind: 'unbalanced', customerId: 'K1', agentId: 'A1', load: 3, betterAgentId: 'A2', betterLoad: 0 });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('DATA-ASSIGN (Asia/Shanghai): giving a key customer to an agent below the level it needs is refused', () => {
    const actor = startCustomerData();
    sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: '2026-12-01', at: T('09:00') });
    sendOrThrow(actor, { type: 'RECORD.COLLECT', by: people.agent, recordId: 'R1', customerId: 'K1', agentId: 'A1', kind: 'new', at: T('09:30') });
    sendOrThrow(actor, { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00') });
    sendOrThrow(actor, { type: 'RECORD.FILE', by: people.supervisor, recordId: 'R1', category: 'vip', minLevel: 3, at: T('16:30') });
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    const byHand = { type: 'ASSIGNMENT.SUBMIT', by: people.supervisor, assignments: [{ customerId: 'K1', agentId: 'A1' }], at: T('17:10') };
    const outcome = explain(actor.getSnapshot(), byHand);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-ASSIGN', details: { problems: [{ kind: 'not-able', customerId: 'K1', agentId: 'A1' }] } }] });
    expect(send(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') }).accepted).toBe(true);
    expect(actor.getSnapshot().context.contacts.K1?.agentId).toBe('A3');
  });
});

describe('DATA-WEEK', () => {
  function assignedPair(clock: SimulatedClock, notifySupervisor = vi.fn()) {
    const actor = createActor(customerDataMachine.provide({ actions: { notifySupervisor } }), { input: team, clock }).start();
    collectAndFile(actor, 2);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') });
    return actor;
  }

  it('DATA-WEEK (Asia/Shanghai): the due time is the end of day 7 after the assignment day', () => {
    expect(contactDueAt(T('17:10'))).toBe('2026-12-08T16:00:00.000Z'); // 2026-12-09 00:00 Shanghai
    expect(contactDueAt(T('17:10'), definePolicy({ data: { newCustomerContactDays: 3 } }))).toBe('2026-12-04T16:00:00.000Z');
  });

  it('DATA-WEEK (America/New_York): the due time is local midnight across the end of DST', () => {
    const policy = definePolicy({ calendar: { timeZone: 'America/New_York' } });
    // Assigned Wednesday 28 October (EDT); day 7 is 4 November (EST): due at 5 November 00:00 EST.
    expect(contactDueAt('2026-10-28T10:00:00-04:00', policy)).toBe('2026-11-05T05:00:00.000Z');
  });

  it('DATA-WEEK (Asia/Shanghai): a customer contacted on day 7 is on time; one not contacted is escalated on day 8, not before (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = assignedPair(clock, notifySupervisor);
    const overdue = vi.fn();
    actor.on('customerData.contactOverdue', overdue);
    const { K1, K2 } = actor.getSnapshot().context.contacts;
    const untilDue = toEpoch(K1!.dueAt) - toEpoch(T('17:10'));

    // Day 7, 17:00: the agent holding K1 calls and records it.
    const day7 = toEpoch(T('17:00', '2026-12-08')) - toEpoch(T('17:10'));
    clock.increment(day7);
    sendOrThrow(actor, { type: 'CONTACT.RECORD', by: agentOf(K1!.agentId), customerId: 'K1', agentId: K1!.agentId, method: 'phone', note: '介绍会员权益,客户希望下月到店保养', at: T('17:00', '2026-12-08') });
    expect(actor.getSnapshot().context.contacts.K1).toMatchObject({ contactedAt: T('17:00', '2026-12-08'), late: false });

    clock.increment(untilDue - day7 - 1); // 23:59:59.999 on day 7
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1); // 00:00 on day 8
    expect(actor.getSnapshot().context.escalations).toEqual([{ customerId: 'K2', agentId: K2!.agentId, dueAt: '2026-12-08T16:00:00.000Z' }]);
    expect(overdue).toHaveBeenCalledTimes(1);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ reason: 'contact-overdue', customerId: 'K2' }));
    expect(overdueContacts(actor.getSnapshot().context.contacts, T('09:00', '2026-12-09'))).toEqual(['K2']);
  });

  it('DATA-WEEK (Asia/Shanghai): a contact recorded by an agent who does not hold the customer is refused', () => {
    const actor = assignedPair(new SimulatedClock());
    const holder = actor.getSnapshot().context.contacts.K1!.agentId;
    const other = holder === 'A1' ? 'A2' : 'A1';
    const outcome = send(actor, { type: 'CONTACT.RECORD', by: agentOf(other), customerId: 'K1', agentId: other, method: 'phone', note: '已沟通', at: T('10:00', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-WEEK', details: { customerId: 'K1', agentId: holder } }] });
  });

  it('ROLE-PERMIT: only the agent named records the contact — a supervisor or another agent recording it for them is refused, the case unchanged', () => {
    const actor = assignedPair(new SimulatedClock());
    const holder = actor.getSnapshot().context.contacts.K1!.agentId;
    const before = actor.getSnapshot().context;
    const contact = { type: 'CONTACT.RECORD', customerId: 'K1', agentId: holder, method: 'phone', note: '已沟通', at: T('10:00', '2026-12-02') } as const;
    // A supervisor: not in the permission table for this step.
    expect(send(actor, contact, { by: people.supervisor })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['agent'] } }] });
    // An agent, but not the one named.
    for (const by of [people.agent, agentOf(holder === 'A1' ? 'A2' : 'A1')]) {
      const outcome = send(actor, contact, { by });
      expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { field: 'agentId', agentId: holder, by: { id: by.id, role: by.role } } }] });
      if (outcome.accepted) throw new Error('accepted');
      expect(outcome.violations[0]!.message.zh).toContain(`只有客服 ${holder} 本人可以记录与其客户的沟通`);
      expect(outcome.violations[0]!.message.en).toContain(`only agent ${holder} may record the contact with their customer`);
    }
    expect(actor.getSnapshot().context).toEqual(before);
    // The agent holding the customer, signed in as themselves, records it.
    expect(send(actor, contact, { by: agentOf(holder) })).toEqual({ accepted: true, eventType: 'CONTACT.RECORD' });
    expect(actor.getSnapshot().context.contacts.K1).toMatchObject({ contactedAt: T('10:00', '2026-12-02') });
  });

  it('ROLE-PERMIT: with roles not enforced (the documented opt-out) the contact is not checked against the principal', () => {
    const actor = createActor(customerDataMachine, { input: { ...team, policy: definePolicy({ roles: { enforce: false } }) }, clock: new SimulatedClock() }).start();
    collectAndFile(actor, 2);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') });
    const holder = actor.getSnapshot().context.contacts.K1!.agentId;
    const contact = { type: 'CONTACT.RECORD', customerId: 'K1', agentId: holder, method: 'phone', note: '已沟通', at: T('10:00', '2026-12-02') } as const;
    expect(send(actor, contact, { by: people.agent })).toEqual({ accepted: true, eventType: 'CONTACT.RECORD' });
    // DATA-WEEK still holds: the customer's holder, once.
    expect(send(actor, { ...contact, at: T('11:00', '2026-12-02') }, { by: people.agent })).toMatchObject({ accepted: false, violations: [{ rule: 'DATA-WEEK' }] });
  });

  it('DATA-WEEK (Asia/Shanghai): a contact without its record (备案 note) is refused as malformed', () => {
    const actor = assignedPair(new SimulatedClock());
    const outcome = send(actor, { type: 'CONTACT.RECORD', by: agentOf('A1'), customerId: 'K1', agentId: 'A1', method: 'phone', note: '  ', at: T('10:00', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'note' }] });
  });

  it('DATA-WEEK (Asia/Shanghai): a process restored after the due time escalates on DEADLINES.CHECK', () => {
    const actor = assignedPair(new SimulatedClock());
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(customerDataMachine, { snapshot: JSON.parse(saved), input: team, clock: new SimulatedClock() }).start();
    sendOrThrow(restored, { type: 'DEADLINES.CHECK', by: people.system, at: T('08:00', '2026-12-08') });
    expect(restored.getSnapshot().context.escalations).toEqual([]);
    sendOrThrow(restored, { type: 'DEADLINES.CHECK', by: people.system, at: T('08:00', '2026-12-09') });
    expect(restored.getSnapshot().context.escalations.map((e) => e.customerId)).toEqual(['K1', 'K2']);
  });
});

describe('PRIVACY', () => {
  it('PRIVACY: customer-data events carry ids, never the contact note or phone numbers', () => {
    const actor = startCustomerData();
    const emitted: unknown[] = [];
    actor.on('*', (e) => emitted.push(e));
    collectAndFile(actor, 2);
    sendOrThrow(actor, { type: 'UPDATE.CLOSE', by: people.supervisor, at: T('17:00') });
    sendOrThrow(actor, { type: 'CUSTOMERS.ASSIGN', by: people.supervisor, at: T('17:10') });
    const { agentId } = actor.getSnapshot().context.contacts.K1!;
    sendOrThrow(actor, { type: 'CONTACT.RECORD', by: agentOf(agentId), customerId: 'K1', agentId, method: 'phone', note: '王先生 13800138000 同意下周到店', at: T('10:00', '2026-12-02') });
    const json = JSON.stringify(emitted);
    expect(json).not.toContain('王先生');
    expect(json).not.toContain('13800138000');
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain('13800138000');
  });
});
