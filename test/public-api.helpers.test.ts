/**
 * The helpers and record schemas the machine subpaths export for hosts, used the way a host uses
 * them, and checked against what the machines themselves do: the call's transfer, callback and
 * greeting helpers other channels reuse, the records a run produces validated with the exported
 * record schemas, the return-visit cycle's live report, the assignment helpers, the campaign's
 * analyses, the redaction of a logged event, and the staff and quality schemas.
 */
import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ContactSchema, defaultPolicy, definePolicy, explain, issuesFromZod, machineSchemasFor, sendOrThrow } from 'kefu';
import { toEpoch } from 'kefu/time';
import {
  callbackDueAt,
  CallRecordDraftSchema,
  CallRecordSchema,
  checkGreeting,
  checkPromisedTime,
  checkTransferTarget,
  complaintFormFromCall,
  contactFromCall,
  defaultDepartment,
  detectPingPong,
  greetingScript,
  latestCallback,
  missingCallRecordFields,
  missingGreetingClauses,
  suggestionInputFromCall,
  transferDueAt,
  transfersBetween,
  type CallEvent,
} from 'kefu/machines/call';
import { ComplaintFormSchema, missingFormFields } from 'kefu/machines/complaint';
import { missingSuggestionFields, suggestionMachine, SuggestionRecordSchema } from 'kefu/machines/suggestion';
import { DATED_OCCASIONS, missingRecordFields, OccasionSchema, ReturnVisitInputSchema, VisitRecordSchema } from 'kefu/machines/return-visit';
import { buildReport, membersNotVisited } from 'kefu/machines/return-visit-cycle';
import {
  AgentProfileSchema,
  assignCustomers,
  canHold,
  customerDataChecks,
  CustomerToAssignSchema,
  unfiledRecords,
} from 'kefu/machines/customer-data';
import { AnalysisTopicSchema, analysisTopics, missingAnalyses } from 'kefu/machines/campaign';
import { redactEvent, REDACTED } from 'kefu/inspect';
import {
  ActivityKindSchema,
  ActivityRecordSchema,
  buildDailySummary,
  checkDutyRoster,
  DailySummarySchema,
  DutyShiftSchema,
  HandledSchema,
} from 'kefu/staff';
import {
  AuditFeedbackSchema,
  ChecklistSchema,
  closeAudit,
  defaultChecklist,
  FeedbackActionSchema,
  runAudit,
  ServiceRecordSchema,
  StandardSchema,
} from 'kefu/quality';
import { defaultCalendar } from 'kefu/time';
import { caller, callInput, startCall, T, toHandling } from './support/call.js';
import { collectAndFile, startCustomerData } from './support/mgmt.js';
import { play, satisfiedCall, startVisit } from './support/return-visit.js';
import { childOf, drive, RANGE, row, satisfiedVisit, startCycle } from './support/return-visit-cycle.js';
import { people } from './support/principals.js';

const iso = (at: string) => new Date(toEpoch(at)).toISOString();

