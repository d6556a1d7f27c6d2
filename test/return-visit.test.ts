import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
  addToDoNotCall,
  definePolicy,
  defaultPolicy,
  doNotCallUntil,
  explain,
  isOnDoNotCall,
  isValidationError,
  pruneDoNotCall,
  send,
  sendOrThrow,
} from 'kefu';
import { toEpoch } from 'kefu/time';
import {
  missingRecordFields,
  parseSmsReply,
  returnVisitMachine,
  scriptClosing,
  scriptExchange,
  scriptFollowUp,
  scriptLine,
  scriptOpening,
  scriptSms,
  visitDueAt,
  type ReturnVisitEmitted,
  type ScriptParams,
} from 'kefu/machines/return-visit';
import { baseInput, customer, dissatisfiedCall, play, satisfiedCall, service, startVisit, T } from './support/return-visit.js';
import { people } from './support/principals.js';

/**
 * The script as the documents word it (客服部工作流程, 四、回访规范及用语). The repository's copy
 * is NFKC-normalised (full-width ,?! became ASCII), so the outputs are compared after NFKC.
 */
const DOC = {
  opening: '您好我是皇家卫士的客服代表,请问您是××先生/小姐吗?打扰您了。',
  exchange: '感谢您在××时间接受了我们皇家卫士的××服务项目,请问您对××服务项目满意吗?',
  satisfiedFollowUp: '您对我们的服务有什么建议吗?',
  otherFollowUp: '(能否告诉我您对哪方面不满意吗?/我们应改进哪方面的工作)',
  satisfiedClosing: '感谢您的答复,您如果需要什么帮助,可随时跟我们取得联系,祝您(开车愉快/节日快乐),再见!',
  otherClosing: '非常谢谢您的反应,这一点我们的确做得不够,我们很快就会有改进的望您监督,祝您(开车愉快/节日快乐),再见!',
};
const nfkc = (s: string | undefined) => s?.normalize('NFKC');

const params: ScriptParams = {
  company: defaultPolicy.company,
  customerName: '王',
  salutation: 'mr',
  serviceItem: '常规保养',
  serviceItemEn: 'regular maintenance',
  serviceDate: T('10:00'),
  timeZone: 'Asia/Shanghai',
};

/** Personal data that must never appear in emitted events. */
const personal = [customer.name, customer.phone];
function collectEmitted(actor: ReturnType<typeof startVisit>): ReturnVisitEmitted[] {
  const seen: ReturnVisitEmitted[] = [];
  actor.on('*', (e) => seen.push(e as ReturnVisitEmitted));
  return seen;
}

