import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { ComplaintFormSchema, complaintMachine, isValidationError, send, sendOrThrow } from 'kefu';
import { initialStep, step, stepTimer } from 'kefu/runtime';
import { suggestionMachine } from 'kefu/machines/suggestion';
import {
  checkWalkInGreetingText,
  missingWalkInGreetingClauses,
  missingWalkInRecordFields,
  walkInGreetings,
  walkInMachine,
  walkInStepNames,
  WalkInRecordDraftSchema,
  type WalkInEmitted,
  type WalkInEvent,
  type WalkInInput,
  type WalkInOpenCaseParams,
} from 'kefu/machines/walk-in';
import { undocumented } from './support/call.js';
import { people } from './support/principals.js';

/** A time on Tuesday 2026-12-01 (a working day) in Asia/Shanghai; `hh:mm` or `hh:mm:ss`. */
const T = (time: string, day = '2026-12-01') => `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

/** A customer walks in on Tuesday 10:00 Shanghai. */
const input = { visitId: 'V-2026-0001', at: T('10:00') } satisfies WalkInInput;
const customer = { name: '王先生', contact: { phone: '+86 138 0013 8000' }, content: '保养后发动机异响' } as const;

function start(i: WalkInInput = input, options: { clock?: SimulatedClock; actions?: Parameters<typeof walkInMachine.provide>[0]['actions'] } = {}) {
  const machine = options.actions ? walkInMachine.provide({ actions: options.actions }) : walkInMachine;
  return createActor(machine, { input: i, ...(options.clock ? { clock: options.clock } : {}) }).start();
}
type Actor = ReturnType<typeof start>;

const greet = (actor: Actor, at = '10:00:20') => sendOrThrow(actor, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T(at) });
const recordNeed = (actor: Actor) => sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { ...customer }, at: T('10:01') });
/** Greeted and the need recorded: in `serving`. */
function toServing(actor: Actor) {
  greet(actor);
  recordNeed(actor);
}

describe('walk-in machine: a visit at the counter (现场接待)', () => {
  it('walks 等候接待 → 主动服务 → 记录接待 → 结束 when the matter is solved on the spot', () => {
    const actor = start();
    const seen: WalkInEmitted[] = [];
    actor.on('*', (e) => seen.push(e as WalkInEmitted));
    const states = [actor.getSnapshot().value];
    greet(actor);
    states.push(actor.getSnapshot().value);
    recordNeed(actor);
    sendOrThrow(actor, { type: 'VISIT.SOLVE', by: people.agent, solution: '异响来自未装紧的护板,已当场紧固,请您试车。', satisfied: true, at: T('10:15') });
    sendOrThrow(actor, { type: 'VISIT.FINISH', by: people.agent, at: T('10:20') });
    states.push(actor.getSnapshot().value);
    sendOrThrow(actor, { type: 'VISIT.CLOSE', by: people.agent, at: T('10:22') });
    states.push(actor.getSnapshot().value);
    expect(states).toEqual(['waiting', 'serving', 'recording', 'closed']);
    expect(actor.getSnapshot().output).toEqual({ visitId: input.visitId, outcome: 'solved', endedAt: T('10:22'), waitedSeconds: 20, kinds: [], caseIds: [] });
    expect(actor.getSnapshot().context.greeting).toEqual({ language: 'zh', text: walkInGreetings.zh, scripted: true, at: T('10:00:20') });
    expect(seen.map((e) => e.type)).toEqual(['walkIn.greeted', 'walkIn.solved', 'walkIn.ended']);
    // emitted events carry ids and states, never the customer's data
    expect(JSON.stringify(seen)).not.toMatch(/王先生|138|异响/);
  });

  it('names its steps in Chinese and describes every state and transition', () => {
    expect(undocumented(walkInMachine)).toEqual([]);
    const zh = (Object.keys(walkInStepNames) as (keyof typeof walkInStepNames)[]).map((s) => (walkInMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(Object.values(walkInStepNames).map((n) => n.zh));
    expect(zh).toEqual(['等候接待', '主动服务', '记录接待', '结束', '客户离开']);
  });

  it('an input naming a department outside the directory is rejected with a ValidationError', () => {
    const actor = createActor(walkInMachine, { input: { ...input, department: 'marketing' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0])).toBe(true);
  });

  it('a malformed event is refused naming the field, and the visit stays as it was', () => {
    const actor = start();
    const before = actor.getSnapshot();
    expect(send(actor, { type: 'VISIT.GREET', by: people.agent, agent: '', at: T('10:00:10') })).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'agent' }] });
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe('WALKIN', () => {
  it('WALKIN: the agent greets and asks the need; a greeting in the agent\'s own words keeps the script\'s clauses', () => {
    const actor = start();
    expect(send(actor, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', greeting: '您好。', at: T('10:00:10') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'WALKIN', details: { missing: ['欢迎光临', '请问有什么可以帮助您的'] } }],
    });
    expect(actor.getSnapshot().value).toBe('waiting');
    expect(missingWalkInGreetingClauses('您好,我是客服小周,欢迎光临,请问有什么可以帮助您的?')).toEqual([]);
    sendOrThrow(actor, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', greeting: '您好,我是客服小周,欢迎光临,请问有什么可以帮助您的?', at: T('10:00:15') });
    expect(actor.getSnapshot().value).toBe('serving');
    expect(actor.getSnapshot().context.greeting).toMatchObject({ scripted: false });
  });

  it('WALKIN: checkWalkInGreetingText is the check the machine refuses a greeting with, in both languages', () => {
    expect(checkWalkInGreetingText(undefined)).toBeUndefined();
    expect(checkWalkInGreetingText(walkInGreetings.en, 'en')).toBeUndefined();
    expect(checkWalkInGreetingText('Hi there', 'en')).toMatchObject({ rule: 'WALKIN', details: { language: 'en', missing: ['hello', 'welcome', 'howmayihelpyou'] } });
    // the context's record is a draft the exported schema accepts
    expect(WalkInRecordDraftSchema.safeParse(start().getSnapshot().context.record).success).toBe(true);
  });

  it('WALKIN: a matter is solved only once the customer\'s need is recorded', () => {
    const actor = start();
    greet(actor);
    const solve = () => send(actor, { type: 'VISIT.SOLVE', by: people.agent, solution: '已为您预约明天上午检查。', satisfied: true, at: T('10:05') });
    expect(solve()).toMatchObject({ accepted: false, violations: [{ rule: 'WALKIN', details: { missing: ['content'] } }] });
    expect(actor.getSnapshot().context.solutions).toEqual([]);
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: customer.content }, at: T('10:04') });
    expect(solve()).toMatchObject({ accepted: true });
  });

  it('WALKIN: the visit is served only when the matter is settled — an unsatisfied customer\'s matter goes to its process', () => {
    const actor = start();
    toServing(actor);
    const finish = () => send(actor, { type: 'VISIT.FINISH', by: people.agent, at: T('10:30') });
    expect(finish()).toMatchObject({ accepted: false, violations: [{ rule: 'WALKIN', details: { solutions: 0, handedOver: 0 } }] });
    sendOrThrow(actor, { type: 'VISIT.SOLVE', by: people.agent, solution: '建议您先观察两天。', satisfied: false, at: T('10:10') });
    const refused = finish();
    expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'WALKIN', details: { solutions: 1 } }] });
    expect(refused.accepted === false && refused.violations[0]!.message.en).toMatch(/not satisfied/);
    expect(actor.getSnapshot().value).toBe('serving');
    sendOrThrow(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'complaint', caseId: 'C-1', complaint: { desiredRemedy: '免费复检', member: true }, at: T('10:12') });
    expect(finish()).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().value).toBe('recording');
  });

  it('WALKIN: a complaint is handed to the complaint process with its form prefilled from the visit (channel visit)', () => {
    const openCase = vi.fn();
    const actor = start(input, { actions: { openCase } });
    toServing(actor);
    sendOrThrow(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'complaint', caseId: 'C-1', complaint: { desiredRemedy: '免费复检', member: true }, at: T('10:05') });
    const params = openCase.mock.calls[0]![1] as WalkInOpenCaseParams;
    expect(params).toMatchObject({ kind: 'complaint', visitId: input.visitId, caseId: 'C-1' });
    if (params.kind !== 'complaint') throw new Error('expected a complaint');
    expect(params.form).toEqual(ComplaintFormSchema.parse({ caseId: 'C-1', complainant: customer.name, contact: customer.contact, receivedAt: input.at, channel: 'visit', content: customer.content, desiredRemedy: '免费复检', member: true }));
    // the complaint machine takes the form as it is and registers it
    const complaint = createActor(complaintMachine, { input: { form: params.form } }).start();
    expect(send(complaint, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('10:06') })).toMatchObject({ accepted: true });
  });

  it('WALKIN: a hand-over needs the case id, once per visit, and a complete complaint form', () => {
    const actor = start();
    toServing(actor);
    expect(send(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'order', at: T('10:05') })).toMatchObject({ accepted: false, violations: [{ rule: 'WALKIN', details: { missing: ['caseId'] } }] });
    expect(send(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'complaint', caseId: 'C-1', at: T('10:05') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'WALKIN', details: { missing: ['desiredRemedy', 'member'] } }],
    });
    expect(send(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'order', caseId: 'O-1', at: T('10:06') })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'return-exchange', caseId: 'O-1', at: T('10:07') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'WALKIN', details: { caseId: 'O-1' } }],
    });
    expect(actor.getSnapshot().context.classifications).toEqual([{ kind: 'order', caseId: 'O-1', at: T('10:06') }]);
  });

  it('WALKIN: a suggestion made at the counter opens a suggestion case that names the visit it came from', () => {
    const openCase = vi.fn();
    const actor = start(input, { actions: { openCase } });
    toServing(actor);
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: '建议休息区增加充电插座' }, at: T('10:02') });
    sendOrThrow(actor, { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'suggestion', caseId: 'S-1', at: T('10:03') });
    const params = openCase.mock.calls[0]![1] as WalkInOpenCaseParams;
    if (params.kind !== 'suggestion') throw new Error('expected a suggestion');
    expect(params.input).toEqual({ caseId: 'S-1', receivedAt: input.at, channel: 'visit', record: { customer: customer.name, contact: customer.contact, content: '建议休息区增加充电插座' }, sourceVisitId: input.visitId });
    const suggestion = createActor(suggestionMachine, { input: params.input }).start();
    expect(suggestion.getSnapshot().context.sourceVisitId).toBe(input.visitId);
    expect(send(suggestion, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:10') })).toMatchObject({ accepted: true });
  });

  it('WALKIN: the visit closes only with a complete record — time, name, contact and the need', () => {
    const actor = start();
    greet(actor);
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: '咨询保养套餐价格' }, at: T('10:01') });
    sendOrThrow(actor, { type: 'VISIT.SOLVE', by: people.agent, solution: '基础保养套餐为三百八十元,含机油和机滤。', satisfied: true, at: T('10:05') });
    sendOrThrow(actor, { type: 'VISIT.FINISH', by: people.agent, at: T('10:06') });
    const close = () => send(actor, { type: 'VISIT.CLOSE', by: people.agent, at: T('10:08') });
    expect(close()).toMatchObject({ accepted: false, violations: [{ rule: 'WALKIN', details: { missing: ['name', 'contact'] } }] });
    expect(missingWalkInRecordFields(actor.getSnapshot().context.record)).toEqual(['name', 'contact']);
    expect(actor.getSnapshot().value).toBe('recording');
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { name: '李女士', contact: { email: 'li@example.com' } }, at: T('10:07') });
    expect(close()).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'solved' });
  });

  it('WALKIN: a customer not greeted within 60 s is flagged to the supervisor, not before (Asia/Shanghai, SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = start(input, { clock, actions: { notifySupervisor } });
    expect(actor.getSnapshot().context.greetDueAt).toBe('2026-12-01T02:01:00.000Z');
    clock.increment(59_999);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'greeting-overdue', dueAt: '2026-12-01T02:01:00.000Z' }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { visitId: input.visitId, reason: 'greeting-overdue', dueAt: '2026-12-01T02:01:00.000Z' });
    // still waiting: the late greeting is taken, and the wait is on the output
    greet(actor, '10:02');
    expect(actor.getSnapshot().value).toBe('serving');
  });

  it('WALKIN: a customer greeted in time is never flagged (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = start(input, { clock });
    greet(actor);
    clock.increment(10 * 60_000);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
  });

  it('WALKIN: a customer who leaves before anyone greets them ends the visit as left, and the supervisor is told', () => {
    const notifySupervisor = vi.fn();
    const actor = start(input, { actions: { notifySupervisor } });
    sendOrThrow(actor, { type: 'VISIT.LEAVE', by: people.agent, at: T('10:03') });
    expect(actor.getSnapshot().value).toBe('left');
    expect(actor.getSnapshot().output).toEqual({ visitId: input.visitId, outcome: 'left', endedAt: T('10:03'), kinds: [], caseIds: [] });
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { visitId: input.visitId, reason: 'left-unserved', dueAt: '2026-12-01T02:01:00.000Z' });
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: neither a reply nor a solution told at the counter holds a forbidden phrase', () => {
    const actor = start();
    toServing(actor);
    expect(send(actor, { type: 'VISIT.SOLVE', by: people.agent, solution: '这个不行', satisfied: false, at: T('10:05') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不行', index: 2 }] } }],
    });
    expect(send(actor, { type: 'REPLY.GIVE', by: people.agent, text: '这个我不知道', at: T('10:05') })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
    expect(send(actor, { type: 'REPLY.GIVE', by: people.agent, text: '请您稍等,我为您查询一下。', at: T('10:06') })).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().context.solutions).toEqual([]);
  });
});

describe('persistence and the stateless runtime', () => {
  const path: WalkInEvent[] = [
    { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: T('10:00:20') },
    { type: 'RECORD.UPDATE', by: people.agent, fields: { ...customer }, at: T('10:01') },
    { type: 'VISIT.CLASSIFY', by: people.agent, kind: 'complaint', caseId: 'C-1', complaint: { desiredRemedy: '免费复检', member: true }, at: T('10:05') },
    { type: 'VISIT.FINISH', by: people.agent, at: T('10:06') },
    { type: 'VISIT.CLOSE', by: people.agent, at: T('10:07') },
  ];

  it('a visit persisted mid-way through JSON restores and runs to the end', () => {
    const actor = start();
    for (const e of path.slice(0, 3)) sendOrThrow(actor, e);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(walkInMachine, { snapshot: JSON.parse(saved), input }).start();
    expect(restored.getSnapshot().value).toBe('serving');
    expect(restored.getSnapshot().context.classifications).toEqual([{ kind: 'complaint', caseId: 'C-1', at: T('10:05') }]);
    for (const e of path.slice(3)) sendOrThrow(restored, e);
    expect(restored.getSnapshot().output).toMatchObject({ outcome: 'handed-over', caseIds: ['C-1'] });
  });

  it('runs under `step`: the greeting deadline is a durable timer, cancelled by the greeting; the hand-over is a side effect', () => {
    const caseId = input.visitId;
    const first = initialStep(walkInMachine, input, { now: T('10:00'), caseId });
    expect(first.envelope.snapshot.value).toBe('waiting');
    expect(first.timers.schedule).toEqual([expect.objectContaining({ sendId: 'xstate.after.greetDeadline.walkIn.waiting', due: '2026-12-01T02:01:00.000Z' })]);
    let envelope = first.envelope;
    const effects: string[] = [];
    for (const event of path) {
      const r = step(walkInMachine, envelope, event, { now: event.at, caseId });
      expect(r.status, event.type).toBe('applied');
      if (event.type === 'VISIT.GREET') expect(r.timers.cancel.map((t) => t.sendId)).toEqual(['xstate.after.greetDeadline.walkIn.waiting']);
      effects.push(...r.effects.map((e) => e.type));
      envelope = r.envelope;
    }
    expect(effects).toEqual(['openCase']);
    expect(envelope.snapshot.status).toBe('done');
    // a refused step leaves the envelope as it was and names the rule
    const early = step(walkInMachine, first.envelope, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', greeting: '喂', at: T('10:00:30') }, { now: T('10:00:30'), caseId });
    expect(early).toMatchObject({ status: 'refused', refusal: { violations: [{ rule: 'WALKIN' }] } });
    expect(early.envelope).toEqual(first.envelope);
  });

  it('under `step`, the greeting deadline fires when due (a timer delivered after a restart)', () => {
    const caseId = input.visitId;
    const first = initialStep(walkInMachine, input, { now: T('10:00'), caseId });
    const sendId = 'xstate.after.greetDeadline.walkIn.waiting';
    expect(stepTimer(walkInMachine, first.envelope, { sendId, due: '2026-12-01T02:01:00.000Z' }, { now: T('10:00:30'), caseId }).status).toBe('not-due');
    const fired = stepTimer(walkInMachine, first.envelope, { sendId, due: '2026-12-01T02:01:00.000Z' }, { now: T('10:05'), caseId });
    expect(fired.status).toBe('applied');
    expect(fired.envelope.snapshot.context.escalations).toEqual([{ kind: 'greeting-overdue', dueAt: '2026-12-01T02:01:00.000Z' }]);
    expect(fired.effects).toEqual([{ type: 'notifySupervisor', params: { visitId: input.visitId, reason: 'greeting-overdue', dueAt: '2026-12-01T02:01:00.000Z' } }]);
  });
});

describe('ROLE-PERMIT', () => {
  it('ROLE-PERMIT: the agent (or supervisor) receives the walk-in customer; a customer or the quality specialist cannot take those steps', () => {
    const actor = start();
    const greeting = { type: 'VISIT.GREET', agent: '客服小周', at: T('10:00:10') } as const;
    expect(send(actor, { ...greeting, by: people.customer })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['agent', 'supervisor'] } }] });
    expect(send(actor, { ...greeting, by: people.quality })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, greeting)).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { by: null } }] });
    expect(actor.getSnapshot().value).toBe('waiting');
    expect(send(actor, { ...greeting, by: people.supervisor })).toMatchObject({ accepted: true });
    const need = { type: 'RECORD.UPDATE', fields: { ...customer }, at: T('10:01') } as const;
    expect(send(actor, { ...need, by: people.customer })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { ...need, by: people.agent })).toMatchObject({ accepted: true });
    const handOver = { type: 'VISIT.CLASSIFY', kind: 'order', caseId: 'O-1', at: T('10:02') } as const;
    expect(send(actor, { ...handOver, by: people.afterSales })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { ...handOver, by: people.agent })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'VISIT.FINISH', by: people.customer, at: T('10:03') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'VISIT.FINISH', by: people.agent, at: T('10:03') })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'VISIT.CLOSE', by: people.quality, at: T('10:04') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'VISIT.CLOSE', by: people.agent, at: T('10:04') })).toMatchObject({ accepted: true });
  });

  it('ROLE-PERMIT: a customer who gives up waiting may record leaving themselves; the quality specialist may not', () => {
    const actor = start();
    expect(send(actor, { type: 'VISIT.LEAVE', by: people.quality, at: T('10:03') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'VISIT.LEAVE', by: people.customer, at: T('10:03') })).toMatchObject({ accepted: true });
  });
});