describe('kefu/machines/call: the pieces every channel reuses', () => {
  it('CALL-RECORD: the record is a draft (CallRecordDraftSchema) until the caller is identified, then complete (CallRecordSchema); the prefills feed the next case', () => {
    const call = startCall();
    sendOrThrow(call, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') });
    sendOrThrow(call, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: caller.content }, at: T('10:00:30') });
    const draft = CallRecordDraftSchema.parse(call.getSnapshot().context.record);
    expect(CallRecordSchema.safeParse(draft).success).toBe(false);
    expect(missingCallRecordFields(draft)).toEqual(['name', 'contact']);
    // until the caller gives a contact, the number they call from is the contact
    expect(contactFromCall(draft)).toEqual({ phone: callInput.callerNumber });

    sendOrThrow(call, { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, contact: caller.contact, at: T('10:01') });
    const record = CallRecordSchema.parse(call.getSnapshot().context.record);
    expect(missingCallRecordFields(record)).toEqual([]);
    expect(ContactSchema.parse(contactFromCall(record))).toEqual(caller.contact);

    // a suggestion made on the call becomes a suggestion case the suggestion machine accepts as it is
    const input = suggestionInputFromCall(record, { caseId: 'S-1', callId: callInput.callId });
    expect(z.safeParse(machineSchemasFor('suggestion')!.input!, input).success).toBe(true);
    const suggestion = createActor(suggestionMachine, { input }).start();
    expect(SuggestionRecordSchema.parse(suggestion.getSnapshot().context.record)).toEqual({ customer: caller.name, contact: caller.contact, content: caller.content });
    expect(missingSuggestionFields(suggestion.getSnapshot().context.record)).toEqual([]);

    // a complaint needs the remedy asked for and membership besides the record
    expect(missingFormFields(complaintFormFromCall(record, { caseId: 'C-1' }))).toEqual(['desiredRemedy', 'member']);
    expect(ComplaintFormSchema.safeParse(complaintFormFromCall(record, { caseId: 'C-1', desiredRemedy: '免费复检', member: true })).success).toBe(true);
  });

  it('CALL-GREET: checkGreeting and missingGreetingClauses are what the call machine refuses a greeting with', () => {
    expect(missingGreetingClauses(greetingScript('zh'))).toEqual([]);
    expect(missingGreetingClauses(greetingScript('en'), 'en')).toEqual([]);
    expect(missingGreetingClauses('您好,皇家卫士,欢迎来电,请问有什么可以帮助您的?')).toEqual([]);
    expect(missingGreetingClauses('喂,什么事?')).toEqual(['您好', '欢迎来电', '请问有什么可以帮助您的']);
    expect(checkGreeting(undefined)).toBeUndefined();
    const violation = checkGreeting('喂,什么事?');
    expect(violation).toMatchObject({ rule: 'CALL-GREET', details: { missing: missingGreetingClauses('喂,什么事?') } });
    const answer = { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', greeting: '喂,什么事?', at: T('10:00:05') } satisfies CallEvent;
    const outcome = explain(startCall().getSnapshot(), answer);
    expect(outcome).toMatchObject({ accepted: false, violations: [violation] });
  });

  it('CALL-TRANSFER: checkTransferTarget, transferDueAt and defaultDepartment say what the call machine does with a transfer', () => {
    expect(defaultDepartment(defaultPolicy).id).toBe('service');
    expect(checkTransferTarget(defaultPolicy, 'repair', 'service')).toBeUndefined();
    expect(checkTransferTarget(defaultPolicy, 'marketing', 'service')).toMatchObject({
      rule: 'CALL-TRANSFER',
      details: { department: 'marketing', known: defaultPolicy.departments.map((d) => d.id) },
    });
    expect(checkTransferTarget(defaultPolicy, 'service', 'service')).toMatchObject({ rule: 'CALL-TRANSFER', details: { department: 'service' } });
    expect(transferDueAt(defaultPolicy, T('10:04'))).toBe(iso(T('10:04:15')));

    const call = startCall();
    toHandling(call);
    expect(call.getSnapshot().context.department).toBe(defaultDepartment(defaultPolicy).id);
    const toMarketing = { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'marketing', at: T('10:04') } satisfies CallEvent;
    expect(explain(call.getSnapshot(), toMarketing)).toMatchObject({
      violations: [checkTransferTarget(defaultPolicy, 'marketing', 'service')],
    });
    sendOrThrow(call, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:04') });
    expect(call.getSnapshot().context.transfer).toMatchObject({ from: 'service', to: 'repair', dueAt: transferDueAt(defaultPolicy, T('10:04')) });
  });

  it('CALL-TRANSFER: transfersBetween counts completed transfers either way; detectPingPong flags them past policy.call.pingPongLimit', () => {
    const there = { from: 'service', to: 'repair', outcome: 'completed' as const };
    const back = { from: 'repair', to: 'service', outcome: 'completed' as const };
    const history = [there, back, { ...there, outcome: 'timeout' as const }];
    expect(transfersBetween(history, 'repair', 'service')).toBe(2);
    expect(detectPingPong(defaultPolicy, history, 'service', 'repair')).toBeUndefined();
    expect(detectPingPong(defaultPolicy, [...history, there], 'service', 'repair')).toEqual({ departments: ['repair', 'service'], count: 3 });
    expect(detectPingPong(definePolicy({ call: { pingPongLimit: 1 } }), history, 'service', 'repair')).toEqual({ departments: ['repair', 'service'], count: 2 });
  });

  it('CALL-ETA (Asia/Shanghai): latestCallback, callbackDueAt and checkPromisedTime say what the call machine accepts as a promise', () => {
    // 10:00 + 4 working hours, lunch 12:00–14:00 excluded → 16:00
    expect(latestCallback(defaultPolicy, T('10:00'))).toBe(iso(T('16:00')));
    expect(callbackDueAt(defaultPolicy, T('10:00'))).toBe(latestCallback(defaultPolicy, T('10:00')));
    expect(callbackDueAt(defaultPolicy, T('10:00'), T('11:00'))).toBe(T('11:00'));
    expect(checkPromisedTime(defaultPolicy, T('10:00'))).toBeUndefined();
    expect(checkPromisedTime(defaultPolicy, T('10:00'), T('15:00'))).toBeUndefined();
    expect(checkPromisedTime(defaultPolicy, T('10:00'), T('09:00'))).toMatchObject({ rule: 'CALL-ETA', details: { promisedBy: T('09:00') } });
    const late = checkPromisedTime(defaultPolicy, T('10:00'), T('17:00'));
    expect(late).toMatchObject({ rule: 'CALL-ETA', details: { latest: iso(T('16:00')) } });

    const call = startCall();
    toHandling(call);
    const promise = { type: 'CALL.ETA', by: people.agent, promisedBy: T('17:00'), at: T('10:00') } satisfies CallEvent;
    expect(explain(call.getSnapshot(), promise)).toMatchObject({ violations: [late] });
  });
});

describe('the records a run produces validate with the exported record schemas', () => {
  it('RV-RECORD (Asia/Shanghai): the filed visit record is a VisitRecordSchema record; missingRecordFields names what a draft lacks', () => {
    const clock = new SimulatedClock();
    const visit = startVisit({}, { clock });
    play(visit, T('10:30', '2026-12-02'), satisfiedCall, 20, clock);
    const draft = visit.getSnapshot().context.draft;
    expect(missingRecordFields(draft)).toEqual([]);
    const { satisfaction: _, ...withoutAnswer } = draft;
    expect(missingRecordFields(withoutAnswer)).toContain('satisfaction');
    expect(missingRecordFields(withoutAnswer)).toEqual([...new Set(issuesFromZod(VisitRecordSchema.safeParse(withoutAnswer).error!.issues).map((i) => i.path))]);
    sendOrThrow(visit, { type: 'RECORD.SUBMIT', by: people.agent, at: T('10:35', '2026-12-02') });
    const record = VisitRecordSchema.parse(visit.getSnapshot().context.record);
    expect(record).toMatchObject({ customerId: 'K-1001', satisfaction: 'satisfied', suggestion: '希望周末也能预约', method: 'phone' });
  });

  it('RV-OCCASION: DATED_OCCASIONS are exactly the occasions whose visit input needs the occasion’s date', () => {
    const input = { visitId: 'V-1', customer: { id: 'K-1', name: '王', salutation: 'mr', phone: '+86 138 0013 8000', member: true, timeZone: 'Asia/Shanghai' }, service: { item: '常规保养', completedAt: T('10:00') }, agentId: 'A-07', method: 'phone' };
    const needsDate = OccasionSchema.options.filter((occasion) => {
      const parsed = ReturnVisitInputSchema.safeParse({ ...input, occasion });
      return !parsed.success && issuesFromZod(parsed.error.issues).some((i) => i.path === 'occasionDate');
    });
    expect(needsDate.length).toBeGreaterThan(0);
    expect(needsDate).toEqual([...DATED_OCCASIONS]);
    for (const occasion of DATED_OCCASIONS) expect(ReturnVisitInputSchema.safeParse({ ...input, occasion, occasionDate: T('00:00', '2027-01-01') }).success).toBe(true);
  });
});

describe('kefu/machines/return-visit-cycle: the live report', () => {
  it('RV-MEMBER-100 (Asia/Shanghai): buildReport gives the report at any time of the cycle; membersNotVisited lists the members still to visit', () => {
    const at = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;
    const { actor, clock } = startCycle({ cycleId: 'C', at: at('18:00') });
    const archive = [row(0, at('10:00')), row(1, at('11:00')), row(3, at('15:00'))]; // K0000 is the member
    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive, at: at('18:00') });
    clock.set(toEpoch(at('18:05')));
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01', 'A-02'], at: at('18:05') });
    drive(childOf(actor, 'C', 'K0001'), at('10:00', '2026-12-02'), satisfiedVisit, clock);

    const during = actor.getSnapshot().context;
    expect(membersNotVisited(during.visits)).toEqual(['K0000']);
    const interim = buildReport(during, at('12:00', '2026-12-02'));
    expect(interim.members).toMatchObject({ total: 1, visited: 0 });
    expect(interim.byOutcome).toMatchObject({ recorded: 1, open: 2 });

    drive(childOf(actor, 'C', 'K0000'), at('10:10', '2026-12-02'), satisfiedVisit, clock);
    expect(membersNotVisited(actor.getSnapshot().context.visits)).toEqual([]);
    expect(buildReport(actor.getSnapshot().context, at('12:00', '2026-12-02')).members).toMatchObject({ total: 1, visited: 1 });
  });
});

