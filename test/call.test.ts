import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
  ComplaintFormSchema,
  complaintMachine,
  definePolicy,
  explain,
  isValidationError,
  send,
  sendOrThrow,
} from 'kefu';
import {
  callGreetings,
  callMachine,
  complaintFormFromCall,
  greetingScript,
  missingCallRecordFields,
  type CallEmitted,
  type OpenCaseParams,
} from 'kefu/machines/call';
import { suggestionMachine } from 'kefu/machines/suggestion';
import { ruleSources } from 'kefu/rule-sources';
import { answerAndRecord, callInput, caller, startCall, stateOf, T, toHandling, undocumented } from './support/call.js';
import { people } from './support/principals.js';

const HANDLING = 'connected.talking.handling';

/** Collect every event the actor emits. */
function recordEmitted(actor: ReturnType<typeof startCall>): CallEmitted[] {
  const seen: CallEmitted[] = [];
  actor.on('*', (e) => seen.push(e as CallEmitted));
  return seen;
}

describe('call machine: the states of a call', () => {
  it('walks 振铃 → 问候 → 记录信息 → 问题分类 → 处理 → 话后处理 → 结束', () => {
    const actor = startCall();
    const states = [stateOf(actor)];
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') });
    states.push(stateOf(actor));
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: caller.content }, at: T('10:00:30') });
    states.push(stateOf(actor));
    sendOrThrow(actor, { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, contact: caller.contact, at: T('10:01') });
    states.push(stateOf(actor));
    sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') });
    states.push(stateOf(actor));
    sendOrThrow(actor, { type: 'REPLY.GIVE', by: people.agent, text: '您好,保养后请先检查机油滤清器是否安装到位。', at: T('10:03') });
    sendOrThrow(actor, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:04') });
    states.push(stateOf(actor));
    sendOrThrow(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:05') });
    states.push(stateOf(actor));
    expect(states).toEqual([
      'ringing',
      'connected.talking.greeting',
      'connected.talking.identifying',
      'connected.talking.classifying',
      HANDLING,
      'wrapUp',
      'ended',
    ]);
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toEqual({ callId: callInput.callId, outcome: 'completed', endedAt: T('10:05'), transferCount: 0, kinds: ['inquiry'], caseIds: [] });
  });

  it('names every state in Chinese and describes every state and transition', () => {
    expect(undocumented(callMachine)).toEqual([]);
    const zh = (['ringing', 'wrapUp', 'callbackPending', 'ended', 'abandoned'] as const).map((s) => (callMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['振铃', '话后处理', '待回电', '结束', '放弃']);
  });

  it('the record time is the time the call came in, and the caller ID is its number', () => {
    const actor = startCall();
    expect(actor.getSnapshot().context.record).toEqual({ time: callInput.at, number: callInput.callerNumber });
  });

  it('emitted events carry ids and states, never the caller\'s name, number or words', () => {
    const openCase = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { openCase } }), { input: callInput }).start();
    const seen = recordEmitted(actor);
    toHandling(actor, { kind: 'complaint', caseId: 'C-1', complaint: { desiredRemedy: '免费复检', member: true } });
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, agent: '技师李四', at: T('10:03:10') });
    sendOrThrow(actor, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:10') });
    sendOrThrow(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:12') });
    const text = JSON.stringify(seen);
    expect(seen.map((e) => e.type)).toEqual(['call.answered', 'call.classified', 'call.transferStarted', 'call.transferCompleted', 'call.ended']);
    for (const secret of [caller.name, '138', caller.content, '免费复检', '技师李四']) expect(text).not.toContain(secret);
    expect(openCase).toHaveBeenCalledOnce();
  });

  it('an input naming a department outside the directory is rejected with a ValidationError', () => {
    const actor = createActor(callMachine, { input: { ...callInput, department: 'marketing' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0])).toBe(true);
  });

  it('CALL-CLASSIFY: a transfer before the call is answered and classified is refused out of order and changes nothing', () => {
    const actor = startCall();
    const before = actor.getSnapshot();
    expect(send(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:00:01') })).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'CALL-CLASSIFY', details: { outOfOrder: true, step: 'connected.talking.handling', gate: 'CALL.CLASSIFY' } }],
    });
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe('CALL-GREET', () => {
  it('CALL-GREET: the script is the documents\' words, with an English version', () => {
    expect(greetingScript('zh')).toBe('您好,欢迎来电,请问有什么可以帮助您的?');
    expect(greetingScript()).toBe(ruleSources['CALL-GREET']);
    expect(greetingScript('en')).toBe('Hello, thank you for calling. How may I help you?');
    expect(callGreetings).toEqual({ zh: greetingScript('zh'), en: greetingScript('en') });
  });

  it('CALL-GREET: answering records the greeting script and announces the answer', () => {
    const actor = startCall();
    const seen = recordEmitted(actor);
    expect(send(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') })).toEqual({ accepted: true, eventType: 'CALL.ANSWER' });
    expect(actor.getSnapshot().context.greeting).toEqual({ language: 'zh', text: '您好,欢迎来电,请问有什么可以帮助您的?', scripted: true, at: T('10:00:05') });
    expect(seen).toEqual([{ type: 'call.answered', callId: callInput.callId, line: 'main', language: 'zh', at: T('10:00:05') }]);
  });

  it('CALL-GREET: answering in English records the English script', () => {
    const actor = startCall();
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: 'Zhou', language: 'en', at: T('10:00:05') });
    expect(actor.getSnapshot().context.greeting?.text).toBe(callGreetings.en);
  });

  it('CALL-GREET: a greeting that keeps the script\'s words (company name added) is accepted', () => {
    const actor = startCall();
    const greeting = '您好,皇家卫士,欢迎来电!请问有什么可以帮助您的?';
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', greeting, at: T('10:00:05') });
    expect(actor.getSnapshot().context.greeting).toMatchObject({ text: greeting, scripted: false });
  });

  it('CALL-GREET: a greeting that leaves the script is refused, naming the missing words', () => {
    const actor = startCall();
    const outcome = send(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', greeting: '喂,什么事?', at: T('10:00:05') });
    expect(outcome).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'CALL-GREET', details: { language: 'zh', missing: ['您好', '欢迎来电', '请问有什么可以帮助您的'] } }],
    });
    expect(stateOf(actor)).toBe('ringing');
  });

  it('CALL-GREET: an English greeting without the script\'s words is refused', () => {
    const actor = startCall();
    const outcome = send(actor, { type: 'CALL.ANSWER', by: people.agent, agent: 'Zhou', language: 'en', greeting: 'Yeah?', at: T('10:00:05') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-GREET' }] });
  });
});

describe('CALL-RECORD', () => {
  it('CALL-RECORD: wrap-up is refused until the record holds time, number, name, contact and content; the refusal names what is missing', () => {
    const actor = startCall({ callId: 'CA-2', at: T('10:00') }); // number withheld
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') });
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: '营业时间' }, at: T('10:00:30') });
    sendOrThrow(actor, { type: 'CALLER.IDENTIFY', by: people.agent, at: T('10:01') });
    sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') });
    const outcome = send(actor, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:03') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-RECORD', details: { missing: ['number', 'name', 'contact'] } }] });
    if (!outcome.accepted) expect(outcome.message.en).toContain('missing number, name, contact');
    expect(stateOf(actor)).toBe(HANDLING);

    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { number: '010-6512 3456', name: '李女士', contact: { email: 'li@example.com' } }, at: T('10:03:30') });
    expect(send(actor, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:04') })).toMatchObject({ accepted: true });
    expect(stateOf(actor)).toBe('wrapUp');
  });

  it('CALL-RECORD: after the caller hangs up, the after-call work cannot complete until the record is complete and classified', () => {
    const actor = startCall();
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') });
    sendOrThrow(actor, { type: 'CALL.HANGUP', by: people.agent, at: T('10:00:20') });
    expect(stateOf(actor)).toBe('wrapUp');
    const outcome = send(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:01') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule' });
    if (outcome.accepted) return;
    expect(outcome.violations.map((v) => v.rule)).toEqual(['CALL-RECORD', 'CALL-CLASSIFY']);
    expect(outcome.violations[0]!.details).toEqual({ missing: ['name', 'contact', 'content'] });

    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { ...caller }, at: T('10:02') });
    sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02:30') });
    sendOrThrow(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:03') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'completed' });
  });

  it('CALL-RECORD: a malformed phone number is refused as malformed, naming the field', () => {
    const actor = startCall();
    answerAndRecord(actor);
    const outcome = send(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { number: 'unknown' }, at: T('10:01:30') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event' });
    if (!outcome.accepted) expect(new Set(outcome.issues.map((i) => i.path))).toEqual(new Set(['fields.number']));
  });

  it('CALL-RECORD: missingCallRecordFields names the fields of a draft record', () => {
    expect(missingCallRecordFields({ time: T('10:00'), number: '13800138000' })).toEqual(['name', 'contact', 'content']);
    expect(missingCallRecordFields({ time: T('10:00'), number: '13800138000', ...caller })).toEqual([]);
  });
});

