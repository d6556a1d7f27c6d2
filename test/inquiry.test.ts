import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { definePolicy, isValidationError, send, sendOrThrow } from 'kefu';
import { inquiryMachine, type InquiryEmitted, type InquiryInput } from 'kefu/machines/inquiry';
import { inquiryInputFromCall } from 'kefu/machines/call';
import { undocumented } from './support/call.js';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** An email inquiry received Tuesday 2026-12-01 09:30 Shanghai. */
const input = {
  inquiryId: 'Q-2026-0001',
  receivedAt: T('09:30'),
  channel: 'email',
  record: { customer: '李女士', contact: { email: 'li@example.com' } },
} satisfies InquiryInput;

const content = '会员保养套餐包含哪些项目?';

function start(i: InquiryInput = input, options: { clock?: SimulatedClock } = {}) {
  return createActor(inquiryMachine, { input: i, ...options }).start();
}

function recorded(i: InquiryInput = input, options: { clock?: SimulatedClock } = {}) {
  const actor = start(i, options);
  sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content }, at: T('09:35') });
  return actor;
}

describe('inquiry machine (客户咨询)', () => {
  it('walks 了解客户需求 → 已解答 → 结束 and returns what happened', () => {
    const sendAnswer = vi.fn();
    const actor = createActor(inquiryMachine.provide({ actions: { sendAnswer } }), { input }).start();
    const seen: InquiryEmitted[] = [];
    actor.on('*', (e) => seen.push(e as InquiryEmitted));
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content }, at: T('09:35') });
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,会员保养套餐包含机油、机滤更换和二十项安全检查。', at: T('09:40') });
    expect(actor.getSnapshot().value).toBe('answered');
    sendOrThrow(actor, { type: 'INQUIRY.CLOSE', by: people.agent, at: T('09:45') });
    expect(actor.getSnapshot().output).toEqual({ inquiryId: input.inquiryId, department: 'service', answers: 1, transferCount: 0, closedAt: T('09:45') });
    expect(sendAnswer).toHaveBeenCalledWith(expect.anything(), { inquiryId: input.inquiryId, channel: 'email', text: expect.stringContaining('会员保养套餐') });
    expect(seen.map((e) => e.type)).toEqual(['inquiry.answered', 'inquiry.closed']);
    expect(JSON.stringify(seen)).not.toContain('李女士');
  });

  it('names its states in Chinese and describes every state and transition', () => {
    expect(undocumented(inquiryMachine)).toEqual([]);
    const zh = (['understanding', 'transferring', 'awaitingFollowUp', 'answered', 'closed'] as const).map((s) => (inquiryMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['了解客户需求', '转接相关部门', '待跟进', '已解答', '结束']);
  });

  it('CALL-RECORD: a further question after an answer goes back to understanding; an unanswered inquiry cannot be closed (out of order)', () => {
    const actor = recorded();
    expect(send(actor, { type: 'INQUIRY.CLOSE', by: people.agent, at: T('09:36') })).toMatchObject({
      accepted: false,
      reason: 'rule',
      // Only the rule of the step: the answer's wording (CP-LANGUAGE) is checked on the answer, it gates nothing.
      violations: [{ rule: 'CALL-RECORD', details: { outOfOrder: true, step: 'answered', gate: 'INQUIRY.ANSWER' } }],
    });
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '包含二十项检查。', at: T('09:40') });
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '套餐价格是多少?' }, at: T('09:42') });
    expect(actor.getSnapshot().value).toBe('understanding');
  });

  it('an input naming an unknown department is rejected with a ValidationError', () => {
    const actor = createActor(inquiryMachine, { input: { ...input, department: 'marketing' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(isValidationError(errors[0])).toBe(true);
  });
});

describe('CALL-RECORD (记录客户咨询内容)', () => {
  it('CALL-RECORD: an inquiry is not answered before its content is recorded', () => {
    const actor = start();
    expect(send(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好。', at: T('09:31') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CALL-RECORD', details: { missing: ['content'] } }],
    });
    expect(actor.getSnapshot().value).toBe('understanding');
  });

  it('CALL-RECORD: once the content is recorded the inquiry is answered and the content kept', () => {
    const actor = recorded();
    expect(send(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,包含二十项检查。', at: T('09:40') })).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().context.record.content).toBe(content);
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: an answer containing 不知道 is refused and the phrase named', () => {
    const actor = recorded();
    const outcome = send(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '这个我不知道', at: T('09:40') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不知道', index: 3 }] } }] });
    expect(actor.getSnapshot().context.answers).toEqual([]);
  });

  it('CP-LANGUAGE: a polite answer is sent', () => {
    const actor = recorded();
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,这个问题我帮您确认一下。', at: T('09:40') });
    expect(actor.getSnapshot().context.answers).toEqual([{ text: '您好,这个问题我帮您确认一下。', department: 'service', at: T('09:40') }]);
  });
});

describe('CALL-TRANSFER', () => {
  it('CALL-TRANSFER: an inquiry the agent cannot answer goes to a known department, which answers it', () => {
    const requestTransfer = vi.fn();
    const actor = createActor(inquiryMachine.provide({ actions: { requestTransfer } }), { input }).start();
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content: '发票抬头能否修改?' }, at: T('09:35') });
    sendOrThrow(actor, { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'finance', reason: '发票问题', at: T('09:40') });
    expect(actor.getSnapshot().value).toBe('transferring');
    expect(requestTransfer).toHaveBeenCalledWith(expect.anything(), { inquiryId: input.inquiryId, transferId: 'T1', department: 'finance', reason: '发票问题' });
    sendOrThrow(actor, { type: 'TRANSFER.ACCEPTED', by: people.agent, at: T('10:00') });
    expect(actor.getSnapshot().context).toMatchObject({ department: 'finance', transferCount: 1 });
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,发票抬头可以在开票后30天内修改。', at: T('10:20') });
    expect(actor.getSnapshot().context.answers[0]).toMatchObject({ department: 'finance' });
  });

  it('CALL-TRANSFER: a transfer to an unknown department, or to the one answering, is refused', () => {
    const actor = recorded();
    expect(send(actor, { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'marketing', at: T('09:40') })).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-TRANSFER', details: { department: 'marketing' } }] });
    expect(send(actor, { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'service', at: T('09:40') })).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-TRANSFER' }] });
    expect(actor.getSnapshot().value).toBe('understanding');
  });

  it('CALL-TRANSFER: a declined transfer comes back to the agent with the reason; the customer is not dropped', () => {
    const actor = recorded();
    sendOrThrow(actor, { type: 'INQUIRY.TRANSFER', by: people.agent, department: 'sales', at: T('09:40') });
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '套餐内容由客服部解答', at: T('09:50') });
    const { context, value } = actor.getSnapshot();
    expect(value).toBe('understanding');
    expect(context.department).toBe('service');
    expect(context.lastTransferFailure).toEqual({ department: 'sales', reason: '套餐内容由客服部解答', at: T('09:50') });
    expect(context.transfers).toEqual([expect.objectContaining({ id: 'T1', outcome: 'declined', declineReason: '套餐内容由客服部解答' })]);
  });

  it('CALL-TRANSFER: an inquiry bounced between the same two departments past the limit is flagged', () => {
    const notifySupervisor = vi.fn();
    const actor = createActor(inquiryMachine.provide({ actions: { notifySupervisor } }), { input }).start();
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content }, at: T('09:35') });
    for (const [department, at] of [['sales', '09:40'], ['service', '09:50'], ['sales', '10:00']] as const) {
      sendOrThrow(actor, { type: 'INQUIRY.TRANSFER', by: people.agent, department, at: T(at) });
      sendOrThrow(actor, { type: 'TRANSFER.ACCEPTED', by: people.agent, at: T(at.replace(/0$/, '5')) });
    }
    expect(actor.getSnapshot().context.pingPongs).toEqual([{ departments: ['sales', 'service'], count: 3, transferId: 'T3', at: T('10:05') }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { inquiryId: input.inquiryId, reason: 'ping-pong', departments: ['sales', 'service'] });
  });
});

