import { createActor } from 'xstate';
import { findDepartment } from '../../policy/index.js';
import { addWorkingHours, toEpoch, toIso, workingTimeBetween } from '../../time/index.js';
// Types only: the machines come from the catalogue (ctx.machine, ctx.machineOf), never imported here.
import type { CallContext, CallEvent, CallKind, OpenCaseParams } from '../../../machines/call/index.js';
import type { ComplaintForm } from '../../../machines/complaint/index.js';
import { DemoCase, HOUR, hostMachineFor, SECOND, type CaseScript } from './case.js';
import { pickComplaintKind, planComplaint, type ComplaintKind } from './complaint.scenario.js';
import type { CaseRecord, Scenario } from './types.js';

const AGENTS = ['客服小周', '客服小林', '客服小陈', '客服小马'];

/** What callers ask about, by kind (咨询、投诉、建议、订单、退换货). */
const KINDS: ReadonlyArray<readonly [CallKind, number]> = [
  ['inquiry', 45],
  ['complaint', 20],
  ['order', 13],
  ['return-exchange', 12],
  ['suggestion', 10],
];
const CONTENT: Record<Exclude<CallKind, 'complaint'>, readonly string[]> = {
  inquiry: ['询问保养周期', '咨询保修范围', '询问营业时间', '咨询配件价格', '询问维修进度'],
  order: ['预订配件,询问到货时间', '查询订单物流'],
  'return-exchange': ['新换配件不合适,要求退换', '要求更换配件型号'],
  suggestion: ['建议延长周末营业时间', '建议增加线上预约时段'],
};
/** Which department takes a matter (transfer target), by kind. */
const TARGET: Partial<Record<CallKind, string>> = { order: 'sales', 'return-exchange': 'parts' };
const OTHER_DEPARTMENTS = ['repair', 'parts', 'sales', 'finance'];
const PREFIX: Record<CallKind, string> = { inquiry: 'Q', complaint: 'C', order: 'O', 'return-exchange': 'R', suggestion: 'S' };

/**
 * Calls (接听电话): greeted with the script, recorded, classified; some transferred cold or warm
 * (answered, timing out after 15 s, declined), failing over back to the agent — who transfers
 * again or promises a callback — or to a callback task; some callers hang up while it rings or
 * during a transfer; complaints open complaint cases prefilled from the call (CALL-CLASSIFY).
 * Agents' mistakes the rules refuse: an unscripted greeting (CALL-GREET), a complaint handed
 * over without the remedy asked for (CALL-CLASSIFY), a forbidden phrase (CP-LANGUAGE).
 */
