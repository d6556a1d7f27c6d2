import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { definePolicy, explain, isValidationError, send, sendOrThrow } from 'kefu';
import { SlaClockSchema } from 'kefu/time';
import { emailMachine, emailStateNames, mentionsAttachment } from 'kefu/machines/email';
import { HOUR, invoice, mail, manual, startEmail, T } from './support/email.js';
import { people } from './support/principals.js';

const business = definePolicy({ email: { clock: 'business' } });

describe('email machine: states', () => {
  it('walks received → awaitingReply → replied → closed and returns MAIL-24H met', () => {
    const actor = startEmail();
    expect(actor.getSnapshot().value).toEqual({ open: 'received' });
    sendOrThrow(actor, { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', category: '发票', at: T('09:10') });
    expect(actor.getSnapshot().value).toEqual({ open: 'awaitingReply' });
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票,请查收。', at: T('10:00') });
    expect(actor.getSnapshot().value).toBe('replied');
    sendOrThrow(actor, { type: 'MAIL.CLOSE', by: people.agent, at: T('10:05') });
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toEqual({ mailId: mail.mailId, closedAs: 'replied', mail24h: 'met', closedAt: T('10:05') });
  });

  it('names every state after the documents in meta', () => {
    const zh = (['open', 'waitingOnCustomer', 'replied', 'closed'] as const).map((s) => (emailMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['待回复', '等待客户回复', '已回复', '已结案']);
    expect(emailStateNames.received.zh).toBe('收到邮件');
  });

  it('refuses malformed input, naming the fields', () => {
    const errors: unknown[] = [];
    const actor = createActor(emailMachine, { input: { mail: { ...mail, from: 'not-an-address' } } });
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(['mail.from']);
  });
});

describe('MAIL-24H', () => {
  it('MAIL-24H: a reply 23 hours after receipt is on time and recorded as met (calendar hours, Asia/Shanghai)', () => {
    const replied = vi.fn();
    const actor = startEmail();
    actor.on('email.replied', replied);
    expect(actor.getSnapshot().context.sla?.dueAt).toBe('2026-12-02T01:00:00.000Z'); // Wed 09:00 Shanghai
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票。', at: T('08:00', '2026-12-02') });
    const { context } = actor.getSnapshot();
    expect(context.mail24h).toBe('met');
    expect(context.sla).toBeUndefined();
    expect(context.slaRecords).toEqual([
      expect.objectContaining({ answers: mail.messageId, replyId: 'r1', met: true, elapsedMs: 23 * HOUR, overdueMs: 0, pausedMs: 0 }),
    ]);
    expect(replied).toHaveBeenCalledWith({ type: 'email.replied', mailId: mail.mailId, replyId: 'r1', answers: mail.messageId, met: true, at: T('08:00', '2026-12-02') });
  });

  it('MAIL-24H: without a reply the case escalates at the due time, not 1 ms before (SimulatedClock, calendar hours, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const overdue = vi.fn();
    const actor = startEmail({ clock, machine: emailMachine.provide({ actions: { notifySupervisor } }) });
    actor.on('email.replyOverdue', overdue);
    clock.increment(24 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    expect(actor.getSnapshot().context.mail24h).toBe('pending');
    clock.increment(1);
    const { context } = actor.getSnapshot();
    expect(context.escalations).toEqual([{ messageId: mail.messageId, dueAt: '2026-12-02T01:00:00.000Z' }]);
    expect(context.mail24h).toBe('breached');
    expect(context.now).toBe('2026-12-02T01:00:00.000Z');
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { mailId: mail.mailId, reason: 'reply-overdue', messageId: mail.messageId, dueAt: '2026-12-02T01:00:00.000Z' });
    // Ids and times only: no address, subject or text leaves the machine.
    expect(overdue).toHaveBeenCalledWith({ type: 'email.replyOverdue', mailId: mail.mailId, messageId: mail.messageId, dueAt: '2026-12-02T01:00:00.000Z' });
    // The reply is still owed, and still has to be sent.
    expect(actor.getSnapshot().value).toEqual({ open: 'received' });
  });

  it('MAIL-24H: a reply after the due time is accepted but recorded as breached, with how late it was (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,抱歉回复晚了,已为您重开发票。', at: T('10:30', '2026-12-02') });
    const { context } = actor.getSnapshot();
    expect(context.slaRecords[0]).toMatchObject({ met: false, overdueMs: 1.5 * HOUR });
    expect(context.mail24h).toBe('breached');
    sendOrThrow(actor, { type: 'MAIL.CLOSE', by: people.agent, at: T('11:00', '2026-12-02') });
    expect(actor.getSnapshot().output).toMatchObject({ mail24h: 'breached' });
  });

  it('MAIL-24H: a mail waiting for its reply cannot be closed; the due time is named (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    const outcome = send(actor, { type: 'MAIL.CLOSE', by: people.agent, at: T('09:30') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'MAIL-24H', details: { owedFor: mail.messageId, dueAt: '2026-12-02T01:00:00.000Z' } }] });
    expect(actor.getSnapshot().value).toEqual({ open: 'received' });
  });

  it('MAIL-24H: a reply dated before the last event is refused (a backdated reply cannot look on time) (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', at: T('12:00') });
    const before = actor.getSnapshot();
    // 11:58 lies within the policy's clock tolerance, so the rule speaks.
    const outcome = send(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已处理。', at: T('11:58') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'MAIL-24H', details: { now: T('12:00') } }] });
    // An hour back is beyond the tolerance: the time itself is refused.
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已处理。', at: T('11:00') })).toMatchObject({
      accepted: false,
      reason: 'invalid-event',
      issues: [{ path: 'at' }],
    });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('MAIL-24H: waiting on the customer pauses the clock; their reply resumes it with the pause added to the due time (SimulatedClock, calendar hours, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock });
    clock.increment(2 * HOUR);
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的发票抬头和税号。', at: T('11:00') });
    expect(actor.getSnapshot().value).toBe('waitingOnCustomer');
    expect(actor.getSnapshot().context.sla).toMatchObject({ pausedAt: '2026-12-01T03:00:00.000Z', dueAt: '2026-12-02T01:00:00.000Z' });
    // Nothing fires while paused, even past the original due time.
    clock.increment(4 * HOUR);
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', text: '抬头:某某公司', at: T('15:00') });
    const { context, value } = actor.getSnapshot();
    expect(value).toEqual({ open: 'awaitingReply' });
    // The clock sits in context as plain JSON, 4 h later than before.
    expect(SlaClockSchema.safeParse(JSON.parse(JSON.stringify(context.sla))).success).toBe(true);
    expect(context.sla).toEqual({
      startedAt: '2026-12-01T01:00:00.000Z',
      dueAt: '2026-12-02T05:00:00.000Z', // Wed 13:00 instead of 09:00
      mode: 'calendar',
      pausedMs: 4 * HOUR,
      pauses: [{ from: '2026-12-01T03:00:00.000Z', to: '2026-12-01T07:00:00.000Z' }],
      maxElapsedMs: 24 * HOUR, // MAIL-24H: never more than 24 elapsed hours, pauses added back
      ownDueAt: '2026-12-02T05:00:00.000Z',
    });
    clock.increment(22 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ messageId: mail.messageId, dueAt: '2026-12-02T05:00:00.000Z' }]);
  });

  it('MAIL-24H: on the business clock a mail received Friday 17:00 is due Saturday 17:00 — 24 wall-clock hours, not the 24th working hour next Thursday (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock, policy: business, mail: { receivedAt: T('17:00', '2026-12-04') } });
    // 24 working hours would end Thursday 11:00 (138 hours later); the documents allow 24 at most.
    expect(actor.getSnapshot().context.sla).toMatchObject({
      mode: 'business',
      dueAt: '2026-12-05T09:00:00.000Z',
      ownDueAt: '2026-12-10T03:00:00.000Z',
      maxElapsedMs: 24 * HOUR,
    });
    clock.increment(24 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ messageId: mail.messageId, dueAt: '2026-12-05T09:00:00.000Z' }]);
  });

  it('MAIL-24H: a business clock shorter than 24 hours keeps its own due time (4 working hours from Monday 16:00 is Tuesday 11:00, Asia/Shanghai)', () => {
    const fourHours = definePolicy({ email: { clock: 'business', replyWithinHours: 4 } });
    const actor = startEmail({ policy: fourHours, mail: { receivedAt: T('16:00', '2026-12-07') } });
    expect(actor.getSnapshot().context.sla?.dueAt).toBe('2026-12-08T03:00:00.000Z');
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您处理。', at: T('10:00', '2026-12-08') });
    expect(actor.getSnapshot().context.slaRecords[0]).toMatchObject({ met: true, elapsedMs: 3 * HOUR });
    // The same 4 working hours from Friday 17:00 would be Monday 12:00: the 24-hour limit, Saturday 17:00, comes first.
    const friday = startEmail({ policy: fourHours, mail: { receivedAt: T('17:00', '2026-12-04') } });
    expect(friday.getSnapshot().context.sla?.dueAt).toBe('2026-12-05T09:00:00.000Z');
    sendOrThrow(friday, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您处理。', at: T('10:00', '2026-12-07') });
    expect(friday.getSnapshot().context.slaRecords[0]).toMatchObject({ met: false, dueAt: '2026-12-05T09:00:00.000Z' });
    expect(friday.getSnapshot().context.mail24h).toBe('breached');
  });

  it('MAIL-24H: a policy allowing more than 24 hours is refused by definePolicy, naming email.replyWithinHours', () => {
    let error: unknown;
    try {
      definePolicy({ email: { replyWithinHours: 25 } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as { fields: string[] }).fields).toEqual(['email.replyWithinHours']);
    expect(definePolicy({ email: { replyWithinHours: 24 } }).email.replyWithinHours).toBe(24);
  });

  it('MAIL-24H: business hours in Asia/Shanghai — a pause over the night gives back only its working time (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const sixHours = definePolicy({ email: { clock: 'business', replyWithinHours: 6 } });
    const actor = startEmail({ clock, policy: sixHours, mail: { receivedAt: T('10:00', '2026-12-07') } }); // Monday
    // Mon 10–12, 14–18 = 6 working hours → Mon 18:00.
    expect(actor.getSnapshot().context.sla?.dueAt).toBe('2026-12-07T10:00:00.000Z');
    clock.increment(6 * HOUR);
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请补充发票照片。', at: T('16:00', '2026-12-07') });
    clock.increment(17.5 * HOUR);
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', attachments: [invoice], at: T('09:30', '2026-12-08') });
    // Paused Mon 16:00 → Tue 09:30: 2.5 working hours (16–18, 09–09:30), not 17.5 → Tue 11:30.
    expect(actor.getSnapshot().context.sla).toMatchObject({ dueAt: '2026-12-08T03:30:00.000Z', pausedMs: 17.5 * HOUR });
    clock.increment(2 * HOUR - 1); // Tue 09:30 → 11:30
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toHaveLength(1);
  });

  it('MAIL-24H: the 24-hour limit moves by the elapsed time of a pause, like the clock (business clock, Friday 17:00, Asia/Shanghai)', () => {
    const actor = startEmail({ policy: business, mail: { receivedAt: T('17:00', '2026-12-04') } });
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请补充发票照片。', at: T('17:30', '2026-12-04') });
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', attachments: [invoice], at: T('09:30', '2026-12-05') });
    // Paused 16 elapsed hours: the limit is Friday 17:00 + 24 h + 16 h = Sunday 09:00.
    expect(actor.getSnapshot().context.sla).toMatchObject({ dueAt: '2026-12-06T01:00:00.000Z', pausedMs: 16 * HOUR });
  });

  it('MAIL-24H: a reply sent while waiting on the customer is recorded against the due time with the pause in it; never met when later (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail(); // Tuesday 09:00, due Wednesday 09:00
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('10:00') });
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已按原抬头重开。', at: T('16:00') });
    const [record] = actor.getSnapshot().context.slaRecords;
    // Paused 10:00–16:00: due Wednesday 15:00; the reply at Tuesday 16:00 is in time.
    expect(record).toMatchObject({ dueAt: '2026-12-02T07:00:00.000Z', repliedAt: '2026-12-01T08:00:00.000Z', met: true, pausedMs: 6 * HOUR, elapsedMs: HOUR });

    // The refused side: 25 h in, the clock was already overdue when it paused; the reply is late, and says so.
    const late = startEmail();
    sendOrThrow(late, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('10:00', '2026-12-02') });
    sendOrThrow(late, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已按原抬头重开。', at: T('12:00', '2026-12-02') });
    const [lateRecord] = late.getSnapshot().context.slaRecords;
    expect(lateRecord).toMatchObject({ dueAt: '2026-12-02T03:00:00.000Z', met: false, overdueMs: HOUR, pausedMs: 2 * HOUR });
    for (const r of [record!, lateRecord!]) expect(r.met).toBe(Date.parse(r.repliedAt) <= Date.parse(r.dueAt));
  });

  it('MAIL-24H: a new mail of the customer after our reply starts a new 24-hour clock (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票。', at: T('10:00') });
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-3', text: '还想问一下保养周期', at: T('20:00') });
    const { context, value } = actor.getSnapshot();
    expect(value).toEqual({ open: 'awaitingReply' });
    expect(context.owedFor).toBe('in-3');
    expect(context.sla?.dueAt).toBe('2026-12-02T12:00:00.000Z'); // Wed 20:00
    expect(context.mail24h).toBe('pending');
  });

  it('MAIL-24H: a second mail before our reply keeps the first mail\'s clock (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', text: '补充一下', at: T('12:00') });
    expect(actor.getSnapshot().context).toMatchObject({ owedFor: mail.messageId, sla: { dueAt: '2026-12-02T01:00:00.000Z' } });
  });

  it('MAIL-24H: an overdue mail is escalated once, even when its clock is paused and resumed afterwards (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock });
    clock.increment(25 * HOUR);
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('10:00', '2026-12-02') });
    clock.increment(HOUR);
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', at: T('11:00', '2026-12-02') });
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toHaveLength(1);
  });

  it('MAIL-24H: closing while waiting on the customer is allowed and recorded as no-response (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('10:00') });
    sendOrThrow(actor, { type: 'MAIL.CLOSE', by: people.agent, at: T('10:00', '2026-12-08') });
    expect(actor.getSnapshot().output).toMatchObject({ closedAs: 'no-response', mail24h: 'met' });
  });

  it('MAIL-24H: a case whose question went out after the due time closes as breached (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('10:00', '2026-12-02') });
    sendOrThrow(actor, { type: 'MAIL.CLOSE', by: people.agent, at: T('10:00', '2026-12-08') });
    expect(actor.getSnapshot().output).toMatchObject({ closedAs: 'no-response', mail24h: 'breached' });
  });
});

