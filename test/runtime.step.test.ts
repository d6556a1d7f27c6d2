import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { complaintMachine, isValidationError, type ComplaintEvent } from 'kefu';
import { initialStep, serialize, step, stepTimer, type CaseEnvelope } from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { plus, ticketMachine } from './support/runtime-machines.js';
import { people } from './support/principals.js';

const caseId = form.caseId;
const open = () => initialStep(complaintMachine, { form }, { now: T('09:31'), caseId });

/** Drive the complaint through `step` only, starting from a fresh case. */
function drive(events: readonly ComplaintEvent[]) {
  let envelope = open().envelope;
  for (const event of events) {
    const r = step(complaintMachine, envelope, event, { now: event.at, caseId });
    expect(r.status, `${event.type}: ${r.refusal?.message.en}`).toBe('applied');
    envelope = r.envelope;
  }
  return envelope;
}

describe('step: opening a case', () => {
  it('starts the machine purely and schedules the initial deadline with a stable id (case id + send id)', () => {
    const r = open();
    expect(r.status).toBe('applied');
    expect(r.envelope).toMatchObject({ machine: 'complaint', version: 2, updatedAt: '2026-12-01T01:31:00.000Z' });
    expect(r.envelope.snapshot.value).toBe('register');
    // acknowledge within 1 working hour of 09:30 Shanghai
    expect(r.timers.schedule).toEqual([
      {
        id: `${caseId}#xstate.after.acknowledgeDeadline.complaint.register`,
        caseId,
        sendId: 'xstate.after.acknowledgeDeadline.complaint.register',
        due: '2026-12-01T02:30:00.000Z',
        event: { type: 'xstate.after.acknowledgeDeadline.complaint.register' },
      },
    ]);
    expect(r.timers.cancel).toEqual([]);
    expect(r.emitted).toEqual([expect.objectContaining({ type: 'complaint.stepEntered', step: 'register' })]);
  });

  it('rejects an input that fails the registered schema with a ValidationError', () => {
    expect(() => initialStep(complaintMachine, { form: { caseId: 'C-9', contact: { phone: 'call me' } } } as never, { now: T('09:00') })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    );
    try {
      initialStep(complaintMachine, { form: { caseId: 'C-9' } } as never, { now: T('09:00') });
    } catch (error) {
      expect(isValidationError(error)).toBe(true);
    }
  });
});

describe('step: applying events', () => {
  it('applies an accepted event and returns the new envelope, emitted events and timer instructions', () => {
    const first = open();
    const r = step(complaintMachine, first.envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') }, { now: T('09:40'), caseId });
    expect(r).toMatchObject({ status: 'applied', accepted: true, changed: true });
    expect(r.envelope.snapshot.value).toBe('assess');
    expect(r.timers.cancel).toEqual([{ id: `${caseId}#xstate.after.acknowledgeDeadline.complaint.register`, caseId, sendId: 'xstate.after.acknowledgeDeadline.complaint.register' }]);
    expect(r.timers.schedule.map((t) => [t.sendId, t.due])).toEqual([['xstate.after.assessDeadline.complaint.assess', '2026-12-01T07:40:00.000Z']]);
    expect(r.envelope.timers.map((t) => t.id)).toEqual(['xstate.after.assessDeadline.complaint.assess']);
    expect(r.emitted).toEqual([expect.objectContaining({ type: 'complaint.stepEntered', step: 'assess' })]);
  });

  it('fills a missing `at` from now', () => {
    const r = step(complaintMachine, open().envelope, { type: 'COMPLAINT.REGISTER', by: people.agent }, { now: T('09:45'), caseId });
    expect(r.event).toEqual({ type: 'COMPLAINT.REGISTER', by: people.agent, at: '2026-12-01T01:45:00.000Z' });
    expect(r.envelope.snapshot.context.registeredAt).toBe('2026-12-01T01:45:00.000Z');
  });

  it('returns named side effects with their params for the host to run', () => {
    const envelope = drive(happyPath.slice(0, 1));
    const r = step(complaintMachine, envelope, happyPath[1]!, { now: happyPath[1]!.at, caseId });
    expect(r.effects).toEqual([{ type: 'notifyCustomer', params: { caseId, kind: 'apology', text: '非常抱歉给您带来不便,我们会尽快调查。' } }]);
  });

  it('CP-REGISTER: a refused event returns the rule IDs and messages and leaves the envelope as it was', () => {
    const first = initialStep(complaintMachine, { form: { caseId: 'C-2', complainant: '李女士' }, at: T('09:00') }, { now: T('09:00'), caseId: 'C-2' });
    const r = step(complaintMachine, first.envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:05') }, { now: T('09:05'), caseId: 'C-2' });
    expect(r).toMatchObject({ status: 'refused', accepted: false, changed: false });
    expect(r.refusal?.reason).toBe('rule');
    expect(r.violations.map((v) => v.rule)).toEqual(['CP-REGISTER']);
    expect(r.violations[0]!.message.zh).toContain('顾客投诉登记表');
    expect(r.envelope).toEqual(first.envelope);
    expect(r.effects).toEqual([]);
    expect(r.timers).toEqual({ schedule: [], cancel: [] });
  });

  it('a malformed event is refused with the field named', () => {
    const r = step(complaintMachine, open().envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: 'soon' }, { now: T('09:40'), caseId });
    expect(r.status).toBe('refused');
    expect(r.refusal).toMatchObject({ reason: 'invalid-event', issues: [{ path: 'at' }] });
  });

  it('an event from outside may not impersonate a timer (xstate.* types are refused)', () => {
    const r = step(complaintMachine, open().envelope, { type: 'xstate.after.acknowledgeDeadline.complaint.register' } as never, { now: T('09:40'), caseId });
    expect(r.status).toBe('refused');
    expect(r.refusal?.reason).toBe('invalid-event');
    expect(r.envelope.snapshot.context.escalations).toEqual([]);
  });

  it('gives the same case as an actor fed the same events (whole happy path)', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    for (const event of happyPath) actor.send(event);
    const envelope = drive(happyPath);
    expect(envelope.snapshot).toEqual(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())));
    expect(envelope.snapshot.status).toBe('done');
    expect(envelope.timers).toEqual([]); // a finished case waits for nothing
  });

  it('a machine that throws on an event → refused as failed (as send refuses it), nothing to save', () => {
    const fragile = setup({ types: { context: {} as { n: number } } }).createMachine({
      id: 'test-fragile',
      context: { n: 0 },
      on: { BREAK: { actions: assign(() => { throw new Error('boom'); }) } },
    });
    const first = initialStep(fragile, undefined as never, { now: 0 });
    const r = step(fragile, first.envelope, { type: 'BREAK' }, { now: 1 });
    expect(r).toMatchObject({ status: 'refused', changed: false, refusal: { reason: 'failed', issues: [{ message: 'Error: boom' }] } });
    expect(r.envelope).toEqual(first.envelope);
  });
});

