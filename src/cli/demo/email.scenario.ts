import { createActor } from 'xstate';
import { addCalendarDays, addWorkingHours, toEpoch, toIso } from '../../time/index.js';
// Types only: the machine comes from the catalogue (ctx.machine), never imported here.
import type { EmailContext, EmailEvent } from '../../../machines/email/index.js';
import { DemoCase, HOUR, type CaseScript } from './case.js';
import type { CaseRecord, Scenario } from './types.js';

const AGENTS = ['客服小周', '客服小林', '客服小陈', '客服小马'];
const SUBJECTS: ReadonlyArray<readonly [string, string]> = [
  ['发票', '保养发票抬头有误'],
  ['咨询', '询问保修期限'],
  ['预约', '预约下周保养'],
  ['投诉', '对上次维修结果不满意'],
  ['退换货', '配件型号不符,申请更换'],
];
const PHOTO = { name: '照片.jpg', size: 245_760, type: 'image/jpeg' };
const PDF = { name: '处理结果.pdf', size: 80_000, type: 'application/pdf' };

/**
 * Emails (邮件处理) against the 24-hour reply clock (MAIL-24H): triaged, answered within the
 * day or late (escalated at the due time, recorded as breached); some wait on the customer
 * (the agent asks for information, the clock pauses until the customer answers, or the case
 * closes without a response); some customers write again after the reply (a new clock).
 * Agents' mistakes caught: a forbidden phrase (CP-LANGUAGE), a reply saying “见附件” without
 * the attachment (refused as malformed, 附件管理).
 */
export const emailScenario: Scenario = {
  id: 'email',
  title: { zh: '邮件', en: 'emails' },
  machine: 'email',
  weight: 2,
  plan(ctx, { caseNo, arrival, random, customer }) {
    const { policy, records } = ctx;
    const { calendar } = policy;
    const no = String(caseNo).padStart(4, '0');
    const mailId = `M-${ctx.date.replaceAll('-', '')}-${no}`;
    const record: CaseRecord = { process: 'email', caseId: mailId, customer, arrivedAt: toIso(arrival), outcome: 'open', escalations: 0 };
    records.cases.push(record);
    const c = new DemoCase<EmailEvent>(ctx, record);
    const working = (min: number, max: number) => toEpoch(addWorkingHours(calendar, c.now(), random.between(min, max)));
    const [category, subject] = random.pick(SUBJECTS);
    let outgoing = 0;
    let incoming = 1;

    /** Our reply, sometimes after a mistake the rules catch. */
    const reply = () => {
      const messageId = `${mailId}:out-${++outgoing}`;
      if (random.chance(0.05)) c.send({ type: 'REPLY.SEND', messageId, text: '这个不可以处理,请您自己去门店。' }, 'CP-LANGUAGE');
      const withPdf = random.chance(0.3);
      if (withPdf && random.chance(0.15)) c.send({ type: 'REPLY.SEND', messageId, text: '您好,处理结果见附件。' }, 'invalid-event');
      c.send(withPdf ? { type: 'REPLY.SEND', messageId, text: '您好,处理结果见附件。', attachments: [PDF] } : { type: 'REPLY.SEND', messageId, text: `您好,关于“${subject}”,已为您处理完毕。` });
    };

    function* script(): CaseScript {
      c.actor = createActor(ctx.machine, {
        input: {
          mail: {
            mailId,
            messageId: `${mailId}:in-1`,
            // A made-up address: it never leaves the case (emitted events carry ids only).
            from: `customer-${no}@example.com`,
            subject,
            receivedAt: toIso(c.now()),
            ...(random.chance(0.3) ? { attachments: [PHOTO] } : {}),
          },
          policy,
        },
        clock: ctx.clock,
      }).start();

      yield working(0.05, 1);
      c.send({ type: 'MAIL.TRIAGE', agent: random.pick(AGENTS), category });

      const path = random.weighted([['reply', 66], ['late', 9], ['ask', 25]] as const);
      if (path === 'ask') {
        // 等待客户回复: the clock pauses while the customer is asked for information.
        yield working(0.3, 4);
        c.send({ type: 'INFO.REQUEST', messageId: `${mailId}:out-${++outgoing}`, text: '您好,请提供车架号和相关照片,以便我们核实。' });
        if (random.chance(0.2)) {
          // No answer: closed without a response after three days.
          yield toEpoch(addWorkingHours(calendar, addCalendarDays(c.now(), 3, calendar.timeZone), 0.5));
          c.send({ type: 'MAIL.CLOSE' });
          return;
        }
        yield c.after(random.between(1, 30) * HOUR);
        c.send({ type: 'CUSTOMER.REPLY', messageId: `${mailId}:in-${++incoming}`, attachments: [PHOTO] });
        yield working(0.2, 5);
      } else {
        yield path === 'late' ? working(8, 14) : working(0.2, 6);
      }
      reply();

      // Some customers write again: a new 24-hour clock.
      if (random.chance(0.15)) {
        yield c.after(random.between(2, 20) * HOUR);
        c.send({ type: 'CUSTOMER.REPLY', messageId: `${mailId}:in-${++incoming}`, text: '谢谢,还想再问一下' });
        yield working(0.2, 5);
        reply();
      }
      yield working(0.1, 2);
      c.send({ type: 'MAIL.CLOSE' });
    }

    c.run(arrival, script, () => {
      const snapshot = c.actor?.getSnapshot();
      if (!snapshot) return;
      const context = snapshot.context as EmailContext;
      record.escalations = context.escalations.length;
      if (!c.aborted) record.outcome = context.closedAs ?? 'open';
      if (context.closedAt) record.closedAt = context.closedAt;
      for (const r of context.slaRecords) records.sla.push({ process: 'email', item: 'reply 回复邮件', rule: 'MAIL-24H', met: r.met });
      // Closed waiting on the customer: met when the question went out in time.
      if (context.slaRecords.length === 0 && context.closedAs === 'no-response') {
        records.sla.push({ process: 'email', item: 'reply 回复邮件', rule: 'MAIL-24H', met: context.mail24h !== 'breached' });
      }
      c.actor?.stop();
    });
  },
};