describe('CALL-CLASSIFY', () => {
  it('CALL-CLASSIFY: an inquiry with its content recorded is classified and handled', () => {
    const actor = startCall();
    const seen = recordEmitted(actor);
    toHandling(actor);
    expect(stateOf(actor)).toBe(HANDLING);
    expect(actor.getSnapshot().context.classifications).toEqual([{ kind: 'inquiry', at: T('10:02') }]);
    expect(seen.at(-1)).toEqual({ type: 'call.classified', callId: callInput.callId, kind: 'inquiry', at: T('10:02') });
  });

  it('CALL-CLASSIFY: a contact cannot be classified before its content is recorded', () => {
    const actor = startCall();
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T('10:00:05') });
    sendOrThrow(actor, { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, at: T('10:01') });
    const outcome = send(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-CLASSIFY', details: { missing: ['content'] } }] });
    expect(stateOf(actor)).toBe('connected.talking.classifying');
  });

  it('CALL-CLASSIFY: a complaint, suggestion, order or return needs the id of the case it is handed to', () => {
    const actor = startCall();
    answerAndRecord(actor);
    for (const kind of ['complaint', 'suggestion', 'order', 'return-exchange'] as const) {
      expect(send(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind, at: T('10:02') })).toMatchObject({
        accepted: false,
        violations: [{ rule: 'CALL-CLASSIFY', details: { missing: ['caseId'] } }],
      });
    }
  });

  it('CALL-CLASSIFY: a complaint whose form would be incomplete is refused, naming the missing form fields', () => {
    const actor = startCall();
    answerAndRecord(actor);
    const outcome = send(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'complaint', caseId: 'C-1', at: T('10:02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-CLASSIFY', details: { missing: ['desiredRemedy', 'member'] } }] });
  });

  it('CALL-CLASSIFY: a complaint opens a complaint case whose form is valid and prefilled from the call, and the complaint machine registers it', () => {
    const openCase = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { openCase } }), { input: callInput }).start();
    toHandling(actor, { kind: 'complaint', caseId: 'C-2026-0042', complaint: { desiredRemedy: '免费复检并修好', member: true, serviceItem: '常规保养' } });
    expect(openCase).toHaveBeenCalledOnce();
    const params = openCase.mock.calls[0]![1] as OpenCaseParams;
    expect(params.kind).toBe('complaint');
    if (params.kind !== 'complaint') return;
    expect(params.form).toEqual({
      caseId: 'C-2026-0042',
      complainant: caller.name,
      contact: caller.contact,
      receivedAt: callInput.at,
      channel: 'phone',
      content: caller.content,
      desiredRemedy: '免费复检并修好',
      member: true,
      serviceItem: '常规保养',
    });
    expect(ComplaintFormSchema.safeParse(params.form).success).toBe(true);

    const complaint = createActor(complaintMachine, { input: { form: params.form } }).start();
    expect(send(complaint, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('10:05') })).toEqual({ accepted: true, eventType: 'COMPLAINT.REGISTER' });
    expect(complaint.getSnapshot().value).toBe('assess');
  });

  it('CALL-CLASSIFY: complaintFormFromCall is pure and falls back to the caller\'s number for the contact', () => {
    const record = { time: T('10:00'), number: '13800138000', name: '王先生', content: '保养后异响' };
    const form = complaintFormFromCall(record, { caseId: 'C-1', desiredRemedy: '免费复检', member: false });
    expect(form).toEqual({ caseId: 'C-1', complainant: '王先生', contact: { phone: '13800138000' }, receivedAt: T('10:00'), channel: 'phone', content: '保养后异响', desiredRemedy: '免费复检', member: false });
    expect(ComplaintFormSchema.parse(form)).toEqual(form);
    expect(record).toEqual({ time: T('10:00'), number: '13800138000', name: '王先生', content: '保养后异响' });
  });

  it('CALL-CLASSIFY: a suggestion opens a suggestion case prefilled from the call, which the suggestion machine takes', () => {
    const openCase = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { openCase } }), { input: callInput }).start();
    answerAndRecord(actor);
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: '建议周末延长营业时间' }, at: T('10:01:30') });
    sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'suggestion', caseId: 'S-7', at: T('10:02') });
    const params = openCase.mock.calls[0]![1] as OpenCaseParams;
    expect(params).toMatchObject({ kind: 'suggestion', callId: callInput.callId, caseId: 'S-7' });
    if (params.kind !== 'suggestion') return;
    expect(params.input).toEqual({
      caseId: 'S-7',
      receivedAt: callInput.at,
      channel: 'phone',
      record: { customer: caller.name, contact: caller.contact, content: '建议周末延长营业时间' },
      sourceCallId: callInput.callId,
    });
    const suggestion = createActor(suggestionMachine, { input: params.input }).start();
    expect(send(suggestion, { type: 'SUGGESTION.FORWARD', by: people.agent, department: 'service', at: T('10:10') })).toMatchObject({ accepted: true });
  });

  it('CALL-CLASSIFY: an order or a return/exchange hands the call record to the host\'s process', () => {
    const openCase = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { openCase } }), { input: callInput }).start();
    toHandling(actor, { kind: 'return-exchange', caseId: 'R-3' });
    expect(openCase.mock.calls[0]![1]).toEqual({
      kind: 'return-exchange',
      callId: callInput.callId,
      caseId: 'R-3',
      record: { time: callInput.at, number: callInput.callerNumber, ...caller },
    });
  });

  it('CALL-CLASSIFY: an inquiry given a case id is handed to the inquiry process, prefilled from the call', () => {
    const openCase = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { openCase } }), { input: callInput }).start();
    toHandling(actor, { kind: 'inquiry', caseId: 'Q-5' });
    expect(openCase.mock.calls[0]![1]).toEqual({
      kind: 'inquiry',
      callId: callInput.callId,
      caseId: 'Q-5',
      input: {
        inquiryId: 'Q-5',
        receivedAt: callInput.at,
        channel: 'phone',
        record: { customer: caller.name, contact: caller.contact, content: caller.content },
        department: 'service',
        sourceCallId: callInput.callId,
      },
    });
  });

  it('CALL-CLASSIFY: a second matter in the same call is classified too, each case once', () => {
    const actor = startCall();
    toHandling(actor, { kind: 'order', caseId: 'O-1' });
    sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'inquiry', at: T('10:04') });
    expect(send(actor, { type: 'CALL.CLASSIFY', by: people.agent, kind: 'order', caseId: 'O-1', at: T('10:05') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CALL-CLASSIFY', details: { caseId: 'O-1' } }],
    });
    expect(actor.getSnapshot().context.classifications.map((c) => c.kind)).toEqual(['order', 'inquiry']);
  });

  it('CALL-CLASSIFY: an inquiry the agent cannot answer goes to a transfer', () => {
    const actor = startCall();
    toHandling(actor, { kind: 'inquiry' });
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'finance', reason: '发票问题', at: T('10:03') });
    expect(stateOf(actor)).toBe('connected.transferring.cold');
  });
});

