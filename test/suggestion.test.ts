import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { send, sendOrThrow } from 'kefu';
import { undocumented } from './support/call.js';
import { missingSuggestionFields, suggestionMachine, type SuggestionEmitted, type SuggestionInput } from 'kefu/machines/suggestion';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** A suggestion taken Tuesday 2026-12-01 10:00 Shanghai. */
const input = {
  caseId: 'S-2026-0001',
  receivedAt: T('10:00'),
  channel: 'phone',
  record: { customer: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '建议周末延长营业时间到晚上八点' },
} satisfies SuggestionInput;

function start(i: SuggestionInput = input, clock?: SimulatedClock) {
  return createActor(suggestionMachine, { input: i, ...(clock ? { clock } : {}) }).start();
}

type Actor = ReturnType<typeof start>;

const forward = (actor: Actor, extra: { respondBy?: string } = {}) =>
  sendOrThrow(actor, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', ...extra, at: T('10:30') });
const adopt = (actor: Actor, extra: { expectedBy?: string } = {}) =>
  sendOrThrow(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'adopt', plan: '十二月起周六周日营业至20:00', responder: '客服主管张三', ...extra, at: T('10:00', '2026-12-02') });
const improve = (actor: Actor) =>
  sendOrThrow(actor, { type: 'IMPROVEMENT.COMPLETE', by: people.agent, description: '周末营业时间已延长至20:00', at: T('09:00', '2026-12-07') });

describe('suggestion machine: the loop', () => {
  it('walks 记录建议 → 反馈相关部门 → 跟进改进情况 → 与客户确认 → 结案', () => {
    const forwardToDepartment = vi.fn();
    const notifyCustomer = vi.fn();
    const actor = createActor(suggestionMachine.provide({ actions: { forwardToDepartment, notifyCustomer } }), { input }).start();
    const seen: SuggestionEmitted[] = [];
    actor.on('*', (e) => seen.push(e as SuggestionEmitted));
    const states: unknown[] = [actor.getSnapshot().value];
    forward(actor);
    states.push(actor.getSnapshot().value);
    adopt(actor);
    states.push(actor.getSnapshot().value);
    sendOrThrow(actor, { type: 'PROGRESS.RECORD', by: people.agent, note: '排班已调整', at: T('10:00', '2026-12-04') });
    improve(actor);
    states.push(actor.getSnapshot().value);
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.agent, text: '王先生您好,根据您的建议,周末营业时间已延长至晚上八点。', at: T('10:00', '2026-12-07') });
    sendOrThrow(actor, { type: 'CUSTOMER.CONFIRM', by: people.customer, satisfied: true, note: '很满意', at: T('10:05', '2026-12-07') });
    sendOrThrow(actor, { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('10:10', '2026-12-07') });
    states.push(actor.getSnapshot().value);
    expect(states).toEqual(['recording', 'forwarded', 'improving', 'confirming', 'closed']);
    expect(actor.getSnapshot().output).toEqual({ caseId: input.caseId, outcome: 'improved', department: 'service', closedAt: T('10:10', '2026-12-07') });
    expect(forwardToDepartment).toHaveBeenCalledWith(expect.anything(), { caseId: input.caseId, department: 'service' });
    expect(notifyCustomer).toHaveBeenCalledOnce();
    expect(seen.map((e) => e.type)).toEqual(['suggestion.forwarded', 'suggestion.responded', 'suggestion.improved', 'suggestion.closed']);
    expect(JSON.stringify(seen)).not.toMatch(/王先生|138|营业/);
  });

  it('names its states in Chinese and describes every state and transition', () => {
    expect(undocumented(suggestionMachine)).toEqual([]);
    const zh = (['recording', 'forwarded', 'improving', 'confirming', 'closed'] as const).map((s) => (suggestionMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['记录建议', '反馈相关部门', '跟进改进情况', '与客户确认', '结案']);
  });
});