describe('RV-SCRIPT: the call follows the script', () => {
  it('RV-SCRIPT: a satisfied call walks scheduled → dialing → opening → satisfaction → suggestions → closing → record → recorded, saying each line', () => {
    const actor = startVisit();
    const lines: (string | undefined)[] = [];
    const states: unknown[] = [];
    actor.subscribe((s) => {
      states.push(s.value);
      lines.push(scriptLine(s.context));
    });
    expect(actor.getSnapshot().value).toEqual({ pending: { attempt: 'scheduled', deadline: 'onTime' } });
    play(actor, T('10:30', '2026-12-02'), [...satisfiedCall, { type: 'RECORD.SUBMIT', by: people.agent }]);
    expect(states).toEqual([
      { call: 'dialing' },
      { call: { talking: 'opening' } },
      { call: { talking: 'satisfaction' } },
      { call: { talking: 'askSuggestion' } },
      { call: { talking: 'closing' } },
      'recording',
      'recorded',
    ]);
    expect(lines.filter(Boolean).map(nfkc)).toEqual([
      '您好我是皇家卫士的客服代表,请问您是王先生吗?打扰您了。',
      '感谢您在2026年12月1日接受了我们皇家卫士的常规保养服务项目,请问您对常规保养服务项目满意吗?',
      '您对我们的服务有什么建议吗?',
      '感谢您的答复,您如果需要什么帮助,可随时跟我们取得联系,祝您开车愉快,再见!',
    ]);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'recorded', satisfaction: 'satisfied', suggestion: '希望周末也能预约', overdue: false });
  });

  it('RV-SCRIPT: a dissatisfied answer asks which aspect and closes with the apology', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), dissatisfiedCall.slice(0, 4));
    expect(actor.getSnapshot().value).toEqual({ call: { talking: 'askAspect' } });
    expect(nfkc(scriptLine(actor.getSnapshot().context))).toBe('能否告诉我您对哪方面不满意吗?');
    sendOrThrow(actor, { type: 'ASPECT.RECORD', by: people.agent, aspects: ['等待时间'], at: T('10:32', '2026-12-02') });
    expect(nfkc(scriptLine(actor.getSnapshot().context))).toBe('非常谢谢您的反映,这一点我们的确做得不够,我们很快就会有改进的,希望您监督,祝您开车愉快,再见!');
  });

  it('RV-SCRIPT: an average answer also asks which aspect (我们应改进哪方面的工作)', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), [...dissatisfiedCall.slice(0, 3), { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'average' }]);
    expect(actor.getSnapshot().value).toEqual({ call: { talking: 'askAspect' } });
    expect(nfkc(scriptLine(actor.getSnapshot().context))).toBe('我们应改进哪方面的工作?');
  });

  it('RV-SCRIPT: a suggestion recorded after a dissatisfied answer is refused, naming the expected step', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), dissatisfiedCall.slice(0, 4));
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: '没有', at: T('10:32', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'RV-SCRIPT', details: { step: 'aspect', expected: 'ASPECT.RECORD' } }] });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('RV-SCRIPT: the satisfaction question before the identity check, or hanging up before the closing words, is refused', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), satisfiedCall.slice(0, 2));
    expect(send(actor, { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied', at: T('10:31', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-SCRIPT', details: { expected: 'IDENTITY.CONFIRM' } }],
    });
    expect(send(actor, { type: 'CALL.END', by: people.agent, at: T('10:31', '2026-12-02') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-SCRIPT' }] });
  });

  it('RV-SCRIPT: the zh texts are the documents\' wording, filled in (two slips of the documents corrected)', () => {
    const fill = (line: string, ...values: string[]) => values.reduce((l, v) => l.replace('××', v), line);
    expect(nfkc(scriptOpening(params))).toBe(DOC.opening.replace('××先生/小姐', '王先生'));
    expect(nfkc(scriptExchange(params))).toBe(fill(DOC.exchange.replace('××时间', '2026年12月1日'), '常规保养', '常规保养'));
    expect(nfkc(scriptFollowUp('satisfied'))).toBe(DOC.satisfiedFollowUp);
    expect(DOC.otherFollowUp).toContain(nfkc(scriptFollowUp('dissatisfied')));
    expect(DOC.otherFollowUp).toContain(nfkc(scriptFollowUp('average'))!.replace(/\?$/, ''));
    expect(nfkc(scriptClosing(params, 'satisfied'))).toBe(DOC.satisfiedClosing.replace('(开车愉快/节日快乐)', '开车愉快'));
    // 反应 → 反映 (feedback); 有改进的望您监督 → 有改进的,希望您监督 (a dropped 希).
    const corrected = DOC.otherClosing.replace('反应', '反映').replace('改进的望', '改进的,希望');
    expect(nfkc(scriptClosing(params, 'dissatisfied'))).toBe(corrected.replace('(开车愉快/节日快乐)', '开车愉快'));
    expect(nfkc(scriptClosing({ ...params, occasion: 'holiday' }, 'average'))).toBe(corrected.replace('(开车愉快/节日快乐)', '节日快乐'));
    expect(scriptOpening({ ...params, salutation: 'ms', customerName: '李' })).toContain('李小姐');
  });

  it('RV-SCRIPT: the en texts carry the company, customer, item, date and wish', () => {
    expect(scriptOpening({ ...params, customerName: 'Wang' }, 'en')).toBe('Hello, this is the customer service representative of Royal Guard. Am I speaking with Mr Wang? Sorry to disturb you.');
    expect(scriptExchange(params, 'en')).toBe('Thank you for choosing the regular maintenance service of Royal Guard on December 1, 2026. Are you satisfied with the regular maintenance service?');
    expect(scriptClosing({ ...params, occasion: 'holiday' }, 'satisfied', 'en')).toContain('We wish you happy holidays. Goodbye!');
    expect(scriptClosing(params, 'dissatisfied', 'en')).toContain('We wish you a pleasant drive. Goodbye!');
    expect(scriptSms(params, 24, 'en')).toContain('Please reply within 24 hours: 1 satisfied, 2 average, 3 dissatisfied');
  });

  it('RV-SCRIPT: the date is said in the customer\'s zone (Asia/Tokyo: 23:30 Shanghai is the next day)', () => {
    expect(nfkc(scriptExchange({ ...params, serviceDate: T('23:30'), timeZone: 'Asia/Tokyo' }))).toContain('2026年12月2日');
  });

  it('RV-SCRIPT: the wrong person ends the visit and reports the number; nothing personal is emitted', () => {
    const reportWrongNumber = vi.fn();
    const actor = startVisit({}, { machine: returnVisitMachine.provide({ actions: { reportWrongNumber } }) });
    const emitted = collectEmitted(actor);
    play(actor, T('10:30', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }, { type: 'IDENTITY.WRONG_PERSON', by: people.agent }]);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'wrong-person', customerId: 'K-1001' });
    expect(reportWrongNumber).toHaveBeenCalledWith(expect.anything(), { visitId: 'V-1', customerId: 'K-1001' });
    expect(emitted).toEqual([{ type: 'returnVisit.ended', visitId: 'V-1', customerId: 'K-1001', outcome: 'wrong-person', at: '2026-12-02T02:30:40.000Z' }]);
  });

  it('a call dropped after the answer goes to the record; one dropped before it counts as a failed attempt', () => {
    const a = startVisit();
    play(a, T('10:30', '2026-12-02'), [...satisfiedCall.slice(0, 4), { type: 'CALL.DROPPED', by: people.agent }]);
    expect(a.getSnapshot().value).toBe('recording');
    const b = startVisit();
    play(b, T('10:30', '2026-12-02'), [...satisfiedCall.slice(0, 3), { type: 'CALL.DROPPED', by: people.agent }]);
    expect(b.getSnapshot().value).toMatchObject({ pending: { attempt: 'awaitingRetry' } });
    expect(b.getSnapshot().context.failedAttempts).toBe(1);
  });

  it('a dissatisfied visit emits an event the host can open a complaint from, with ids and aspects only', () => {
    const openComplaint = vi.fn();
    const actor = startVisit({}, { machine: returnVisitMachine.provide({ actions: { openComplaint } }) });
    const emitted = collectEmitted(actor);
    play(actor, T('10:30', '2026-12-02'), [...dissatisfiedCall, { type: 'RECORD.SUBMIT', by: people.agent }]);
    expect(emitted.find((e) => e.type === 'returnVisit.dissatisfied')).toEqual({
      type: 'returnVisit.dissatisfied',
      visitId: 'V-1',
      customerId: 'K-1001',
      agentId: 'A-07',
      satisfaction: 'dissatisfied',
      aspects: ['等待时间'],
      at: '2026-12-02T02:32:00.000Z',
    });
    expect(openComplaint).toHaveBeenCalledWith(expect.anything(), { visitId: 'V-1', customerId: 'K-1001', agentId: 'A-07', serviceItem: '常规保养', aspects: ['等待时间'] });
    const json = JSON.stringify(emitted);
    for (const p of personal) expect(json).not.toContain(p);
  });
});

