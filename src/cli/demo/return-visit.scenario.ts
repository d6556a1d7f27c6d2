import { createActor } from 'xstate';
import type { Violation } from '../../rules/index.js';
import { addCalendarDays, isQuietTime, localDate, nextAllowedMoment, toEpoch, toIso } from '../../time/index.js';
import { localToEpoch } from '../../time/internal.js';
// Types only: the machines come from the catalogue (ctx.machine, ctx.machineOf), never imported here.
import type { ReturnVisitContext, ReturnVisitEvent } from '../../../machines/return-visit/index.js';
import { DemoCase, HOUR, hostMachineFor, MINUTE, SECOND, type CaseScript } from './case.js';
import { complaintKindOf, planComplaint } from './complaint.scenario.js';
import type { CaseRecord, Scenario } from './types.js';

const AGENTS = ['A-01', 'A-02', 'A-03'];
const ITEMS = ['常规保养', '更换轮胎', '空调清洗', '钣金喷漆', '发动机维修'];
/** Dissatisfied aspects, with the complaint category a dissatisfied visit opens. */
const ASPECTS: ReadonlyArray<readonly [string, string]> = [
  ['等待时间', '服务态度'],
  ['服务态度', '服务态度'],
  ['维修质量', '维修质量'],
  ['价格', '收费争议'],
];
/**
 * Where customers live: most in the department's zone, some elsewhere, so their rest hours
 * (RV-QUIET, read in the customer's own zone) fall at other times of the department's day.
 */
const ZONES: ReadonlyArray<readonly [string, number]> = [
  ['Asia/Shanghai', 76],
  ['Asia/Urumqi', 8],
  ['Asia/Tokyo', 6],
  ['Europe/London', 5],
  ['America/Los_Angeles', 5],
];

/**
 * Return visits after a service (回访), one per case: the service is completed when the case
 * arrives; the agent calls on day 1–4, by the department's clock, and the rules read the quiet
 * hours in the customer's own zone (RV-QUIET: a call in the customer's rest time is refused with
 * the next allowed moment, and the agent calls then). Visits after three days are escalated
 * first and recorded as late (RV-3DAY). Unanswered calls are retried after the spacing; members
 * then get an SMS (RV-MEMBER-100); some calls run long (RV-BRIEF), some customers book another
 * time, opt out, or are not who the archive says. A dissatisfied customer opens a complaint.
 */