export const callScenario: Scenario = {
  id: 'call',
  title: { zh: '来电', en: 'calls' },
  machine: 'call',
  weight: 4,
  plan(ctx, { caseNo, arrival, random, customer }) {
    const { policy, records } = ctx;
    const day = ctx.date.replaceAll('-', '');
    const no = String(caseNo).padStart(4, '0');
    const callId = `CA-${day}-${no}`;
    const record: CaseRecord = { process: 'call', caseId: callId, customer, arrivedAt: toIso(arrival), outcome: 'open', escalations: 0 };
    records.cases.push(record);
    const c = new DemoCase<CallEvent>(ctx, record);
    const host = hostMachineFor(ctx.machine, 'call', ['openCase'], (p: OpenCaseParams) => p.callId);
    let opened: ComplaintForm | undefined;
    const off = host.on(callId, (_, params) => {
      const p = params as OpenCaseParams;
      if (p.kind === 'complaint') opened = p.form;
    });
    const sec = (min: number, max: number) => random.int(min, max) * SECOND;
    const context = () => c.snapshot().context as CallContext;
    const inState = (state: string) => c.snapshot().matches(state);

    function* script(): CaseScript {
      c.actor = createActor(host.machine, { input: { callId, at: toIso(c.now()), callerNumber: customer.phone, policy }, clock: ctx.clock }).start();

      // 振铃: a few callers hang up before anyone answers.
      if (random.chance(0.05)) {
        yield c.after(sec(20, 60));
        c.send({ type: 'CALL.HANGUP' });
        return;
      }
      yield c.after(sec(3, 25));
      const agent = random.pick(AGENTS);
      if (random.chance(0.04)) c.send({ type: 'CALL.ANSWER', agent, greeting: '喂,你好,什么事?' }, 'CALL-GREET');
      c.send({ type: 'CALL.ANSWER', agent });

      // 记录信息
      const kind = random.weighted(KINDS);
      const complaint: ComplaintKind | undefined = kind === 'complaint' ? pickComplaintKind(random) : undefined;
      yield c.after(sec(10, 40));
      c.send({ type: 'RECORD.UPDATE', fields: { content: complaint ? complaint.content : random.pick(CONTENT[kind as Exclude<CallKind, 'complaint'>]) } });
      yield c.after(sec(10, 40));
      c.send({ type: 'CALLER.IDENTIFY', name: customer.name, contact: { phone: customer.phone } });

      // 问题分类: every kind but an inquiry is handed to a case (a complaint with its form).
      yield c.after(sec(10, 60));
      const caseId = kind === 'inquiry' ? undefined : `${PREFIX[kind]}-${day}-${no}`;
      if (complaint) {
        if (random.chance(0.08)) c.send({ type: 'CALL.CLASSIFY', kind, caseId: caseId! }, 'CALL-CLASSIFY');
        c.send({ type: 'CALL.CLASSIFY', kind, caseId: caseId!, complaint: { desiredRemedy: complaint.remedy, member: customer.member } });
        const complaintMachine = ctx.machineOf('complaint');
        if (complaintMachine) {
          planComplaint({ ...ctx, machine: complaintMachine }, { caseId: caseId!, arrival: c.now(), receivedAt: arrival, random: random.fork('complaint'), customer, kind: complaint, form: () => opened });
        }
      } else {
        c.send({ type: 'CALL.CLASSIFY', kind, ...(caseId ? { caseId } : {}) });
      }

      // 处理
      if (random.chance(0.1)) {
        yield c.after(sec(5, 20));
        c.send({ type: 'CALL.HOLD' });
        yield c.after(sec(20, 90));
        c.send({ type: 'CALL.RESUME' });
      }
      const handler = complaint ? policy.departments.find((d) => d.handles === complaint.cause)?.id : TARGET[kind];
      const transfer =
        handler && handler !== context().department
          ? random.chance(complaint ? 0.6 : 0.8)
          : kind === 'inquiry' && random.chance(0.25);
      let target = handler && handler !== context().department ? handler : random.pick(OTHER_DEPARTMENTS);

      let promise = !transfer && kind === 'inquiry' && random.chance(0.15);
      if (!transfer && kind !== 'complaint') {
        yield c.after(sec(20, 120));
        if (random.chance(0.04)) c.send({ type: 'REPLY.GIVE', text: '这个不归我管,您去问别的部门吧。' }, 'CP-LANGUAGE');
        c.send({ type: 'REPLY.GIVE', text: promise ? '您好,这个问题需要核实,我们会尽快给您回电。' : '您好,已为您查询,具体情况是这样的……' });
      }
      for (let attempt = 1; transfer; attempt++) {
        // 转接业务: cold (blind) or warm (the caller holds while the agent briefs the department).
        const mode = random.chance(0.55) ? ('warm' as const) : ('cold' as const);
        const onFailure = random.chance(0.3) ? ('callback' as const) : ('return' as const);
        yield c.after(sec(5, 30));
        c.send({ type: 'CALL.TRANSFER', mode, department: target, onFailure, reason: '需相关部门处理' });
        const fate = random.weighted(
          attempt === 1
            ? ([['answered', 62], ['timeout', 20], ['declined', 14], ['hang-up', 4]] as const)
            : ([['answered', 85], ['timeout', 10], ['declined', 5]] as const),
        );
        if (fate === 'answered') {
          yield c.after(sec(3, 12));
          c.send({ type: 'TRANSFER.ANSWERED', agent: `${findDepartment(policy, target)?.zh ?? target}值班员` });
          if (mode === 'warm') {
            yield c.after(sec(15, 60));
            c.send({ type: 'TRANSFER.COMPLETE' });
          }
          break;
        }
        if (fate === 'hang-up') {
          yield c.after(sec(5, 14));
          c.send({ type: 'CALL.HANGUP' });
          return;
        }
        if (fate === 'declined') {
          yield c.after(sec(4, 12));
          c.send({ type: 'TRANSFER.DECLINED', reason: '当前无人可以接手' });
        } else {
          // Nobody answers: the transfer timer (policy.call.transferTimeoutSeconds) fires on the clock.
          yield c.after(policy.call.transferTimeoutSeconds * SECOND + sec(1, 5));
        }
        if (inState('wrapUp')) break; // failed over to a callback task owed by the department
        // Back with the agent: transfer again, or promise a callback (CALL-ETA).
        yield c.after(sec(3, 10));
        c.send({ type: 'REPLY.GIVE', text: '抱歉让您久等了,相关部门暂时无法接听。' });
        if (attempt === 1 && random.chance(0.55)) {
          target = random.pick(OTHER_DEPARTMENTS.filter((d) => d !== target));
          continue;
        }
        promise = true;
        break;
      }
      if (promise) {
        yield c.after(sec(10, 40));
        c.send({ type: 'CALL.ETA' });
      }

      // 话后处理
      if (!inState('wrapUp')) {
        yield c.after(sec(30, 180));
        c.send({ type: 'CALL.WRAP_UP' });
      }
      yield c.after(sec(30, 150));
      c.send({ type: 'WRAPUP.COMPLETE' });

      // 待回电: called back within the promised time, or late (escalated to the supervisor).
      const callback = context().callback;
      if (inState('callbackPending') && callback) {
        const hoursLeft = workingTimeBetween(policy.calendar, c.now(), callback.dueAt) / HOUR;
        yield random.chance(0.12)
          ? toEpoch(addWorkingHours(policy.calendar, callback.dueAt, random.between(0.3, 2)))
          : toEpoch(addWorkingHours(policy.calendar, c.now(), hoursLeft * random.between(0.1, 0.9)));
        c.send({ type: 'CALLBACK.DONE' });
      }
    }

    c.run(arrival, script, () => {
      off();
      const snapshot = c.actor?.getSnapshot();
      if (!snapshot) return;
      const context = snapshot.context as CallContext;
      record.escalations = context.escalations.length;
      if (!c.aborted) {
        record.outcome =
          snapshot.status !== 'done'
            ? 'open'
            : context.outcome === 'completed'
              ? context.transferCount > 0
                ? 'transferred'
                : 'completed'
              : (context.outcome ?? 'open');
      }
      if (context.endedAt) record.closedAt = context.endedAt;
      if (context.callback) {
        records.sla.push({ process: 'call', item: 'callback 回电', rule: 'CALL-ETA', met: context.escalations.length === 0 });
      }
      for (const t of context.transfers) {
        const outcome = t.outcome === 'caller-hung-up' ? 'hung-up' : (t.outcome ?? 'cancelled');
        const failed = outcome === 'timeout' || outcome === 'declined';
        records.transfers.push({
          process: 'call',
          caseId: callId,
          mode: t.mode,
          to: t.to,
          outcome,
          ...(failed ? { fallback: t.onFailure === 'callback' ? ('callback' as const) : ('agent' as const) } : {}),
        });
      }
      c.actor?.stop();
    });
  },
};