describe('RV-QUIET: never in the customer\'s rest time', () => {
  it('RV-QUIET (Asia/Shanghai): a call at 12:30 is refused and the refusal gives 14:00 as the next allowed time', () => {
    const actor = startVisit();
    const outcome = send(actor, { type: 'VISIT.START', by: people.agent, at: T('12:30', '2026-12-02') });
    expect(outcome).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { timeZone: 'Asia/Shanghai', nextAllowedAt: '2026-12-02T06:00:00.000Z' } }],
    });
    expect(actor.getSnapshot().context.attempts).toBe(0);
  });

  it('RV-QUIET (Asia/Shanghai): a call at 14:00 is allowed and dialled through the host', () => {
    const dial = vi.fn();
    const actor = startVisit({}, { machine: returnVisitMachine.provide({ actions: { dial } }) });
    sendOrThrow(actor, { type: 'VISIT.START', by: people.agent, at: T('14:00', '2026-12-02') });
    expect(actor.getSnapshot().value).toEqual({ call: 'dialing' });
    expect(dial).toHaveBeenCalledWith(expect.anything(), { visitId: 'V-1', customerId: 'K-1001', phone: customer.phone, attempt: 1 });
  });

  it('RV-QUIET (Asia/Tokyo customer, department in Shanghai): 11:30 Shanghai is 12:30 in Tokyo: refused until 13:00 Shanghai; 13:30 Shanghai is allowed', () => {
    const actor = startVisit({ customer: { ...customer, timeZone: 'Asia/Tokyo' } });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('11:30', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { timeZone: 'Asia/Tokyo', nextAllowedAt: '2026-12-02T05:00:00.000Z' } }],
    });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('13:30', '2026-12-02') })).toMatchObject({ accepted: true });
  });

  it('RV-QUIET (America/New_York customer): 21:30 Shanghai is 08:30 in New York: refused until 09:00 there', () => {
    const actor = startVisit({ customer: { ...customer, timeZone: 'America/New_York' } });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('21:30', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { nextAllowedAt: '2026-12-02T14:00:00.000Z' } }],
    });
  });

  it('RV-QUIET (Asia/Shanghai): an SMS visit is not sent at 22:00 either, and goes out at 09:00', () => {
    const sendSms = vi.fn();
    const actor = startVisit({ method: 'sms' }, { machine: returnVisitMachine.provide({ actions: { sendSms } }) });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('22:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET' }] });
    sendOrThrow(actor, { type: 'VISIT.START', by: people.agent, at: T('09:00', '2026-12-02') });
    expect(sendSms).toHaveBeenCalledTimes(1);
    expect(nfkc(sendSms.mock.calls[0]![1].text)).toBe(
      '【皇家卫士】王先生您好!感谢您在2026年12月1日接受了我们皇家卫士的常规保养服务项目,请问您对常规保养服务项目满意吗?请在24小时内回复:1 满意,2 一般,3 不满意,欢迎附上您的建议。祝您开车愉快!回复TD退订',
    );
  });

  it('RV-QUIET do-not-call (Asia/Shanghai): a listed customer is refused with the end of the period; from day 180 on the call is allowed', () => {
    const list = addToDoNotCall([], 'K-1001', T('10:00', '2026-06-05'));
    expect(list).toEqual([{ customerId: 'K-1001', since: '2026-06-05T02:00:00.000Z', until: '2026-12-02T02:00:00.000Z' }]);
    const actor = startVisit({ doNotCall: [...list, { customerId: 'K-9', since: T('10:00'), until: T('10:00', '2027-01-01') }] });
    expect(actor.getSnapshot().context.doNotCall).toEqual(list); // only this customer's entries are kept
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('09:59', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: '2026-12-02T02:00:00.000Z' } }],
    });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') })).toMatchObject({ accepted: true });
  });

  it('RV-QUIET do-not-call (Asia/Shanghai): a permanent entry (no since, no until) refuses the visit, with details.doNotCallUntil null', () => {
    const actor = startVisit({ doNotCall: [{ customerId: 'K-1001' }] });
    expect(actor.getSnapshot().context.doNotCall).toEqual([{ customerId: 'K-1001' }]);
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: null } }] });
    expect(outcome.accepted ? '' : outcome.violations[0]!.message.en).toMatch(/do not call \(no end date\)$/);
    expect(actor.getSnapshot()).toBe(before);
    // a dated entry of the same customer does not shorten it: no end beats any date
    const both = startVisit({ doNotCall: [{ customerId: 'K-1001', since: T('10:00', '2026-06-05'), until: T('10:00', '2026-12-02') }, { customerId: 'K-1001', since: T('10:00', '2026-06-05') }] });
    expect(send(both, { type: 'VISIT.START', by: people.agent, at: T('11:00', '2026-12-02') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: null } }] });
    // an entry that starts later does not refuse today
    const later = startVisit({ doNotCall: [{ customerId: 'K-1001', since: T('10:00', '2027-01-01') }] });
    expect(send(later, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') })).toMatchObject({ accepted: true });
  });

  it('RV-QUIET do-not-call: a customer who asks during the call goes on the list for policy.returnVisit.doNotCallDays', () => {
    const saveDoNotCall = vi.fn();
    const policy = definePolicy({ returnVisit: { doNotCallDays: 30 } });
    const actor = startVisit({ policy }, { machine: returnVisitMachine.provide({ actions: { saveDoNotCall } }) });
    const emitted = collectEmitted(actor);
    play(actor, T('10:30', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }, { type: 'CUSTOMER.OPT_OUT', by: people.agent }]);
    const until = '2027-01-01T02:30:40.000Z';
    expect(saveDoNotCall).toHaveBeenCalledWith(expect.anything(), { customerId: 'K-1001', since: '2026-12-02T02:30:40.000Z', until });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'opted-out', doNotCallUntil: until });
    expect(emitted.map((e) => e.type)).toEqual(['returnVisit.optedOut', 'returnVisit.ended']);
    expect(JSON.stringify(emitted)).not.toContain(customer.phone);
  });

  it('the do-not-call list is plain data handled by pure functions', () => {
    const list = addToDoNotCall(addToDoNotCall([], 'K-1', T('10:00')), 'K-1', T('10:00', '2026-12-05'));
    expect(list).toHaveLength(1); // a new request replaces the old one
    expect(doNotCallUntil(list, 'K-1', T('10:00', '2027-06-02'))).toBe('2027-06-03T02:00:00.000Z');
    expect(isOnDoNotCall(list, 'K-2', T('10:00', '2026-12-06'))).toBe(false);
    expect(isOnDoNotCall(list, 'K-1', T('10:00', '2027-06-03'))).toBe(false);
    expect(pruneDoNotCall(list, T('10:00', '2027-06-03'))).toEqual([]);
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});