describe('CALL-TRANSFER', () => {
  it('CALL-TRANSFER: a cold transfer to a department of the directory that answers moves the call there and is counted', () => {
    const requestTransfer = vi.fn();
    const connectCaller = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { requestTransfer, connectCaller } }), { input: callInput }).start();
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:03') });
    expect(actor.getSnapshot().context.transfer).toMatchObject({ id: 'T1', from: 'service', to: 'repair', mode: 'cold', dueAt: '2026-12-01T02:03:15.000Z' });
    expect(requestTransfer).toHaveBeenCalledWith(expect.anything(), { callId: callInput.callId, transferId: 'T1', department: 'repair', mode: 'cold' });
    sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, agent: '技师李四', at: T('10:03:08') });
    const { context } = actor.getSnapshot();
    expect(stateOf(actor)).toBe(HANDLING);
    expect(context.department).toBe('repair');
    expect(context.agent).toBe('技师李四');
    expect(context.transferCount).toBe(1);
    expect(context.transfers).toEqual([expect.objectContaining({ id: 'T1', outcome: 'completed', endedAt: T('10:03:08') })]);
    expect(connectCaller).toHaveBeenCalledWith(expect.anything(), { callId: callInput.callId, transferId: 'T1', department: 'repair' });
  });

  it('CALL-TRANSFER: a transfer to a department outside the directory is refused and the caller stays with the agent', () => {
    const actor = startCall();
    toHandling(actor);
    const outcome = send(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'marketing', at: T('10:03') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CALL-TRANSFER', details: { department: 'marketing' } }] });
    if (!outcome.accepted) {
      expect(outcome.violations).toHaveLength(1);
      expect(outcome.violations[0]!.details?.known).toEqual(['repair', 'service', 'sales', 'parts', 'finance']);
    }
    expect(stateOf(actor)).toBe(HANDLING);
  });

  it('CALL-TRANSFER: a transfer to the department that already holds the call is refused', () => {
    const actor = startCall();
    toHandling(actor);
    expect(send(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'service', at: T('10:03') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CALL-TRANSFER' }],
    });
  });

  it('CALL-TRANSFER: a cold transfer not answered within 15 s returns the caller to the agent with the reason, not before (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const returnCallerToAgent = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { returnCallerToAgent } }), { input: callInput, clock }).start();
    const seen = recordEmitted(actor);
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:03') });
    clock.increment(15_000 - 1);
    expect(stateOf(actor)).toBe('connected.transferring.cold');
    clock.increment(1);
    const { context } = actor.getSnapshot();
    expect(stateOf(actor)).toBe(HANDLING);
    expect(context.department).toBe('service');
    expect(context.lastTransferFailure).toEqual({ transferId: 'T1', department: 'repair', mode: 'cold', reason: 'timeout', fallback: 'agent', at: '2026-12-01T02:03:15.000Z' });
    expect(context.transferCount).toBe(0);
    expect(context.transfers[0]).toMatchObject({ outcome: 'timeout' });
    expect(returnCallerToAgent).toHaveBeenCalledWith(expect.anything(), { callId: callInput.callId, transferId: 'T1', reason: 'timeout' });
    expect(seen.at(-1)).toEqual({ type: 'call.transferFailed', callId: callInput.callId, transferId: 'T1', to: 'repair', reason: 'timeout', fallback: 'agent', at: '2026-12-01T02:03:15.000Z' });
  });

  it('CALL-TRANSFER: the timeout comes from the policy (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const policy = definePolicy({ call: { transferTimeoutSeconds: 30 } });
    const actor = startCall({ ...callInput, policy }, { clock });
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'repair', at: T('10:03') });
    clock.increment(29_999);
    expect(stateOf(actor)).toBe('connected.transferring.cold');
    clock.increment(1);
    expect(stateOf(actor)).toBe(HANDLING);
  });

  it('CALL-TRANSFER: a warm transfer the department declines after the briefing returns the caller to the agent with its reason', () => {
    const actor = startCall();
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'sales', at: T('10:03') });
    expect(stateOf(actor)).toBe('connected.transferring.warm.ringing');
    sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, at: T('10:03:05') });
    expect(stateOf(actor)).toBe('connected.transferring.warm.consulting');
    expect(actor.getSnapshot().context.holds).toEqual([{ reason: 'consult', at: T('10:03') }]);
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '此车型由配件部负责', at: T('10:04') });
    const { context } = actor.getSnapshot();
    expect(stateOf(actor)).toBe(HANDLING);
    expect(context.lastTransferFailure).toMatchObject({ department: 'sales', reason: 'declined', detail: '此车型由配件部负责', fallback: 'agent' });
    expect(context.holds).toEqual([{ reason: 'consult', at: T('10:03'), resumedAt: T('10:04') }]);
  });

  it('CALL-TRANSFER: a declined cold transfer set to fall back to a callback becomes a callback task, not a dropped caller', () => {
    const scheduleCallback = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { scheduleCallback } }), { input: callInput }).start();
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'finance', onFailure: 'callback', at: T('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '财务部会议中', at: T('10:03:10') });
    const { context } = actor.getSnapshot();
    expect(stateOf(actor)).toBe('wrapUp');
    // 10:03:10 + 4 working hours (lunch 12:00–14:00) = 16:03:10
    expect(context.callback).toEqual({ reason: 'transfer-failed', department: 'finance', dueAt: '2026-12-01T08:03:10.000Z', at: T('10:03:10') });
    expect(scheduleCallback).toHaveBeenCalledWith(expect.anything(), {
      callId: callInput.callId,
      department: 'finance',
      dueAt: '2026-12-01T08:03:10.000Z',
      reason: 'transfer-failed',
      number: callInput.callerNumber,
    });
    sendOrThrow(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:05') });
    expect(stateOf(actor)).toBe('callbackPending');
  });

  it('CALL-TRANSFER: a warm transfer that rings out with the callback fallback becomes a callback task (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startCall(callInput, { clock });
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'parts', onFailure: 'callback', at: T('10:03') });
    clock.increment(15_000);
    expect(stateOf(actor)).toBe('wrapUp');
    expect(actor.getSnapshot().context.callback).toMatchObject({ reason: 'transfer-failed', department: 'parts' });
  });

  it('CALL-TRANSFER: a caller who hangs up during the transfer is recorded as abandoned during the transfer', () => {
    const actor = startCall();
    const seen = recordEmitted(actor);
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'repair', at: T('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, at: T('10:03:05') });
    sendOrThrow(actor, { type: 'CALL.HANGUP', by: people.agent, at: T('10:03:40') });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('abandoned');
    expect(snap.context.transfers).toEqual([expect.objectContaining({ id: 'T1', outcome: 'caller-hung-up', endedAt: T('10:03:40') })]);
    expect(snap.context.abandonedDuring).toBe('transfer');
    expect(snap.output).toMatchObject({ outcome: 'abandoned', endedAt: T('10:03:40') });
    expect(seen.slice(-2)).toEqual([
      { type: 'call.abandoned', callId: callInput.callId, during: 'transfer', at: T('10:03:40') },
      { type: 'call.ended', callId: callInput.callId, outcome: 'abandoned', at: T('10:03:40') },
    ]);
  });

  it('CALL-TRANSFER: the agent can cancel a transfer and take the caller back', () => {
    const actor = startCall();
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'repair', at: T('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.CANCEL', by: people.agent, at: T('10:03:05') });
    expect(stateOf(actor)).toBe(HANDLING);
    expect(actor.getSnapshot().context.transfers[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('CALL-TRANSFER: a warm transfer that times out returns to the agent, and a second transfer succeeds (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startCall(callInput, { clock });
    const seen = recordEmitted(actor);
    toHandling(actor, { kind: 'inquiry' });

    // 1st: warm transfer to the repair department; nobody answers in 15 s.
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'repair', reason: '异响需技师判断', at: T('10:03') });
    expect(stateOf(actor)).toBe('connected.transferring.warm.ringing');
    clock.increment(14_999);
    expect(stateOf(actor)).toBe('connected.transferring.warm.ringing');
    clock.increment(1);
    expect(stateOf(actor)).toBe(HANDLING);
    expect(actor.getSnapshot().context.lastTransferFailure).toMatchObject({ department: 'repair', mode: 'warm', reason: 'timeout' });
    sendOrThrow(actor, { type: 'REPLY.GIVE', by: people.agent, text: '维修部暂时没有接听,我为您转接配件部,请稍候。', at: T('10:03:20') });

    // 2nd: warm transfer to the parts department; it answers, is briefed, takes the caller.
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'warm', department: 'parts', at: T('10:03:30') });
    sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, agent: '配件部小陈', at: T('10:03:36') });
    sendOrThrow(actor, { type: 'TRANSFER.COMPLETE', by: people.agent, at: T('10:04:10') });

    const { context } = actor.getSnapshot();
    expect(stateOf(actor)).toBe(HANDLING);
    expect(context.department).toBe('parts');
    expect(context.agent).toBe('配件部小陈');
    expect(context.transferCount).toBe(1);
    expect(context.lastTransferFailure).toBeUndefined();
    expect(context.transfers.map((t) => [t.id, t.to, t.outcome])).toEqual([
      ['T1', 'repair', 'timeout'],
      ['T2', 'parts', 'completed'],
    ]);
    expect(seen.filter((e) => e.type.startsWith('call.transfer')).map((e) => e.type)).toEqual([
      'call.transferStarted',
      'call.transferFailed',
      'call.transferStarted',
      'call.transferCompleted',
    ]);
  });

  it('CALL-TRANSFER: transferring back and forth between the same two departments is flagged after the policy limit', () => {
    const notifySupervisor = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { notifySupervisor } }), { input: callInput }).start();
    const seen = recordEmitted(actor);
    toHandling(actor);
    const bounce = (department: string, minute: string) => {
      sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department, at: T(`10:${minute}`) });
      sendOrThrow(actor, { type: 'TRANSFER.ANSWERED', by: people.agent, at: T(`10:${minute}:05`) });
    };
    bounce('repair', '03');
    bounce('service', '04');
    expect(actor.getSnapshot().context.pingPongs).toEqual([]); // there and back: within pingPongLimit 2
    bounce('repair', '05');
    const { context } = actor.getSnapshot();
    expect(context.transferCount).toBe(3);
    expect(context.pingPongs).toEqual([{ departments: ['repair', 'service'], count: 3, transferId: 'T3', at: T('10:05:05') }]);
    expect(seen.filter((e) => e.type === 'call.pingPongFlagged')).toEqual([
      { type: 'call.pingPongFlagged', callId: callInput.callId, departments: ['repair', 'service'], count: 3, at: T('10:05:05') },
    ]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { callId: callInput.callId, reason: 'ping-pong', departments: ['repair', 'service'] });
  });
});