describe('attachments (附件管理)', () => {
  it('attachments of the received mail and of later mails are recorded with name, size and type', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请补充行驶证照片。', at: T('10:00') });
    const license = { name: '行驶证.png', size: 512_000, type: 'image/png' };
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', attachments: [license], at: T('11:00') });
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,新发票见附件。', attachments: [manual], at: T('12:00') });
    const { attachments, messages } = actor.getSnapshot().context;
    expect(attachments).toEqual([
      { ...invoice, messageId: mail.messageId, direction: 'in', at: T('09:00') },
      { ...license, messageId: 'in-2', direction: 'in', at: T('11:00') },
      { ...manual, messageId: 'r1', direction: 'out', at: T('12:00') },
    ]);
    expect(messages.map((m) => [m.kind, m.attachments])).toEqual([
      ['mail', ['发票.jpg']],
      ['info-request', []],
      ['customer-reply', ['行驶证.png']],
      ['reply', ['保养手册.pdf']],
    ]);
  });

  it('a reply that mentions an attachment without carrying one is refused as malformed', () => {
    expect(mentionsAttachment('新发票见附件')).toBe(true);
    const actor = startEmail();
    const outcome = send(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,新发票见附件。', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'attachments' }] });
    expect(actor.getSnapshot().context.messages).toHaveLength(1);
  });

  it('an empty attachment is refused (附件须清晰、完整)', () => {
    const actor = startEmail();
    const outcome = send(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', attachments: [{ name: '空.pdf', size: 0, type: 'application/pdf' }], at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'attachments.0.size' }] });
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: a polite reply is sent through the provided sendEmail action', () => {
    const sendEmail = vi.fn();
    const actor = startEmail({ machine: emailMachine.provide({ actions: { sendEmail } }) });
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,新发票见附件。', attachments: [manual], at: T('10:00') });
    expect(sendEmail).toHaveBeenCalledWith(expect.anything(), {
      mailId: mail.mailId,
      messageId: 'r1',
      to: mail.from,
      kind: 'reply',
      text: '您好,新发票见附件。',
      attachments: [manual],
    });
  });

  it('CP-LANGUAGE: a reply containing 不可以 is refused naming the phrase; nothing is sent and the clock runs on', () => {
    const sendEmail = vi.fn();
    const actor = startEmail({ machine: emailMachine.provide({ actions: { sendEmail } }) });
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '发票抬头不可以修改', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不可以', index: 4 }] } }] });
    expect(outcome.accepted === false && outcome.message.zh).toContain('不可以');
    expect(sendEmail).not.toHaveBeenCalled();
    expect(actor.getSnapshot()).toBe(before);
    expect(actor.getSnapshot().context.sla).toBeDefined();
  });

  it('CP-LANGUAGE: a request for information is checked too', () => {
    const actor = startEmail();
    const outcome = send(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '没有税号不行', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不行' }] } }] });
    expect(actor.getSnapshot().value).toEqual({ open: 'received' });
  });

  it('CP-LANGUAGE: explain names the phrase without sending', () => {
    const actor = startEmail();
    const outcome = explain(actor.getSnapshot(), { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '这个我不知道', at: T('10:00') } as never);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
  });
});

describe('persistence', () => {
  it('a case waiting on the customer persists through JSON with its paused clock and resumes (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('11:00') });
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(emailMachine, { snapshot: JSON.parse(saved), input: { mail }, clock: new SimulatedClock() }).start();
    expect(restored.getSnapshot().value).toBe('waitingOnCustomer');
    sendOrThrow(restored, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', at: T('15:00') });
    expect(restored.getSnapshot().context.sla?.dueAt).toBe('2026-12-02T05:00:00.000Z');
    sendOrThrow(restored, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票。', at: T('16:00') });
    expect(restored.getSnapshot().context.slaRecords[0]).toMatchObject({ met: true, elapsedMs: 3 * HOUR, pausedMs: 4 * HOUR });
  });
});

describe('warnings, escalation levels and member tiers', () => {
  const levels = definePolicy({
    email: {
      warnings: [
        { share: 0.5, notify: 'agent' },
        { hoursBeforeDue: 2, notify: 'supervisor' },
        { hoursAfterDue: 4, notify: 'head' },
      ],
    },
  });

  it('MAIL-24H: the agent is warned at half time, the supervisor 2 hours before, the breach goes to the supervisor, the head of department 4 hours after (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifyDeadline = vi.fn();
    const notifySupervisor = vi.fn();
    const events: string[] = [];
    const actor = startEmail({ clock, policy: levels, machine: emailMachine.provide({ actions: { notifyDeadline, notifySupervisor } }) });
    actor.on('*', (e) => events.push(`${e.type}${'notify' in e ? `:${e.notify}` : ''}`));
    const warned = () => actor.getSnapshot().context.warnings!.map((w) => `${w.notify}@${w.at}`);

    clock.increment(12 * HOUR - 1); // Tue 21:00 - 1 ms
    expect(warned()).toEqual([]);
    clock.increment(1);
    expect(warned()).toEqual(['agent@2026-12-01T13:00:00.000Z']);
    expect(notifyDeadline).toHaveBeenLastCalledWith(expect.anything(), { mailId: mail.mailId, messageId: mail.messageId, notify: 'agent', kind: 'warning', dueAt: '2026-12-02T01:00:00.000Z' });

    clock.increment(10 * HOUR - 1); // Wed 07:00 - 1 ms
    expect(warned()).toHaveLength(1);
    clock.increment(1);
    expect(warned()).toEqual(['agent@2026-12-01T13:00:00.000Z', 'supervisor@2026-12-01T23:00:00.000Z']);
    expect(actor.getSnapshot().context.escalations).toEqual([]);

    clock.increment(2 * HOUR); // Wed 09:00: the breach
    expect(actor.getSnapshot().context.escalations).toHaveLength(1);
    expect(notifySupervisor).toHaveBeenCalledTimes(1);

    clock.increment(4 * HOUR - 1);
    expect(warned()).toHaveLength(2);
    clock.increment(1); // Wed 13:00: the head of department
    expect(actor.getSnapshot().context.warnings![2]).toMatchObject({ notify: 'head', kind: 'escalation', at: '2026-12-02T05:00:00.000Z' });
    expect(events).toEqual([
      'email.replyDeadlineApproaching:agent',
      'email.replyDeadlineApproaching:supervisor',
      'email.replyOverdue',
      'email.replyEscalated:head',
    ]);
    // Still owed, still in the same state: the warnings re-entered only the waiting state.
    expect(actor.getSnapshot().value).toEqual({ open: 'received' });
  });

  it('MAIL-24H: a reply before a threshold stops its warnings; without thresholds in the policy none is sent (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock, policy: levels });
    clock.increment(13 * HOUR);
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票。', at: T('22:00') });
    clock.increment(30 * HOUR);
    expect(actor.getSnapshot().context.warnings!.map((w) => w.notify)).toEqual(['agent']);

    const quiet = new SimulatedClock();
    const plain = startEmail({ clock: quiet });
    quiet.increment(30 * HOUR);
    expect(plain.getSnapshot().context.warnings).toEqual([]);
    expect(plain.getSnapshot().context.escalations).toHaveLength(1);
  });

  it('MAIL-24H: while waiting on the customer no warning fires; the resumed clock warns against its moved due time (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock, policy: levels });
    clock.increment(2 * HOUR);
    sendOrThrow(actor, { type: 'INFO.REQUEST', by: people.agent, messageId: 'q1', text: '您好,请提供正确的抬头。', at: T('11:00') });
    clock.increment(20 * HOUR); // past the original half time and more
    expect(actor.getSnapshot().context.warnings).toEqual([]);
    sendOrThrow(actor, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', at: T('07:00', '2026-12-02') });
    // Due Thu 05:00 (Wed 09:00 + 20 h paused); half of the 24 hours is 12 running hours: Wed 17:00.
    expect(actor.getSnapshot().context.sla?.dueAt).toBe('2026-12-02T21:00:00.000Z');
    clock.increment(10 * HOUR - 1);
    expect(actor.getSnapshot().context.warnings).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.warnings).toMatchObject([{ notify: 'agent', at: '2026-12-02T09:00:00.000Z', dueAt: '2026-12-02T21:00:00.000Z' }]);
  });

  it('MAIL-24H: a member (会员) tier has its own target; an unknown tier is refused naming mail.tier; a tier above 24 hours is refused by definePolicy', () => {
    const tiers = definePolicy({ email: { tiers: { member: { replyWithinHours: 8 } } } });
    const member = startEmail({ policy: tiers, mail: { tier: 'member' } });
    expect(member.getSnapshot().context.sla?.dueAt).toBe('2026-12-01T09:00:00.000Z'); // Tue 17:00
    const guest = startEmail({ policy: tiers });
    expect(guest.getSnapshot().context.sla?.dueAt).toBe('2026-12-02T01:00:00.000Z'); // 24 hours
    // A member's later mail gets the member's target too.
    sendOrThrow(member, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您处理。', at: T('10:00') });
    sendOrThrow(member, { type: 'CUSTOMER.REPLY', by: people.customer, messageId: 'in-2', text: '谢谢,还有一个问题', at: T('11:00') });
    expect(member.getSnapshot().context.sla?.dueAt).toBe('2026-12-01T11:00:00.000Z'); // 19:00

    const errors: unknown[] = [];
    const gold = createActor(emailMachine, { input: { policy: tiers, mail: { ...mail, tier: 'gold' } } });
    gold.subscribe({ error: (e) => errors.push(e) });
    gold.start();
    expect(gold.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(['mail.tier']);

    let refused: unknown;
    try {
      definePolicy({ email: { tiers: { vip: { replyWithinHours: 48 } } } });
    } catch (e) {
      refused = e;
    }
    expect((refused as { fields: string[] }).fields).toEqual(['email.tiers.vip.replyWithinHours']);
  });

  it('MAIL-24H: reached thresholds survive a JSON round trip and are not sent twice after restore (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = startEmail({ clock, policy: levels });
    clock.increment(12 * HOUR);
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    const later = new SimulatedClock();
    const restored = createActor(emailMachine, { snapshot: saved, input: { mail }, clock: later }).start();
    expect(restored.getSnapshot().context.warnings).toHaveLength(1);
    sendOrThrow(restored, { type: 'MAIL.TRIAGE', by: people.agent, agent: '客服小周', at: T('23:30') });
    expect(restored.getSnapshot().context.warnings!.map((w) => w.notify)).toEqual(['agent']);
  });
});

describe('cases stored before warnings and tiers existed', () => {
  it('MAIL-24H: a snapshot without warnings, and a policy without email.warnings and email.tiers, restores and replies (SimulatedClock, Asia/Shanghai)', () => {
    const actor = startEmail();
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    delete saved.context.warnings;
    delete saved.context.policy.email.warnings;
    delete saved.context.policy.email.tiers;
    const clock = new SimulatedClock();
    const restored = createActor(emailMachine, { snapshot: saved, input: { mail }, clock }).start();
    clock.increment(HOUR);
    sendOrThrow(restored, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票。', at: T('10:00') });
    expect(restored.getSnapshot().context.slaRecords[0]).toMatchObject({ met: true });
    expect(restored.getSnapshot().context.warnings).toBeUndefined();
  });
});