describe('RV-RESCHEDULE: a busy customer books a convenient time', () => {
  const busy = (callbackAt: string) => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }]);
    return { actor, outcome: send(actor, { type: 'CALLBACK.BOOK', by: people.agent, callbackAt, at: T('10:31', '2026-12-02') }) };
  };

  it('RV-RESCHEDULE (Asia/Shanghai): 10:00 the next day is booked and the visit is made then', () => {
    const { actor, outcome } = busy(T('10:00', '2026-12-03'));
    expect(outcome.accepted).toBe(true);
    expect(actor.getSnapshot().value).toMatchObject({ pending: { attempt: 'callbackBooked' } });
    expect(actor.getSnapshot().context.callbackAt).toBe('2026-12-03T02:00:00.000Z');
    play(actor, T('10:00', '2026-12-03'), [...satisfiedCall, { type: 'RECORD.SUBMIT', by: people.agent }]);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'recorded', attempts: 2 });
  });

  it('RV-RESCHEDULE (Asia/Shanghai): a time in the lunch rest is refused as RV-QUIET, with the next allowed time', () => {
    const { actor, outcome } = busy(T('12:30', '2026-12-03'));
    expect(outcome).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-RESCHEDULE', details: { conflict: 'RV-QUIET', nextAllowedAt: '2026-12-03T06:00:00.000Z' } }],
    });
    expect(actor.getSnapshot().value).toEqual({ call: { talking: 'opening' } });
  });

  it('RV-RESCHEDULE (Asia/Shanghai): a time after the 3-day deadline is refused as RV-3DAY, with the due time', () => {
    const { outcome } = busy(T('15:00', '2026-12-04'));
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RV-RESCHEDULE', details: { conflict: 'RV-3DAY', dueAt: '2026-12-04T02:00:00.000Z' } }] });
    expect(outcome.accepted ? '' : outcome.message.en).toContain('after the 3-day deadline');
  });

  it('RV-RESCHEDULE (Asia/Shanghai): a time both quiet and late is refused with both reasons', () => {
    const { outcome } = busy(T('22:00', '2026-12-05'));
    expect(outcome.accepted ? [] : outcome.violations.map((v) => v.details?.conflict)).toEqual(['RV-QUIET', 'RV-3DAY']);
  });
});

