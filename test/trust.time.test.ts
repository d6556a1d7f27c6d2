import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import { complaintMachine, definePolicy, explain, send, defaultPolicy } from 'kefu';
import { addWorkingHours, defaultCalendar } from 'kefu/time';
import { initialStep, step } from 'kefu/runtime';
import { form } from './support/complaint.js';
import { T, trustCases } from './support/trust-cases.js';
import { people } from './support/principals.js';

const start = (machine: (typeof trustCases)[number]['machine'], input: unknown): AnyActorRef =>
  createActor(machine, { input, clock: new SimulatedClock() } as never).start();

const FAR_FUTURE = '9999-12-31T23:59:59Z';

describe('times: the root cause in kefu/time', () => {
  it('a calendar walk past year 9999 is a RangeError naming the date, not "periods is not iterable"', () => {
    expect(() => addWorkingHours(defaultCalendar, FAR_FUTURE, 1)).toThrow(RangeError);
    expect(() => addWorkingHours(defaultCalendar, FAR_FUTURE, 1)).toThrow(/date out of range: 9999-12-31T23:59:59.000Z in Asia\/Shanghai/);
    // The last working hours of year 9999 (Shanghai) are still reachable.
    expect(addWorkingHours(defaultCalendar, '9999-12-30T09:00:00+08:00', 1)).toBe('9999-12-30T02:00:00.000Z');
  });
});

describe.each(trustCases)('times on $id', (c) => {
  it('the valid walk is accepted event by event', () => {
    const actor = start(c.machine, c.input);
    for (const event of c.events) expect(send(actor, event as never)).toMatchObject({ accepted: true });
  });

  it('a far-future at is invalid-event: the actor stays active and exactly as it was', () => {
    const actor = start(c.machine, c.input);
    const before = actor.getSnapshot();
    const outcome = send(actor, { ...c.first, at: FAR_FUTURE } as never);
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'at', message: 'year 9999 is outside 1900–2200' }] });
    expect(actor.getSnapshot()).toBe(before);
    expect((actor.getSnapshot() as AnyMachineSnapshot).status).toBe('active');
    // The case still takes its next valid event.
    expect(send(actor, c.first as never)).toMatchObject({ accepted: true });
  });

  it('with the year window opened to 9999, a far-future at still never puts the actor in error', () => {
    const policy = definePolicy({ limits: { latestYear: 9999 } });
    const actor = start(c.machine, { ...(c.input as object), policy });
    const before = actor.getSnapshot();
    const outcome = send(actor, { ...c.first, at: FAR_FUTURE } as never);
    expect((actor.getSnapshot() as AnyMachineSnapshot).status).toBe('active');
    if (!outcome.accepted) {
      expect(['failed', 'rule']).toContain(outcome.reason);
      expect(actor.getSnapshot()).toBe(before);
    }
  });

  it('an at before the case clock beyond the tolerance is refused; within it, accepted', () => {
    const actor = start(c.machine, c.input);
    const clockOf = () => Date.parse((actor.getSnapshot() as AnyMachineSnapshot).context.now as string);
    const late = new Date(Math.max(Date.parse(c.first.at as string), clockOf()) - 0).toISOString();
    expect(send(actor, { ...c.first, at: new Date(clockOf() - 6 * 60_000).toISOString() } as never)).toMatchObject({
      accepted: false,
      reason: 'invalid-event',
      issues: [{ path: 'at', message: expect.stringContaining("before the case's clock") }],
    });
    expect(send(actor, { ...c.first, at: late } as never)).toMatchObject({ accepted: true });
  });
});

describe('times: the host clock (send options.now, step now)', () => {
  const complaint = () => createActor(complaintMachine, { input: { form } }).start();

  it('an at later than the host clock by more than 5 minutes is refused; 5 minutes is tolerated', () => {
    const actor = complaint();
    const now = () => T('09:40');
    expect(send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:46') }, { now })).toMatchObject({
      accepted: false,
      reason: 'invalid-event',
      issues: [{ path: 'at', message: expect.stringContaining("after the host's clock") }],
    });
    expect(send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:45') }, { now })).toMatchObject({ accepted: true });
  });

  it('the tolerance is a policy field (limits.clockToleranceMinutes)', () => {
    const policy = definePolicy({ limits: { clockToleranceMinutes: 0 } });
    const actor = createActor(complaintMachine, { input: { form, policy } }).start();
    expect(send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:41') }, { now: () => T('09:40') })).toMatchObject({ accepted: false, reason: 'invalid-event' });
    expect(defaultPolicy.limits.clockToleranceMinutes).toBe(5);
  });

  it('step refuses an at beyond its now and a far-future at, and the envelope is unchanged', () => {
    const opened = initialStep(complaintMachine, { form }, { now: T('09:30'), caseId: 'C-1' });
    const text = JSON.stringify(opened.envelope);
    const ahead = step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('10:40') }, { now: T('09:40') });
    expect(ahead).toMatchObject({ status: 'refused', changed: false, refusal: { reason: 'invalid-event', issues: [{ path: 'at' }] } });
    const far = step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER', by: people.agent, at: FAR_FUTURE }, { now: T('09:40') });
    expect(far).toMatchObject({ status: 'refused', refusal: { reason: 'invalid-event' } });
    expect(JSON.stringify(far.envelope)).toBe(text);
    expect(step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER', by: people.agent }, { now: T('09:40') }).status).toBe('applied');
  });
});

describe('send never leaves an actor in error', () => {
  it('an event the rules allow but the machine cannot apply is refused as failed; the actor is untouched', () => {
    // A host that widened the year window lets 9999-12-31 through validation: the deadline
    // computed from it lies past the calendar's range, and the transition would throw.
    const policy = definePolicy({ limits: { latestYear: 9999 } });
    const actor = createActor(complaintMachine, { input: { form, policy } }).start();
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: FAR_FUTURE });
    expect(outcome).toMatchObject({ accepted: false, reason: 'failed', issues: [{ message: expect.stringContaining('date out of range') }] });
    expect(outcome.accepted === false && outcome.message.en).toContain('COMPLAINT.REGISTER could not be applied');
    expect(actor.getSnapshot()).toBe(before);
    expect(actor.getSnapshot().status).toBe('active');
    expect(send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') })).toMatchObject({ accepted: true });
  });
});

describe('explain with what is not an event', () => {
  const snapshot = createActor(complaintMachine, { input: { form } }).start().getSnapshot();

  it.each([null, undefined, 42, 'COMPLAINT.REGISTER', [], {}, { type: 7 }])('explain(snapshot, %j) is a typed refusal, not a TypeError', (event) => {
    expect(explain(snapshot, event as never)).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'type' }] });
  });

  it('a real event is still explained', () => {
    expect(explain(snapshot, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:40') } as never)).toEqual({ accepted: true, eventType: 'COMPLAINT.REGISTER' });
  });
});