describe('CALL-ETA (a promised follow-up has a deadline)', () => {
  it('CALL-ETA: a follow-up promised without a time is due within 4 working hours, escalated when missed (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(inquiryMachine.provide({ actions: { notifySupervisor } }), { input, clock }).start();
    sendOrThrow(actor, { type: 'INQUIRY.RECORD', by: people.agent, fields: { content }, at: T('09:35') });
    sendOrThrow(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, at: T('10:00') });
    // 10:00 + 4 working hours, lunch 12:00–14:00 off = 16:00
    expect(actor.getSnapshot().context.followUp).toEqual({ promisedBy: '2026-12-01T08:00:00.000Z', at: T('10:00') });
    expect(actor.getSnapshot().value).toBe('awaitingFollowUp');
    clock.increment(6 * 3600_000 - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ dueAt: '2026-12-01T08:00:00.000Z' }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { inquiryId: input.inquiryId, reason: 'follow-up-missed', dueAt: '2026-12-01T08:00:00.000Z' });
    sendOrThrow(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,久等了,套餐包含二十项检查。', at: T('16:30') });
    expect(actor.getSnapshot().value).toBe('answered');
  });

  it('CALL-ETA: a promised time in the past, or later than the policy allows, is refused (Asia/Shanghai)', () => {
    const actor = recorded();
    expect(send(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, promisedBy: T('09:00'), at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-ETA' }] });
    expect(send(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, promisedBy: T('10:00', '2026-12-02'), at: T('10:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CALL-ETA', details: { latest: '2026-12-01T08:00:00.000Z' } }],
    });
  });

  it('CALL-ETA: the policy sets the limit', () => {
    const policy = definePolicy({ call: { callbackWithinWorkingHours: 8 } });
    const actor = recorded({ ...input, policy });
    expect(send(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, promisedBy: T('10:00', '2026-12-02'), at: T('10:00') })).toMatchObject({ accepted: true });
  });

  it('CALL-ETA: a follow-up is not promised to a customer who cannot be reached', () => {
    const actor = recorded({ ...input, record: { customer: '李女士' } });
    expect(send(actor, { type: 'FOLLOWUP.PROMISE', by: people.agent, at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-ETA', details: { missing: ['contact'] } }] });
  });
});

describe('from a call', () => {
  it('inquiryInputFromCall opens an inquiry prefilled from the call record', () => {
    const i = inquiryInputFromCall(
      { time: T('10:00'), number: '13800138000', name: '王先生', content: '保养周期多久?' },
      { inquiryId: 'Q-9', callId: 'CA-9' },
    );
    expect(i).toEqual({
      inquiryId: 'Q-9',
      receivedAt: T('10:00'),
      channel: 'phone',
      record: { customer: '王先生', contact: { phone: '13800138000' }, content: '保养周期多久?' },
      sourceCallId: 'CA-9',
    });
    const actor = start(i);
    expect(send(actor, { type: 'INQUIRY.ANSWER', by: people.agent, text: '您好,建议每五千公里保养一次。', at: T('10:05') })).toMatchObject({ accepted: true });
  });
});