describe('RV-3DAY: within three days of the service', () => {
  it('RV-3DAY: due = service completion + policy.returnVisit.withinDays', () => {
    expect(startVisit().getSnapshot().context.dueAt).toBe('2026-12-04T02:00:00.000Z');
    const policy = definePolicy({ returnVisit: { withinDays: 2 } });
    expect(startVisit({ policy }).getSnapshot().context.dueAt).toBe('2026-12-03T02:00:00.000Z');
    expect(visitDueAt(defaultPolicy, 'holiday', T('10:00'), T('00:00', '2027-02-17'))).toBe('2027-02-19T16:00:00.000Z');
  });

  it('RV-3DAY (Asia/Shanghai): 1 ms before the due time the visit waits; at it the visit becomes overdue and the supervisor is told (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = startVisit({}, { clock, machine: returnVisitMachine.provide({ actions: { notifySupervisor } }) });
    const emitted = collectEmitted(actor);
    clock.set(toEpoch('2026-12-04T02:00:00.000Z') - 1);
    expect(actor.getSnapshot().matches({ pending: { deadline: 'onTime' } })).toBe(true);
    expect(notifySupervisor).not.toHaveBeenCalled();
    clock.increment(1);
    expect(actor.getSnapshot().matches({ pending: { deadline: 'overdue' } })).toBe(true);
    expect(actor.getSnapshot().context.escalations).toEqual([{ dueAt: '2026-12-04T02:00:00.000Z', at: '2026-12-04T02:00:00.000Z' }]);
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { visitId: 'V-1', customerId: 'K-1001', agentId: 'A-07', reason: 'overdue', dueAt: '2026-12-04T02:00:00.000Z' });
    expect(emitted).toEqual([{ type: 'returnVisit.overdue', visitId: 'V-1', customerId: 'K-1001', agentId: 'A-07', dueAt: '2026-12-04T02:00:00.000Z' }]);
  });

  it('RV-3DAY (Asia/Shanghai): once escalated, the late visit is still made and recorded as overdue', () => {
    const clock = new SimulatedClock();
    const actor = startVisit({}, { clock });
    clock.set(toEpoch('2026-12-04T02:00:00.000Z'));
    play(actor, T('10:30', '2026-12-04'), [...satisfiedCall, { type: 'RECORD.SUBMIT', by: people.agent }], 20, clock);
    expect(actor.getSnapshot().context.record?.overdue).toBe(true);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'recorded', overdue: true });
  });

  it('RV-3DAY (Asia/Shanghai): a visit on day 3 before the due time is accepted; one on day 4 is refused as overdue while not escalated', () => {
    const onTime = startVisit();
    expect(send(onTime, { type: 'VISIT.START', by: people.agent, at: T('09:59', '2026-12-04') })).toMatchObject({ accepted: true });
    const actor = startVisit({}, { clock: new SimulatedClock() }); // the clock never reaches the due time
    const outcome = send(actor, { type: 'VISIT.START', by: people.agent, at: T('10:30', '2026-12-04') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RV-3DAY', details: { dueAt: '2026-12-04T02:00:00.000Z' } }] });
  });

  it('RV-3DAY (Asia/Shanghai): a visit before the service is completed is refused', () => {
    const actor = startVisit({ at: T('09:00') });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('09:30') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-3DAY' }] });
  });

  it('RV-3DAY (Asia/Shanghai): a call in progress at the due time is not interrupted; a failed attempt after it is escalated (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startVisit({}, { clock });
    play(actor, T('09:59', '2026-12-04'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }], 20, clock);
    clock.set(toEpoch(T('10:01', '2026-12-04')));
    expect(actor.getSnapshot().value).toEqual({ call: { talking: 'opening' } });
    sendOrThrow(actor, { type: 'CALL.DROPPED', by: people.agent, at: T('10:01', '2026-12-04') });
    clock.increment(1);
    expect(actor.getSnapshot().context.overdue).toBe(true);
  });

  it('RV-3DAY (Asia/Shanghai): a deadline months away runs in timer legs of at most 24 days and still fires on time (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startVisit({ occasion: 'maintenance-reminder', at: T('10:00') }, { clock });
    expect(actor.getSnapshot().context.occasionDate).toBe('2027-06-01T02:00:00.000Z');
    const due = toEpoch(actor.getSnapshot().context.dueAt);
    expect(due).toBe(toEpoch('2027-06-04T02:00:00.000Z'));
    // Time passes a day at a time, as it does for a running process.
    while (clock.now() + 86_400_000 < due) clock.increment(86_400_000);
    clock.set(due - 1);
    expect(actor.getSnapshot().context.overdue).toBe(false);
    clock.increment(1);
    expect(actor.getSnapshot().context.overdue).toBe(true);
  });
});