describe('step: idempotency', () => {
  it('applying the same event id twice has no second effect', () => {
    const first = open();
    const once = step(complaintMachine, first.envelope, { type: 'REPLY.SEND', by: people.agent, text: '您好,我们正在处理。' }, { now: T('09:35'), caseId, eventId: 'req-1' });
    expect(once.status).toBe('applied');
    expect(once.envelope.appliedIds).toEqual(['req-1']);
    const twice = step(complaintMachine, once.envelope, { type: 'REPLY.SEND', by: people.agent, text: '您好,我们正在处理。' }, { now: T('09:36'), caseId, eventId: 'req-1' });
    expect(twice).toMatchObject({ status: 'duplicate', accepted: true, changed: false });
    expect(twice.envelope).toEqual(once.envelope);
    expect(twice.effects).toEqual([]);
    expect((twice.envelope.snapshot.context as { replies: unknown[] }).replies).toHaveLength(1);
  });

  it('keeps only the most recent ids (bounded)', () => {
    let envelope: CaseEnvelope = open().envelope;
    for (let i = 0; i < 5; i++) {
      envelope = step(complaintMachine, envelope, { type: 'REPLY.SEND', by: people.agent, text: `好的 ${i}` }, { now: T('09:35'), caseId, eventId: `e${i}`, keepAppliedIds: 3 }).envelope;
    }
    expect(envelope.appliedIds).toEqual(['e2', 'e3', 'e4']);
    // The window's limit: a retry of an id that fell out of it applies again. The runtime facade
    // keeps ids forever in the case's history instead (test/audit-trail.test.ts).
    expect(step(complaintMachine, envelope, { type: 'REPLY.SEND', by: people.agent, text: '好的 4' }, { now: T('09:36'), caseId, eventId: 'e4', keepAppliedIds: 3 }).status).toBe('duplicate');
    expect(step(complaintMachine, envelope, { type: 'REPLY.SEND', by: people.agent, text: '好的 0' }, { now: T('09:36'), caseId, eventId: 'e0', keepAppliedIds: 3 }).status).toBe('applied');
  });
});