describe('kefu/machines/customer-data: assignment and filing helpers', () => {
  it('DATA-ASSIGN: customers validated with CustomerToAssignSchema are assigned only to agents who canHold them', () => {
    const agents = [{ agentId: 'A1', level: 1 }, { agentId: 'A2', level: 1 }, { agentId: 'A3', level: 3, categories: ['vip'] }].map((a) => AgentProfileSchema.parse(a));
    const customers = [
      { customerId: 'K1', category: 'vip', minLevel: 3 },
      { customerId: 'K2' },
      { customerId: 'K3', category: 'fleet' },
      { customerId: 'K4', minLevel: 5 },
    ].map((c) => CustomerToAssignSchema.parse(c));
    expect(CustomerToAssignSchema.safeParse({ customerId: 'K5', minLevel: 9 }).success).toBe(false);

    const { assignments, unassigned } = assignCustomers(customers, agents);
    const agent = (id: string) => agents.find((a) => a.agentId === id)!;
    const customer = (id: string) => customers.find((c) => c.customerId === id)!;
    expect(assignments.every((a) => canHold(agent(a.agentId), customer(a.customerId)))).toBe(true);
    expect(assignments.find((a) => a.customerId === 'K1')?.agentId).toBe('A3');
    // nobody is level 5: K4 stays unassigned, exactly the customers no agent canHold
    expect(unassigned).toEqual(customers.filter((c) => !agents.some((a) => canHold(a, c))).map((c) => c.customerId));
    expect(unassigned).toEqual(['K4']);
    expect(canHold(agent('A1'), customer('K4'), 'ignore')).toBe(true);
  });

  it('DATA-DAILY (Asia/Shanghai): unfiledRecords lists what customerDataChecks.checkEverythingFiled refuses to close the update for', () => {
    const actor = startCustomerData();
    collectAndFile(actor, 4, { leaveOut: ['R2', 'R4'] });
    const { context } = actor.getSnapshot();
    expect(unfiledRecords(context)).toEqual(['R2', 'R4']);
    const event = { type: 'UPDATE.CLOSE', by: people.supervisor, at: '2026-12-01T17:00:00+08:00' } as const;
    expect(customerDataChecks.checkEverythingFiled({ context, event })).toMatchObject({ rule: 'DATA-DAILY', details: { unfiled: unfiledRecords(context) } });
    expect(explain(actor.getSnapshot(), event)).toMatchObject({ violations: [{ details: { unfiled: ['R2', 'R4'] } }] });
  });
});