export const returnVisitScenario: Scenario = {
  id: 'return-visit',
  title: { zh: '回访', en: 'return visits' },
  machine: 'returnVisit',
  weight: 2,
  plan(ctx, { caseNo, arrival, random, customer }) {
    const { policy, records } = ctx;
    const { quietHours } = policy.returnVisit;
    const deptZone = policy.calendar.timeZone;
    const day = ctx.date.replaceAll('-', '');
    const no = String(caseNo).padStart(4, '0');
    const visitId = `RV-${day}-${no}`;
    const record: CaseRecord = { process: 'return-visit', caseId: visitId, customer, arrivedAt: toIso(arrival), outcome: 'open', escalations: 0 };
    records.cases.push(record);
    const c = new DemoCase<ReturnVisitEvent>(ctx, record);
    const host = hostMachineFor(ctx.machine, 'return-visit', ['openComplaint'], (p: { visitId: string }) => p.visitId);
    let complained: readonly string[] | undefined;
    const off = host.on(visitId, (_, params) => {
      complained = (params as { aspects: readonly string[] }).aspects;
    });
    const zone = random.weighted(ZONES);
    const item = random.pick(ITEMS);
    const sec = (min: number, max: number) => random.int(min, max) * SECOND;
    const context = () => c.snapshot().context as ReturnVisitContext;
    const done = () => c.snapshot().status === 'done';

    /** VISIT.START now; a start in the customer's rest time is refused (RV-QUIET) and made at the next allowed moment. */
    function* start(): CaseScript {
      for (;;) {
        const quiet = isQuietTime(quietHours, c.now(), zone);
        const outcome = c.send({ type: 'VISIT.START' }, quiet ? 'RV-QUIET' : undefined);
        if (outcome.accepted) return;
        const next = (outcome.violations[0] as Violation | undefined)?.details?.nextAllowedAt;
        yield toEpoch(String(next));
      }
    }

    function* script(): CaseScript {
      c.actor = createActor(host.machine, {
        input: {
          visitId,
          customer: {
            id: `K-${day}-${no}`,
            name: [...customer.name][0]!,
            salutation: random.pick(['mr', 'ms'] as const),
            phone: customer.phone,
            member: customer.member,
            timeZone: zone,
          },
          service: { item, completedAt: toIso(c.now()) },
          agentId: random.pick(AGENTS),
          method: random.chance(0.1) ? 'sms' : 'phone',
          occasion: 'after-service',
          policy,
          at: toIso(c.now()),
        },
        clock: ctx.clock,
      }).start();

      // The agent plans the call on day 1–4 after the service, in the department's working day.
      // Most check the customer's rest hours first; the others are stopped by RV-QUIET.
      const visitDay = localDate(addCalendarDays(c.now(), random.weighted([[1, 45], [2, 30], [3, 17], [4, 8]] as const), deptZone), deptZone);
      const minute = random.int(9 * 60, 18 * 60 - 1);
      let next = localToEpoch(visitDay, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, deptZone);
      if (random.chance(0.75)) next = toEpoch(nextAllowedMoment(quietHours, next, zone));

      for (;;) {
        yield next;
        yield* start();
        if (c.snapshot().matches('sms')) {
          // 短信回访: the customer replies, or the reply window passes (not reached).
          if (random.chance(0.35)) {
            yield c.after(policy.returnVisit.smsReplyWindowHours * HOUR + MINUTE);
            return;
          }
          yield c.after(random.between(0.2, 6) * HOUR);
          const satisfaction = random.weighted([['satisfied', 70], ['average', 20], ['dissatisfied', 10]] as const);
          c.send({ type: 'SMS.REPLY', satisfaction, ...(satisfaction === 'satisfied' ? {} : { text: '回复:不太满意' }) });
          yield c.after(sec(60, 600));
          if (satisfaction !== 'satisfied') {
            // A dissatisfied or average reply needs an aspect before the record is complete.
            if (random.chance(0.3)) c.send({ type: 'RECORD.SUBMIT' }, 'RV-RECORD');
            c.send({ type: 'RECORD.UPDATE', fields: { aspects: [random.pick(ASPECTS)[0]] } });
          }
          c.send({ type: 'RECORD.SUBMIT' });
          return;
        }

        // 电话回访
        const fate = random.weighted([['answer', 72], ['no-answer', 22], ['busy', 6]] as const);
        yield c.after(sec(10, 30));
        if (fate !== 'answer') {
          c.send({ type: fate === 'busy' ? 'CALL.BUSY' : 'CALL.NO_ANSWER' });
          if (done()) return; // not reached
          // Retry after the spacing, out of the customer's rest hours (members then get the SMS).
          const due = toEpoch(context().nextAttemptAt!);
          const early = Math.max(c.now() + MINUTE, due - random.int(10, 60) * MINUTE);
          if (random.chance(0.05) && early < due && !isQuietTime(quietHours, early, zone)) {
            // Redialled too soon: refused with the next attempt's time.
            yield early;
            c.send({ type: 'VISIT.START' }, 'RV-MEMBER-100');
          }
          next = due + random.int(0, 45) * MINUTE;
          continue;
        }
        c.send({ type: 'CALL.ANSWER' });
        yield c.after(sec(5, 15));
        if (random.chance(0.03)) {
          c.send({ type: 'IDENTITY.WRONG_PERSON' });
          return;
        }
        if (random.chance(0.03)) {
          c.send({ type: 'CUSTOMER.OPT_OUT' });
          return;
        }
        // 客户不便: another time, out of the customer's rest time and before the due time.
        const booked = toEpoch(nextAllowedMoment(quietHours, c.now() + random.int(2, 5) * HOUR, zone));
        if (!context().overdue && booked < toEpoch(context().dueAt) && random.chance(0.06)) {
          c.send({ type: 'CALLBACK.BOOK', callbackAt: toIso(booked) });
          next = booked;
          continue;
        }
        if (random.chance(0.03)) c.send({ type: 'SATISFACTION.ANSWER', satisfaction: 'satisfied' }, 'RV-SCRIPT');
        c.send({ type: 'IDENTITY.CONFIRM' });
        yield c.after(sec(10, 30));
        const satisfaction = random.weighted([['satisfied', 70], ['average', 20], ['dissatisfied', 10]] as const);
        c.send({ type: 'SATISFACTION.ANSWER', satisfaction });
        yield c.after(sec(20, 60));
        if (satisfaction === 'satisfied') {
          c.send({ type: 'SUGGESTION.RECORD', ...(random.chance(0.4) ? { suggestion: '希望增加预约时段' } : {}) });
        } else {
          c.send({ type: 'ASPECT.RECORD', aspects: [random.pick(ASPECTS)[0]] });
        }
        // RV-BRIEF: a few calls run past the limit (the agent is reminded).
        yield c.after(random.chance(0.04) ? sec(300, 420) : sec(10, 60));
        c.send({ type: 'CALL.END' });
        yield c.after(sec(60, 300));
        c.send({ type: 'RECORD.SUBMIT' });
        // 不满意: the visit opens a complaint (the machine's openComplaint action).
        const complaintMachine = ctx.machineOf('complaint');
        if (complained && complaintMachine) {
          const aspect = complained[0] ?? '服务态度';
          const kind = complaintKindOf(ASPECTS.find(([a]) => a === aspect)?.[1] ?? '服务态度');
          const form = {
            caseId: `C-${visitId}`,
            complainant: customer.name,
            contact: { phone: customer.phone },
            receivedAt: toIso(c.now()),
            channel: 'phone' as const,
            content: `回访时反映不满意:${complained.join('、')}(${item})`,
            desiredRemedy: kind.remedy,
            member: customer.member,
          };
          planComplaint({ ...ctx, machine: complaintMachine }, { caseId: form.caseId, arrival: c.now(), random: random.fork('complaint'), customer, kind, form: () => form });
        }
        return;
      }
    }

    c.run(arrival, script, () => {
      off();
      const snapshot = c.actor?.getSnapshot();
      if (!snapshot) return;
      const context = snapshot.context as ReturnVisitContext;
      record.escalations = context.escalations.length;
      if (!c.aborted) record.outcome = context.outcome ?? 'open';
      if (context.endedAt) record.closedAt = context.endedAt;
      records.sla.push({ process: 'return-visit', item: 'visit 回访', rule: 'RV-3DAY', met: !context.overdue });
      if (context.record) {
        const r = context.record;
        // The contact that reached the customer: the call's start, or the SMS's sending.
        const contactAt = r.method === 'sms' ? context.smsSentAt : context.attemptStartedAt;
        records.visits.push({
          process: 'return-visit',
          caseId: visitId,
          method: r.method,
          satisfaction: r.satisfaction,
          withinDays: !r.overdue,
          inQuietHours: contactAt !== undefined && isQuietTime(quietHours, contactAt, zone),
        });
        if (r.method === 'phone') records.sla.push({ process: 'return-visit', item: 'brief call 通话≤5分钟', rule: 'RV-BRIEF', met: !r.tooLong });
      }
      c.actor?.stop();
    });
  },
};