describe('RV-RECORD: the visit record (回访记录表) is complete', () => {
  it('RV-RECORD: a complete record is filed with every field of the form', () => {
    const fileRecord = vi.fn();
    const actor = startVisit({}, { machine: returnVisitMachine.provide({ actions: { fileRecord } }) });
    play(actor, T('10:30', '2026-12-02'), [...satisfiedCall, { type: 'RECORD.SUBMIT', by: people.agent }]);
    expect(fileRecord).toHaveBeenCalledWith(expect.anything(), {
      record: {
        visitId: 'V-1',
        customerId: 'K-1001',
        customerName: '王',
        member: true,
        serviceItem: '常规保养',
        serviceCompletedAt: service.completedAt,
        occasion: 'after-service',
        method: 'phone',
        agentId: 'A-07',
        visitedAt: '2026-12-02T02:30:20.000Z',
        satisfaction: 'satisfied',
        suggestion: '希望周末也能预约',
        durationSeconds: 80,
        tooLong: false,
        attempts: 1,
        overdue: false,
      },
    });
  });

  it('RV-RECORD (Asia/Shanghai): a dissatisfied SMS reply without the aspect cannot be filed; the missing field is named; filled in, it is filed', () => {
    const actor = startVisit({ method: 'sms' });
    sendOrThrow(actor, { type: 'VISIT.START', by: people.agent, at: T('10:30', '2026-12-02') });
    sendOrThrow(actor, { type: 'SMS.REPLY', by: people.customer, satisfaction: 'dissatisfied', text: '等太久', at: T('11:00', '2026-12-02') });
    const refused = send(actor, { type: 'RECORD.SUBMIT', by: people.agent, at: T('11:05', '2026-12-02') });
    expect(refused).toMatchObject({ accepted: false, violations: [{ rule: 'RV-RECORD', details: { missing: ['aspects'] } }] });
    expect(refused.accepted ? '' : refused.message.zh).toContain('缺少 aspects');
    sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { aspects: ['等待时间'] }, at: T('11:06', '2026-12-02') });
    sendOrThrow(actor, { type: 'RECORD.SUBMIT', by: people.agent, at: T('11:07', '2026-12-02') });
    expect(actor.getSnapshot().context.record).toMatchObject({ method: 'sms', durationSeconds: null, notes: '等太久', aspects: ['等待时间'] });
  });

  it('RV-RECORD: an aspect question left unanswered leaves the record incomplete', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), [...dissatisfiedCall.slice(0, 4), { type: 'ASPECT.RECORD', by: people.agent, aspects: [] }, { type: 'CALL.END', by: people.agent }]);
    const submit = { type: 'RECORD.SUBMIT', by: people.agent, at: T('10:40', '2026-12-02') };
    expect(explain(actor.getSnapshot(), submit)).toMatchObject({ accepted: false, violations: [{ rule: 'RV-RECORD' }] });
    expect(missingRecordFields({ satisfaction: 'satisfied' })).toEqual(expect.arrayContaining(['visitId', 'customerId', 'visitedAt', 'agentId']));
  });
});