it('CAMPAIGN: analysisTopics names the five analyses of AnalysisTopicSchema in the documents’ order; missingAnalyses lists those not recorded', () => {
  expect(Object.keys(analysisTopics)).toEqual(AnalysisTopicSchema.options);
  expect(Object.values(analysisTopics).map((t) => t.n)).toEqual([1, 2, 3, 4, 5]);
  expect(missingAnalyses({ analyses: {} })).toEqual(AnalysisTopicSchema.options);
  expect(missingAnalyses({ analyses: { target: { conclusion: '完成 75%', at: T('10:00') } } })).toEqual(['list-use', 'staff', 'refusals', 'lessons']);
});

it('PRIVACY: redactEvent keeps an event’s type, times and ids, and hides what the customer said and who they are', () => {
  const event = { type: 'CALLER.IDENTIFY', name: caller.name, contact: caller.contact, at: T('10:01') };
  expect(redactEvent(event)).toEqual({ type: 'CALLER.IDENTIFY', name: REDACTED, contact: { phone: REDACTED }, at: T('10:01') });
  expect(redactEvent({ type: 'CALL.TRANSFER', mode: 'warm', department: 'repair', at: T('10:04') }, { allow: ['event.mode', 'event.department'] })).toEqual({
    type: 'CALL.TRANSFER',
    mode: 'warm',
    department: 'repair',
    at: T('10:04'),
  });
});