describe('hold and abandoned calls', () => {
  it('a call on hold resumes where it was', () => {
    const actor = startCall();
    answerAndRecord(actor);
    sendOrThrow(actor, { type: 'CALL.HOLD', by: people.agent, at: T('10:01:10') });
    expect(stateOf(actor)).toBe('connected.onHold');
    sendOrThrow(actor, { type: 'CALL.RESUME', by: people.agent, at: T('10:01:40') });
    expect(stateOf(actor)).toBe('connected.talking.classifying');
    expect(actor.getSnapshot().context.holds).toEqual([{ reason: 'hold', at: T('10:01:10'), resumedAt: T('10:01:40') }]);
  });

  it('a caller who hangs up while it rings, or on hold, abandons the call', () => {
    const ringing = startCall();
    sendOrThrow(ringing, { type: 'CALL.HANGUP', by: people.agent, at: T('10:00:20') });
    expect(ringing.getSnapshot()).toMatchObject({ value: 'abandoned', status: 'done', context: { abandonedDuring: 'ringing' } });

    const held = startCall();
    toHandling(held);
    sendOrThrow(held, { type: 'CALL.HOLD', by: people.agent, at: T('10:03') });
    sendOrThrow(held, { type: 'CALL.HANGUP', by: people.agent, at: T('10:05') });
    expect(held.getSnapshot()).toMatchObject({ value: 'abandoned', context: { abandonedDuring: 'hold' } });
  });
});