describe('step: timers', () => {
  const at = '2026-12-01T01:00:00.000Z';
  const dueAt = plus(at, 60_000);
  const openTicket = () => initialStep(ticketMachine, { ticketId: 'T-1', at, dueAt }, { now: at, caseId: 'T-1' });
  const sendId = 'xstate.after.deadline.test-ticket.open';

  it('a due timer fires once; the second delivery is stale', () => {
    const first = openTicket();
    expect(first.envelope.timers).toEqual([{ id: sendId, event: { type: sendId }, due: dueAt }]);
    const fired = stepTimer(ticketMachine, first.envelope, { sendId, due: dueAt }, { now: dueAt, caseId: 'T-1' });
    expect(fired.status).toBe('applied');
    expect(fired.envelope.snapshot.context.escalations).toEqual([{ dueAt, at: dueAt }]);
    expect(fired.emitted).toEqual([{ type: 'ticket.escalated', ticketId: 'T-1', dueAt }]);
    expect(fired.effects).toEqual([{ type: 'notifySupervisor', params: { ticketId: 'T-1', dueAt } }]);
    expect(fired.envelope.timers).toEqual([]);
    const again = stepTimer(ticketMachine, fired.envelope, { sendId, due: dueAt }, { now: plus(dueAt, 5), caseId: 'T-1' });
    expect(again).toMatchObject({ status: 'stale-timer', changed: false });
  });

  it('a due time that passed while no process ran still fires, with the time it actually fired', () => {
    const later = plus(dueAt, 3 * 3600_000);
    const fired = stepTimer(ticketMachine, openTicket().envelope, { sendId }, { now: later, caseId: 'T-1' });
    expect(fired.status).toBe('applied');
    expect(fired.envelope.snapshot.context.escalations).toEqual([{ dueAt, at: later }]);
  });

  it('an early delivery is not applied (not-due); one for another due time is stale', () => {
    const first = openTicket();
    expect(stepTimer(ticketMachine, first.envelope, { sendId, due: dueAt }, { now: plus(at, 1000) }).status).toBe('not-due');
    expect(stepTimer(ticketMachine, first.envelope, { sendId, due: plus(dueAt, 1) }, { now: dueAt }).status).toBe('stale-timer');
  });

  it('re-entering a state reschedules its timer under the same stable id; leaving it cancels', () => {
    const first = openTicket();
    const later = plus(at, 120_000);
    const extended = step(ticketMachine, first.envelope, { type: 'EXTEND', dueAt: later, at: plus(at, 1000) }, { now: plus(at, 1000), caseId: 'T-1' });
    expect(extended.timers.schedule).toEqual([expect.objectContaining({ id: `T-1#${sendId}`, due: later })]);
    expect(extended.timers.cancel).toEqual([]);
    expect(stepTimer(ticketMachine, extended.envelope, { sendId, due: dueAt }, { now: dueAt }).status).toBe('stale-timer');
    const closed = step(ticketMachine, extended.envelope, { type: 'CLOSE' }, { now: plus(at, 2000), caseId: 'T-1' });
    expect(closed.timers).toEqual({ schedule: [], cancel: [{ id: `T-1#${sendId}`, caseId: 'T-1', sendId }] });
    expect(closed.envelope.timers).toEqual([]);
  });

  it('a delayed raise with an id becomes a timer measured from the case clock', () => {
    const first = openTicket();
    const r = step(ticketMachine, first.envelope, { type: 'PING.LATER', ms: 5000, at: plus(at, 10_000) }, { now: plus(at, 99_000), caseId: 'T-1' });
    // the case clock (context.now) is `at`, not the host's now: the ping is due 5 s after it
    expect(r.envelope.timers.find((t) => t.id === 'ping')).toEqual({ id: 'ping', event: { type: 'PING' }, due: plus(at, 5000) });
    const pinged = stepTimer(ticketMachine, r.envelope, { sendId: 'ping' }, { now: plus(at, 6000) });
    expect(pinged.envelope.snapshot.context.pings).toBe(1);
  });

  it('works on an envelope serialized from an actor', () => {
    const actor = createActor(ticketMachine, { input: { ticketId: 'T-2', at, dueAt } });
    const envelope = serialize(ticketMachine, actor.getSnapshot(), { now: at, timers: openTicket().envelope.timers });
    expect(stepTimer(ticketMachine, envelope, { sendId }, { now: dueAt }).status).toBe('applied');
  });
});

describe('step: warnings before a deadline are timers like any other', () => {
  it('MAIL-24H: the runtime schedules replyDeadlineApproaching, fires it, and schedules the next threshold; without thresholds it keeps no timer for them', async () => {
    const { emailMachine } = await import('kefu/machines/email');
    const { definePolicy } = await import('kefu');
    const mail = { mailId: 'M-1', messageId: 'in-1', from: 'wang@example.com', subject: '发票', receivedAt: T('09:00') };
    const plain = initialStep(emailMachine, { mail }, { now: T('09:00'), caseId: 'M-1' });
    expect(plain.timers.schedule.map((t) => t.sendId)).toEqual(['xstate.after.replyDeadline.email.open']);

    const policy = definePolicy({ email: { warnings: [{ share: 0.5, notify: 'agent' }, { hoursBeforeDue: 2, notify: 'supervisor' }] } });
    const opened = initialStep(emailMachine, { mail, policy }, { now: T('09:00'), caseId: 'M-1' });
    const warning = opened.timers.schedule.find((t) => t.sendId.includes('replyDeadlineApproaching'))!;
    expect(warning).toMatchObject({ sendId: 'xstate.after.replyDeadlineApproaching.email.open.received', due: '2026-12-01T13:00:00.000Z' });
    const fired = stepTimer(emailMachine, opened.envelope, { sendId: warning.sendId, due: warning.due }, { now: warning.due, caseId: 'M-1' });
    expect(fired.emitted).toEqual([expect.objectContaining({ type: 'email.replyDeadlineApproaching', notify: 'agent' })]);
    expect(fired.effects).toEqual([expect.objectContaining({ type: 'notifyDeadline' })]);
    // Re-entering the waiting state scheduled the supervisor's warning, Wednesday 07:00.
    expect(fired.timers.schedule).toEqual([expect.objectContaining({ sendId: warning.sendId, due: '2026-12-01T23:00:00.000Z' })]);
  });
});