describe('kefu/staff and kefu/quality: the schemas their functions read and write', () => {
  it('STAFF-SUMMARY: activity records validated with ActivityRecordSchema give a daily summary that is a DailySummarySchema value', () => {
    const records = [
      { id: 'C1', agentId: 'A1', kind: 'call', at: T('09:10'), outcome: 'resolved' },
      { id: 'C2', agentId: 'A1', kind: 'complaint', at: T('11:00'), outcome: 'pending', satisfaction: 'average' },
    ].map((r) => ActivityRecordSchema.parse(r));
    expect(ActivityRecordSchema.safeParse({ ...records[0], customerName: '王先生' }).success).toBe(false); // ids only
    const summary = buildDailySummary(records, { agentId: 'A1', date: '2026-12-01', problems: ['配件缺货'], at: T('18:00') });
    expect(DailySummarySchema.parse(summary)).toEqual(summary);
    expect(HandledSchema.parse(summary.handled)).toEqual({ total: 2, resolved: 1, pending: 1, escalated: 0, byKind: { call: 1, complaint: 1 } });
    expect(Object.keys(summary.handled.byKind).every((k) => ActivityKindSchema.options.includes(k as never))).toBe(true);
  });

  it('STAFF-DUTY: DutyShiftSchema refuses a shift that ends before it starts, and so does checkDutyRoster', () => {
    const shift = { agentId: 'A1', from: '2026-10-01T20:00:00+08:00', to: '2026-10-01T08:00:00+08:00' };
    expect(issuesFromZod(DutyShiftSchema.safeParse(shift).error!.issues)).toEqual([{ path: 'to', message: 'a shift ends after it starts' }]);
    expect(() => checkDutyRoster([shift], defaultCalendar, [['08:00', '20:00']], { from: '2026-10-01', to: '2026-10-01' })).toThrow(/duty roster: 0\.to: a shift ends after it starts/);
  });

  it('QA-AUDIT: the default checklist is a ChecklistSchema value; records are ServiceRecordSchema values; feedback is AuditFeedbackSchema with a FeedbackActionSchema action', () => {
    const checklist = defaultChecklist();
    expect(ChecklistSchema.parse(checklist)).toEqual(checklist);
    expect(checklist.every((s) => StandardSchema.safeParse(s).success)).toBe(true);
    expect(ChecklistSchema.safeParse([...checklist, checklist[0]]).error?.issues[0]?.message).toBe('standard ids must be distinct');

    const record = ServiceRecordSchema.parse({ id: 'S1', agentId: 'A1', channel: 'phone', at: T('10:00'), utterances: [{ by: 'agent', text: '喂?' }] });
    expect(record.fields).toEqual({});
    const report = runAudit({ auditId: 'QA-1', records: [record], sample: { seed: 'x', size: 1 }, at: T('12:00') });
    expect(report.findings.length).toBeGreaterThan(0);

    expect(FeedbackActionSchema.options).toEqual(['training', 'coaching', 'standard-revision', 'dismissed']);
    const feedback = report.findings.map((f, i) =>
      AuditFeedbackSchema.parse({ findingId: f.findingId, action: FeedbackActionSchema.options[i % 2], note: '按规范用语培训', by: 'QA-1', at: T('17:00') }),
    );
    expect(closeAudit(report, feedback, { by: 'QA-1', at: T('17:30') }).accepted).toBe(true);
    expect(AuditFeedbackSchema.safeParse({ ...feedback[0], action: 'scolding' }).success).toBe(false);
  });
});