describe('SUGGEST-LOOP', () => {
  it('SUGGEST-LOOP: a suggestion is forwarded only once recorded with who made it and how to reach them', () => {
    const actor = start({ caseId: 'S-2', receivedAt: T('10:00'), channel: 'web', record: { content: '希望增加线上预约' } });
    expect(send(actor, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:30') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'SUGGEST-LOOP', details: { missing: ['customer', 'contact'] } }],
    });
    sendOrThrow(actor, { type: 'SUGGESTION.UPDATE', by: people.agent, fields: { customer: '赵先生', contact: { email: 'zhao@example.com' } }, at: T('10:35') });
    expect(send(actor, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:40') })).toMatchObject({ accepted: true });
    expect(missingSuggestionFields(actor.getSnapshot().context.record)).toEqual([]);
  });

  it('SUGGEST-LOOP: a suggestion is forwarded only to a department of the directory', () => {
    const actor = start();
    expect(send(actor, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'marketing', at: T('10:30') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'SUGGEST-LOOP', details: { department: 'marketing' } }],
    });
  });

  it('SUGGEST-LOOP: closing is refused at every step before the improvement is confirmed, naming what is open', () => {
    const actor = start();
    const close = () => send(actor, { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('11:00', '2026-12-08') });
    expect(close()).toMatchObject({ accepted: false, violations: [{ rule: 'SUGGEST-LOOP', details: { missing: ['forward', 'departmentResponse'] } }] });
    forward(actor);
    expect(close()).toMatchObject({ accepted: false, violations: [{ details: { missing: ['departmentResponse'] } }] });
    adopt(actor);
    expect(close()).toMatchObject({ accepted: false, violations: [{ details: { missing: ['improvement', 'customerConfirmation'] } }] });
    improve(actor);
    expect(close()).toMatchObject({ accepted: false, violations: [{ details: { missing: ['customerConfirmation'] } }] });
    expect(actor.getSnapshot().value).toBe('confirming');
    sendOrThrow(actor, { type: 'CUSTOMER.CONFIRM', by: people.customer, satisfied: true, at: T('10:00', '2026-12-08') });
    expect(close()).toMatchObject({ accepted: true });
  });

  it('SUGGEST-LOOP: a customer not satisfied with the improvement sends it back to improving, and closing stays refused', () => {
    const actor = start();
    forward(actor);
    adopt(actor);
    improve(actor);
    sendOrThrow(actor, { type: 'CUSTOMER.CONFIRM', by: people.customer, satisfied: false, note: '只延长了周六', at: T('10:00', '2026-12-08') });
    expect(actor.getSnapshot().value).toBe('improving');
    expect(actor.getSnapshot().context.dissatisfactions).toEqual([{ note: '只延长了周六', at: T('10:00', '2026-12-08') }]);
    expect(send(actor, { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('10:05', '2026-12-08') })).toMatchObject({ accepted: false, violations: [{ rule: 'SUGGEST-LOOP' }] });
  });

  it('SUGGEST-LOOP: adopting needs the planned improvement; declining needs the reason', () => {
    const actor = start();
    forward(actor);
    expect(send(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'adopt', at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'SUGGEST-LOOP', details: { missing: ['plan'] } }],
    });
    expect(send(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'decline', at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'SUGGEST-LOOP', details: { missing: ['reason'] } }],
    });
    expect(actor.getSnapshot().value).toBe('forwarded');
  });

  it('SUGGEST-LOOP: a suggestion declined with a recorded reason closes once the customer is told', () => {
    const actor = start();
    forward(actor);
    sendOrThrow(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'decline', reason: '周末晚间技师不足,暂无法延长', at: T('10:00', '2026-12-02') });
    expect(actor.getSnapshot().value).toBe('confirming');
    expect(send(actor, { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('10:05', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'SUGGEST-LOOP', details: { missing: ['customerInformed'] } }],
    });
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.agent, text: '王先生您好,感谢您的建议。由于周末晚间技师不足,暂时无法延长营业时间,我们会持续关注。', at: T('10:30', '2026-12-02') });
    sendOrThrow(actor, { type: 'SUGGESTION.CLOSE', by: people.agent, at: T('10:35', '2026-12-02') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'declined' });
    expect(actor.getSnapshot().context.response?.reason).toBe('周末晚间技师不足,暂无法延长');
  });

  it('SUGGEST-LOOP: a department that does not answer by the deadline is escalated, not before (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(suggestionMachine.provide({ actions: { notifySupervisor } }), { input, clock }).start();
    forward(actor, { respondBy: T('10:30', '2026-12-03') });
    clock.increment(2 * 86_400_000 - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ step: 'forwarded', dueAt: T('10:30', '2026-12-03') }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { caseId: input.caseId, reason: 'response-overdue', dueAt: T('10:30', '2026-12-03') });
  });

  it('SUGGEST-LOOP: without a response deadline nothing is escalated (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = start(input, clock);
    forward(actor);
    clock.increment(30 * 86_400_000);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    expect(actor.getSnapshot().value).toBe('forwarded');
  });

  it('SUGGEST-LOOP: an improvement late against the department\'s expected time is escalated (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = start(input, clock);
    forward(actor);
    adopt(actor, { expectedBy: T('10:00', '2026-12-05') });
    clock.increment(3 * 86_400_000);
    expect(actor.getSnapshot().context.escalations).toEqual([{ step: 'improving', dueAt: T('10:00', '2026-12-05') }]);
    expect(actor.getSnapshot().value).toBe('improving');
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: what the customer is told holds no forbidden phrase', () => {
    const actor = start();
    forward(actor);
    sendOrThrow(actor, { type: 'DEPARTMENT.RESPOND', by: people.agent, decision: 'decline', reason: '成本过高', at: T('10:00', '2026-12-02') });
    expect(send(actor, { type: 'CUSTOMER.REPLY', by: people.agent, text: '这个不行', at: T('10:30', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不行', index: 2 }] } }],
    });
    expect(actor.getSnapshot().context.replies).toEqual([]);
  });
});