describe('RV-BRIEF: a visit is short', () => {
  it('RV-BRIEF (Asia/Shanghai): a 4-minute call is recorded with its length and no flag', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), satisfiedCall.slice(0, 5), 60);
    sendOrThrow(actor, { type: 'CALL.END', by: people.agent, at: '2026-12-02T02:35:00.000Z' }); // answered 10:31
    expect(actor.getSnapshot().context.draft).toMatchObject({ durationSeconds: 240, tooLong: false });
  });

  it('RV-BRIEF (Asia/Shanghai): at 5 minutes the agent is reminded; a 6-minute call is flagged in the record (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const remindAgent = vi.fn();
    const actor = startVisit({}, { clock, machine: returnVisitMachine.provide({ actions: { remindAgent } }) });
    const emitted = collectEmitted(actor);
    play(actor, T('10:30', '2026-12-02'), satisfiedCall.slice(0, 4), 60, clock); // answered 10:31
    const limit = toEpoch(T('10:36', '2026-12-02'));
    clock.set(limit - 1);
    expect(remindAgent).not.toHaveBeenCalled();
    clock.set(limit);
    expect(remindAgent).toHaveBeenCalledWith(expect.anything(), { visitId: 'V-1', agentId: 'A-07', reason: 'too-long', limitMinutes: 5 });
    expect(emitted).toEqual([{ type: 'returnVisit.tooLong', visitId: 'V-1', agentId: 'A-07', limitMinutes: 5, at: '2026-12-02T02:36:00.000Z' }]);
    play(actor, T('10:37', '2026-12-02'), [satisfiedCall[4]!, satisfiedCall[5]!, { type: 'RECORD.SUBMIT', by: people.agent }], 0, clock);
    expect(actor.getSnapshot().context.record).toMatchObject({ durationSeconds: 360, tooLong: true });
  });

  it('RV-BRIEF: the limit is a policy field, and the telephony system\'s duration wins over the event times', () => {
    const policy = definePolicy({ returnVisit: { maxMinutes: 3 } });
    const actor = startVisit({ policy });
    play(actor, T('10:30', '2026-12-02'), satisfiedCall.slice(0, 5));
    sendOrThrow(actor, { type: 'CALL.END', by: people.agent, durationSeconds: 200, at: T('10:32', '2026-12-02') });
    expect(actor.getSnapshot().context.draft).toMatchObject({ durationSeconds: 200, tooLong: true });
  });
});