describe('CALL-ETA', () => {
  it('CALL-ETA: the promised time is recorded and owed as a callback, escalated when missed, not before (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { notifySupervisor } }), { input: callInput, clock }).start();
    const seen = recordEmitted(actor);
    toHandling(actor);
    sendOrThrow(actor, { type: 'REPLY.GIVE', by: people.agent, text: '这个问题需要技师确认,今天下午三点前给您回电。', at: T('10:04') });
    sendOrThrow(actor, { type: 'CALL.ETA', by: people.agent, promisedBy: T('15:00'), at: T('10:04') });
    expect(actor.getSnapshot().context.promise).toEqual({ promisedBy: T('15:00'), at: T('10:04') });
    expect(seen.at(-1)).toEqual({ type: 'call.callbackScheduled', callId: callInput.callId, reason: 'eta', department: 'service', dueAt: T('15:00') });
    sendOrThrow(actor, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:05') });
    sendOrThrow(actor, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:06') });
    expect(stateOf(actor)).toBe('callbackPending');

    // 10:06 → 15:00 is 4 h 54 min of clock time.
    clock.increment((4 * 60 + 54) * 60_000 - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'callback-missed', dueAt: T('15:00') }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { callId: callInput.callId, reason: 'callback-missed', dueAt: T('15:00') });
    expect(seen.at(-1)).toEqual({ type: 'call.callbackMissed', callId: callInput.callId, dueAt: T('15:00') });

    sendOrThrow(actor, { type: 'CALLBACK.DONE', by: people.agent, at: T('15:20') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'called-back', endedAt: T('15:20') });
  });

  it('CALL-ETA: without a named time the callback is due within the policy\'s 4 working hours (Asia/Shanghai, lunch excluded)', () => {
    const actor = startCall();
    toHandling(actor);
    sendOrThrow(actor, { type: 'CALL.ETA', by: people.agent, at: T('10:30') });
    // 10:30 + 4 working hours with 12:00–14:00 off = 16:30
    expect(actor.getSnapshot().context.callback).toMatchObject({ reason: 'eta', dueAt: '2026-12-01T08:30:00.000Z' });
  });

  it('CALL-ETA: a promised time in the past is refused', () => {
    const actor = startCall();
    toHandling(actor);
    expect(send(actor, { type: 'CALL.ETA', by: people.agent, promisedBy: T('09:00'), at: T('10:30') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CALL-ETA', details: { promisedBy: T('09:00') } }],
    });
    expect(actor.getSnapshot().context.callback).toBeUndefined();
  });

  it('CALL-ETA: a promised callback later than the policy\'s working hours allow is refused with the latest time (Asia/Shanghai)', () => {
    const actor = startCall();
    toHandling(actor);
    const outcome = send(actor, { type: 'CALL.ETA', by: people.agent, promisedBy: T('10:00', '2026-12-03'), at: T('10:30') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-ETA', details: { latest: '2026-12-01T08:30:00.000Z' } }] });
  });
});

describe('outside working hours', () => {
  it('a call at 20:00 Asia/Shanghai with no duty agent goes to voicemail, which owes a callback in working hours', () => {
    const scheduleCallback = vi.fn();
    const actor = createActor(callMachine.provide({ actions: { scheduleCallback } }), { input: { ...callInput, at: T('20:00') } }).start();
    expect(stateOf(actor)).toBe('voicemail');
    expect(explain(actor.getSnapshot(), { type: 'CALL.ANSWER', by: people.agent, agent: 'x', at: T('20:00:05') } as never)).toMatchObject({ accepted: false, reason: 'unexpected-event' });
    sendOrThrow(actor, { type: 'VOICEMAIL.LEFT', by: people.system, durationSeconds: 40, at: T('20:01') });
    expect(stateOf(actor)).toBe('callbackPending');
    // next working moment Wed 09:00, + 4 working hours with lunch off = Wed 15:00
    expect(actor.getSnapshot().context.callback).toMatchObject({ reason: 'voicemail', dueAt: '2026-12-02T07:00:00.000Z' });
    expect(scheduleCallback).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ reason: 'voicemail', number: callInput.callerNumber }));
  });

  it('a call on Saturday Asia/Shanghai with a duty agent on goes to the duty line and is answered there', () => {
    const actor = startCall({ ...callInput, at: T('11:00', '2026-12-05'), dutyLineStaffed: true });
    const seen = recordEmitted(actor);
    expect(stateOf(actor)).toBe('ringing');
    expect(actor.getSnapshot().context.line).toBe('duty');
    sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '值班客服', at: T('11:00:05', '2026-12-05') });
    expect(seen[0]).toMatchObject({ type: 'call.answered', line: 'duty' });
  });

  it('the routing uses the named guard isOutsideWorkingHours', () => {
    const always = callMachine.states.incoming!.always!;
    expect(always.map((t) => t.target?.[0]?.key)).toEqual(['ringing', 'voicemail', 'ringing']);
    expect(always[1]!.guard).toBe('isOutsideWorkingHours');
    expect(typeof callMachine.implementations.guards.isOutsideWorkingHours).toBe('function');
  });
});

describe('persistence', () => {
  it('a call persisted during handling restores through JSON and wraps up', () => {
    const actor = startCall();
    toHandling(actor);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(callMachine, { snapshot: JSON.parse(saved), input: callInput }).start();
    expect(stateOf(restored)).toBe(HANDLING);
    sendOrThrow(restored, { type: 'CALL.WRAP_UP', by: people.agent, at: T('10:10') });
    sendOrThrow(restored, { type: 'WRAPUP.COMPLETE', by: people.agent, at: T('10:11') });
    expect(restored.getSnapshot().status).toBe('done');
  });
});