describe('RV-MEMBER-100: an unreachable member is retried, then gets an SMS', () => {
  const noAnswer = [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.NO_ANSWER', by: people.agent }] as const;

  it('RV-MEMBER-100 (Asia/Shanghai): three calls spaced 4 h out of quiet hours, then the SMS; the reply completes the visit', () => {
    const sendSms = vi.fn();
    const actor = startVisit({}, { machine: returnVisitMachine.provide({ actions: { sendSms } }) });
    play(actor, T('17:30'), noAnswer);
    // 17:30 + 4 h = 21:30, rest time: the next attempt is 09:00 the next morning.
    expect(actor.getSnapshot().context.nextAttemptAt).toBe('2026-12-02T01:00:00.000Z');
    play(actor, T('09:00', '2026-12-02'), noAnswer);
    // 09:00 + 4 h = 13:00, the lunch rest: 14:00.
    expect(actor.getSnapshot().context.nextAttemptAt).toBe('2026-12-02T06:00:00.000Z');
    play(actor, T('14:00', '2026-12-02'), noAnswer);
    expect(actor.getSnapshot().context).toMatchObject({ method: 'sms', smsFallback: true, failedAttempts: 3 });
    sendOrThrow(actor, { type: 'VISIT.START', by: people.agent, at: T('14:05', '2026-12-02') });
    expect(actor.getSnapshot().value).toBe('sms');
    expect(sendSms).toHaveBeenCalledTimes(1);
    const reply = parseSmsReply('1 很好');
    expect(reply).toEqual({ kind: 'answer', satisfaction: 'satisfied', text: '很好' });
    sendOrThrow(actor, { type: 'SMS.REPLY', by: people.customer, satisfaction: 'satisfied', text: '很好', at: T('15:00', '2026-12-02') });
    sendOrThrow(actor, { type: 'RECORD.SUBMIT', by: people.agent, at: T('15:10', '2026-12-02') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'recorded', method: 'sms', attempts: 4, suggestion: '很好' });
  });

  it('RV-MEMBER-100 (Asia/Shanghai): a retry before the spacing is refused with the next attempt time', () => {
    const actor = startVisit();
    play(actor, T('17:30'), noAnswer);
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('20:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-MEMBER-100', details: { nextAttemptAt: '2026-12-02T01:00:00.000Z' } }],
    });
  });

  it('RV-MEMBER-100 (Asia/Shanghai): a non-member is not reached after the attempts and gets no SMS', () => {
    const actor = startVisit({ customer: { ...customer, member: false } });
    play(actor, T('17:30'), noAnswer);
    play(actor, T('09:00', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.BUSY', by: people.agent }]);
    play(actor, T('14:00', '2026-12-02'), noAnswer);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'unreached', attempts: 3, member: false });
  });

  it('an SMS without a reply in the window (policy.returnVisit.smsReplyWindowHours) counts as not reached (Asia/Shanghai, SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const actor = startVisit({ method: 'sms' }, { clock });
    play(actor, T('10:30', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }], 0, clock);
    clock.set(toEpoch(T('10:30', '2026-12-03')) - 1);
    expect(actor.getSnapshot().value).toBe('sms');
    clock.increment(1);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'unreached', method: 'sms' });
    // The visit ends when the window closes, not when the SMS was sent.
    expect(toEpoch(actor.getSnapshot().output!.endedAt)).toBe(toEpoch(T('10:30', '2026-12-03')));
  });

  it('parseSmsReply reads the reply codes and the opt-out word', () => {
    expect(parseSmsReply('3,等太久')).toEqual({ kind: 'answer', satisfaction: 'dissatisfied', text: '等太久' });
    expect(parseSmsReply(' 2 ')).toEqual({ kind: 'answer', satisfaction: 'average' });
    expect(parseSmsReply('退订')).toEqual({ kind: 'opt-out' });
    expect(parseSmsReply('谁啊')).toEqual({ kind: 'unknown', text: '谁啊' });
  });
});

describe('RV-OCCASION: special visits and maintenance reminders', () => {
  it('RV-OCCASION (Asia/Shanghai): a maintenance reminder is due six months after the service (policy field); earlier it is refused', () => {
    const actor = startVisit({ occasion: 'maintenance-reminder', service: { ...service, completedAt: T('10:00', '2026-06-01') }, at: T('09:20') });
    expect(actor.getSnapshot().context.occasionDate).toBe('2026-12-01T02:00:00.000Z');
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('09:30') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-OCCASION', details: { occasion: 'maintenance-reminder', occasionDate: '2026-12-01T02:00:00.000Z' } }],
    });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('10:00') })).toMatchObject({ accepted: true });
    const policy = definePolicy({ returnVisit: { maintenanceReminderMonths: 3 } });
    expect(startVisit({ occasion: 'maintenance-reminder', policy }).getSnapshot().context.occasionDate).toBe('2027-03-01T02:00:00.000Z');
  });

  it('RV-OCCASION (Asia/Shanghai): a holiday visit needs the holiday\'s date, and wishes 节日快乐', () => {
    const errors: unknown[] = [];
    const bad = createActor(returnVisitMachine, { input: { ...baseInput, occasion: 'holiday' } });
    bad.subscribe({ error: (e) => errors.push(e) });
    bad.start();
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(['occasionDate']);

    const actor = startVisit({ occasion: 'holiday', occasionDate: T('00:00', '2026-12-31'), at: T('10:00', '2026-12-20') });
    expect(send(actor, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-30') })).toMatchObject({ accepted: false, violations: [{ rule: 'RV-OCCASION' }] });
    play(actor, T('10:00', '2026-12-31'), satisfiedCall.slice(0, 5));
    expect(nfkc(scriptLine(actor.getSnapshot().context))).toContain('祝您节日快乐,再见!');
  });
});

describe('persistence', () => {
  it('a visit persisted mid-call through JSON restores and runs to its record', () => {
    const actor = startVisit();
    play(actor, T('10:30', '2026-12-02'), satisfiedCall.slice(0, 4));
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(returnVisitMachine, { snapshot: JSON.parse(saved), input: baseInput, clock: new SimulatedClock() }).start();
    expect(restored.getSnapshot().value).toEqual({ call: { talking: 'askSuggestion' } });
    play(restored, T('10:35', '2026-12-02'), [satisfiedCall[4]!, satisfiedCall[5]!, { type: 'RECORD.SUBMIT', by: people.agent }]);
    expect(restored.getSnapshot().status).toBe('done');
  });
});
