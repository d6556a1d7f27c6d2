import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import type { Policy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { EmailContextSchema, emailInvariants } from './email.invariants.js';
import { NO_DELAY, pauseSla, resumeSla, startSla, stopSla, thresholdTimes, toEpoch, toIso, type SlaClock, type ThresholdTime, delayUntil } from '../../src/time/index.js';
import { ValidationError } from '../../src/errors/validation-error.js';
import { EmailEventSchema, EmailInputSchema, type Attachment, type EmailInput } from './email.schemas.js';
import * as checks from './email.rules.js';
import type {
  EmailAttachmentRecord,
  EmailContext,
  EmailEmitted,
  EmailEscalation,
  EmailEvent,
  EmailMessageRecord,
  EmailOutput,
  EmailState,
  EmailWarning,
  Mail24hStatus,
  ReplySlaRecord,
} from './email.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { emailPermissions } from './email.permissions.js';
import { emailWorklist } from './email.worklist.js';

type Of<T extends EmailEvent['type']> = Extract<EmailEvent, { type: T }>;
type Ctx = { context: EmailContext; event: EmailEvent };

/** Chinese names of the states, as the documents say them. */
export const emailStateNames: Readonly<Record<EmailState, { zh: string; en: string }>> = {
  received: { zh: '收到邮件', en: 'received' },
  awaitingReply: { zh: '待回复', en: 'awaiting reply' },
  waitingOnCustomer: { zh: '等待客户回复', en: 'waiting on the customer' },
  replied: { zh: '已回复', en: 'replied' },
  closed: { zh: '已结案', en: 'closed' },
};


/** The documents' limit (最长不超过24小时): no clock a policy picks makes a reply due later. */
const MAIL_24H_MAX_HOURS = 24;

/**
 * A new MAIL-24H clock: the policy's hours, calendar or working hours of the calendar, and
 * never more than 24 elapsed hours (pauses added back): a business clock can make the reply
 * due earlier, never later.
 */
function startReplyClock(policy: Policy, at: string, tier: string | undefined): SlaClock {
  const hours = (tier === undefined ? undefined : policy.email.tiers?.[tier]?.replyWithinHours) ?? policy.email.replyWithinHours;
  return startSla(at, {
    hours,
    mode: policy.email.clock,
    calendar: policy.calendar,
    maxHours: MAIL_24H_MAX_HOURS,
  });
}

/** MAIL-24H for the whole thread: breached once any reply was late or escalated. */
function mail24hOf(records: readonly ReplySlaRecord[], escalations: readonly EmailEscalation[], owed: boolean): Mail24hStatus {
  if (escalations.length > 0 || records.some((r) => !r.met)) return 'breached';
  return owed ? 'pending' : 'met';
}

const recordsOf = (messageId: string, direction: 'in' | 'out', at: string, attachments: readonly Attachment[] = []): EmailAttachmentRecord[] =>
  attachments.map((a) => ({ ...a, messageId, direction, at }));

/**
 * The next threshold of `policy.email.warnings` not yet reached for the message owed a reply;
 * none while the clock is paused or nothing is owed.
 */
function nextThreshold(context: EmailContext): ThresholdTime | undefined {
  const { sla, owedFor, policy } = context;
  // `?? []`: a case stored before warnings existed has neither the field nor the policy's list.
  const warnings = policy.email.warnings ?? [];
  if (!sla || !owedFor || sla.pausedAt !== undefined || warnings.length === 0) return undefined;
  const reached = new Set((context.warnings ?? []).filter((w) => w.messageId === owedFor).map((w) => w.index));
  return thresholdTimes(sla, warnings, { calendar: policy.calendar }).find((t) => !reached.has(t.index));
}

/** Milliseconds from the case's clock to the next warning or escalation level. */
const untilNextThreshold = ({ context }: { context: EmailContext }) => {
  const next = nextThreshold(context);
  return next ? delayUntil(next.at, context.now) : NO_DELAY;
};

/** The last threshold reached, for the emitted event and the host's notification. */
const lastWarning = (context: EmailContext): EmailWarning => context.warnings![context.warnings!.length - 1]!;

/**
 * Each state that waits for a reply re-enters itself when a threshold is reached, so the next
 * threshold is scheduled in turn (XState schedules `after` on entry); the parent's reply clock
 * and its `replyDeadline` are not touched.
 */
const thresholdTransition = (self: 'received' | 'awaitingReply') => ({
  replyDeadlineApproaching: {
    guard: 'isThresholdReached' as const,
    target: self,
    reenter: true,
    actions: [
      'recordThreshold' as const,
      'announceThreshold' as const,
      {
        type: 'notifyDeadline' as const,
        params: ({ context }: { context: EmailContext }) => {
          const w = lastWarning(context);
          return { mailId: context.mail.mailId, messageId: w.messageId, notify: w.notify, kind: w.kind, dueAt: w.dueAt };
        },
      },
    ],
    description: '回复时限将至(或已过)时按级别提醒:客服、主管、部门主管 — a threshold of policy.email.warnings is reached: warn (before the due time) or escalate (after it) to the agent, the supervisor or the head of department (MAIL-24H)',
  },
});

/** Milliseconds from the case's clock to the reply's due time (0 when already past). */
const untilReplyDue = ({ context }: { context: EmailContext }) => delayUntil(context.sla?.dueAt, context.now);

/** The `sendEmail` of a reply or an information request: the message the event carries, to the customer. */
const sendEmailOf = (kind: 'reply' | 'info-request') => ({
  type: 'sendEmail' as const,
  params: ({ context, event }: Ctx) => {
    const e = event as Of<'REPLY.SEND' | 'INFO.REQUEST'>;
    return { mailId: context.mail.mailId, messageId: e.messageId, to: context.mail.from, kind, text: e.text, attachments: e.attachments ?? [] };
  },
});

/** Every REPLY.SEND, whatever the state: record the reply (stops its clock), send it, announce it. */
const replyActions = ['recordReply', sendEmailOf('reply'), 'announceReplied'] as const;

/**
 * The email machine (邮件处理): a customer mail is received, triaged and answered within 24
 * hours at most (MAIL-24H: 收到客户邮件后,应在第一时间回复,最长不超过24小时), its attachments
 * recorded (附件管理); the clock pauses while the department waits on the customer and resumes
 * on their reply; replies are checked for forbidden phrases (CP-LANGUAGE).
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: replace them with `.provide({ actions: { sendEmail, notifySupervisor } })`.
 */
export const emailMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as EmailContext,
    events: {} as EmailEvent,
    input: {} as EmailInput,
    output: {} as EmailOutput,
    emitted: {} as EmailEmitted,
  },
  guards: {
    isInTimeOrder: ruleGuard('MAIL-24H', checks.checkTimeOrder, { checks: 'event' }),
    isNothingOwed: ruleGuard('MAIL-24H', checks.checkNothingOwed),
    isTextPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteText, { checks: 'event' }),
    /** Not a rule: escalate each customer message once, even when its clock is re-entered. */
    /** Not a rule: a threshold of the policy's warnings is reached for the message owed a reply. */
    isThresholdReached: ({ context }) => nextThreshold(context) !== undefined,
    isEscalationDue: ({ context }) =>
      context.sla !== undefined && !context.escalations.some((e) => e.messageId === context.owedFor),
  },
  delays: {
    replyDeadline: untilReplyDue,
    replyDeadlineApproaching: untilNextThreshold,
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    sendEmail: (_: unknown, _params: { mailId: string; messageId: string; to: string; kind: 'reply' | 'info-request'; text: string; attachments: readonly Attachment[] }) => {},
    notifySupervisor: (_: unknown, _params: { mailId: string; reason: 'reply-overdue'; messageId: string; dueAt: string }) => {},
    /** A threshold of `policy.email.warnings` is reached: tell the agent, the supervisor or the head of department. */
    notifyDeadline: (_: unknown, _params: { mailId: string; messageId: string; notify: EmailWarning['notify']; kind: EmailWarning['kind']; dueAt: string }) => {},

    recordThreshold: assign(({ context }) => {
      const t = nextThreshold(context)!;
      const warning: EmailWarning = { messageId: context.owedFor!, index: t.index, at: t.at, dueAt: context.sla!.dueAt, notify: t.notify, kind: t.kind };
      return { warnings: [...(context.warnings ?? []), warning], now: toEpoch(t.at) > toEpoch(context.now) ? t.at : context.now };
    }),
    announceThreshold: emit(({ context }: Ctx) => {
      const w = lastWarning(context);
      const type = w.kind === 'warning' ? ('email.replyDeadlineApproaching' as const) : ('email.replyEscalated' as const);
      return { type, mailId: context.mail.mailId, messageId: w.messageId, notify: w.notify, dueAt: w.dueAt, at: w.at };
    }),

    recordTriage: assign(({ event }) => {
      const e = event as Of<'MAIL.TRIAGE'>;
      return { agent: e.agent, ...(e.category ? { category: e.category } : {}), now: e.at };
    }),
    recordCustomerMessage: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.REPLY'>;
      const message: EmailMessageRecord = {
        messageId: e.messageId,
        direction: 'in',
        kind: 'customer-reply',
        ...(e.text ? { text: e.text } : {}),
        attachments: (e.attachments ?? []).map((a) => a.name),
        at: e.at,
      };
      return {
        messages: [...context.messages, message],
        attachments: [...context.attachments, ...recordsOf(e.messageId, 'in', e.at, e.attachments)],
        now: e.at,
      };
    }),
    /** A customer mail after our reply owes a new reply: a new clock. */
    startClock: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.REPLY'>;
      return {
        sla: startReplyClock(context.policy, e.at, context.mail.tier),
        owedFor: e.messageId,
        mail24h: mail24hOf(context.slaRecords, context.escalations, true),
      };
    }),
    /** The customer answered our question: the clock runs again, the paused time added back. */
    resumeClock: assign(({ context, event }) => ({
      sla: context.sla ? resumeSla(context.sla, event.at, { calendar: context.policy.calendar }) : context.sla,
    })),
    recordInfoRequest: assign(({ context, event }) => {
      const e = event as Of<'INFO.REQUEST'>;
      return {
        sla: context.sla ? pauseSla(context.sla, e.at) : context.sla,
        messages: [...context.messages, { messageId: e.messageId, direction: 'out' as const, kind: 'info-request' as const, text: e.text, attachments: (e.attachments ?? []).map((a) => a.name), at: e.at }],
        attachments: [...context.attachments, ...recordsOf(e.messageId, 'out', e.at, e.attachments)],
        now: e.at,
      };
    }),
    recordReply: assign(({ context, event }) => {
      const e = event as Of<'REPLY.SEND'>;
      const base = {
        messages: [...context.messages, { messageId: e.messageId, direction: 'out' as const, kind: 'reply' as const, text: e.text, attachments: (e.attachments ?? []).map((a) => a.name), at: e.at }],
        attachments: [...context.attachments, ...recordsOf(e.messageId, 'out', e.at, e.attachments)],
        now: e.at,
      };
      if (!context.sla || !context.owedFor) return base;
      // Replying while waiting on the customer ends the pause first, so the due time takes the
      // pause in exactly as a resumed clock would, and `met` compares the reply with that time.
      const calendar = context.policy.calendar;
      const clock = context.sla.pausedAt !== undefined ? resumeSla(context.sla, e.at, { calendar }) : context.sla;
      const outcome = stopSla(clock, e.at, { calendar });
      const record: ReplySlaRecord = {
        answers: context.owedFor,
        replyId: e.messageId,
        startedAt: clock.startedAt,
        dueAt: clock.dueAt,
        repliedAt: toIso(e.at),
        met: outcome.met,
        elapsedMs: outcome.elapsedMs,
        overdueMs: outcome.overdueMs,
        pausedMs: clock.pausedMs,
      };
      const slaRecords = [...context.slaRecords, record];
      return { ...base, sla: undefined, owedFor: undefined, slaRecords, mail24h: mail24hOf(slaRecords, context.escalations, false) };
    }),
    recordEscalation: assign(({ context }) => {
      const dueAt = context.sla?.dueAt ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      const escalations = [...context.escalations, { messageId: context.owedFor ?? context.mail.messageId, dueAt }];
      return { now, escalations, mail24h: 'breached' as const };
    }),
    recordClosure: assign(({ context, event }) => {
      // Closed while waiting on the customer: the paused clock decides whether we were in time.
      const waited = context.sla?.pausedAt !== undefined ? stopSla(context.sla, event.at, { calendar: context.policy.calendar }) : undefined;
      const mail24h = waited && !waited.met ? ('breached' as const) : mail24hOf(context.slaRecords, context.escalations, false);
      return { closedAt: event.at, now: event.at, closedAs: waited ? ('no-response' as const) : ('replied' as const), mail24h };
    }),
    announceReplyDue: emit(({ context }: Ctx) => ({
      type: 'email.replyDue' as const,
      mailId: context.mail.mailId,
      messageId: context.owedFor ?? context.mail.messageId,
      dueAt: context.sla?.dueAt ?? context.now,
    })),
    announceReplyOverdue: emit(({ context }: Ctx) => ({
      type: 'email.replyOverdue' as const,
      mailId: context.mail.mailId,
      messageId: context.owedFor ?? context.mail.messageId,
      dueAt: context.sla?.dueAt ?? context.now,
    })),
    announceReplied: emit(({ context }: Ctx) => {
      const last = context.messages[context.messages.length - 1]!;
      const record = context.slaRecords[context.slaRecords.length - 1];
      const answered = record && record.replyId === last.messageId ? record : undefined;
      return {
        type: 'email.replied' as const,
        mailId: context.mail.mailId,
        replyId: last.messageId,
        ...(answered ? { answers: answered.answers, met: answered.met } : {}),
        at: last.at,
      };
    }),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'email.closed' as const,
      mailId: context.mail.mailId,
      closedAs: context.closedAs ?? 'replied',
      mail24h: context.mail24h,
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'email',
  description: '邮件处理:收到客户邮件后,应在第一时间回复,最长不超过24小时;附件须清晰、完整 — email handling: a reply within 24 hours at most, attachments recorded (MAIL-24H, CP-LANGUAGE)',
  context: ({ input }) => {
    const parsed = parseInput(EmailInputSchema, input, 'email input');
    const policy = parsed.policy ?? defaultPolicy;
    const { attachments = [], ...mail } = parsed.mail;
    if (mail.tier !== undefined && !(mail.tier in (policy.email.tiers ?? {}))) {
      const known = Object.keys(policy.email.tiers ?? {});
      throw new ValidationError('email input', [
        { path: 'mail.tier', message: `unknown tier "${mail.tier}"; policy.email.tiers has ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'none'}` },
      ]);
    }
    const receivedAt = mail.receivedAt;
    const now = parsed.at && toEpoch(parsed.at) > toEpoch(receivedAt) ? parsed.at : receivedAt;
    return {
      policy,
      mail,
      now,
      sla: startReplyClock(policy, receivedAt, mail.tier),
      owedFor: mail.messageId,
      mail24h: 'pending' as const,
      messages: [{ messageId: mail.messageId, direction: 'in' as const, kind: 'mail' as const, ...(mail.body ? { text: mail.body } : {}), attachments: attachments.map((a) => a.name), at: receivedAt }],
      attachments: recordsOf(mail.messageId, 'in', receivedAt, attachments),
      slaRecords: [],
      escalations: [],
      warnings: [],
    };
  },
  output: ({ context }) => ({
    mailId: context.mail.mailId,
    closedAs: context.closedAs ?? 'replied',
    mail24h: context.mail24h,
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'open',
  states: {
    open: {
      description: '待回复:收到客户邮件后,应在第一时间回复,最长不超过24小时 — a customer mail is owed a reply; its MAIL-24H clock runs (MAIL-24H)',
      meta: { zh: '待回复', rules: ['MAIL-24H', 'CP-LANGUAGE'] },
      entry: 'announceReplyDue',
      after: {
        replyDeadline: {
          guard: 'isEscalationDue',
          actions: [
            'recordEscalation',
            'announceReplyOverdue',
            {
              type: 'notifySupervisor',
              params: ({ context }) => ({
                mailId: context.mail.mailId,
                reason: 'reply-overdue' as const,
                messageId: context.owedFor ?? context.mail.messageId,
                dueAt: context.sla?.dueAt ?? context.now,
              }),
            },
          ],
          description: '超过24小时未回复,记为超时并上报主管 — no reply by the due time: record the breach and escalate to the supervisor (MAIL-24H)',
        },
      },
      initial: 'received',
      states: {
        received: {
          description: '收到客户邮件:记录邮件及附件,开始计时 — the mail and its attachments are recorded; the clock starts at receipt (MAIL-24H)',
          meta: { zh: '收到邮件', rules: ['MAIL-24H'] },
          after: thresholdTransition('received'),
          on: {
            'MAIL.TRIAGE': {
              guard: 'isInTimeOrder',
              target: 'awaitingReply',
              actions: 'recordTriage',
              description: '分类并分配客服 — classify and assign to an agent',
            },
          },
        },
        awaitingReply: {
          description: '待回复:已分配,等待客服答复 — assigned, waiting for the agent\'s reply (MAIL-24H)',
          meta: { zh: '待回复', rules: ['MAIL-24H'] },
          after: thresholdTransition('awaitingReply'),
        },
      },
      on: {
        'REPLY.SEND': {
          guard: and(['isInTimeOrder', 'isTextPolite']),
          target: 'replied',
          actions: replyActions,
          description: '回复客户(不得使用禁用语;提到附件须附上),停止计时并记录是否按时 — reply without forbidden phrases, carrying any attachment it mentions; stop the clock, record met or breached (MAIL-24H, CP-LANGUAGE)',
          meta: { rule: 'MAIL-24H' },
        },
        'INFO.REQUEST': {
          guard: and(['isInTimeOrder', 'isTextPolite']),
          target: 'waitingOnCustomer',
          actions: ['recordInfoRequest', sendEmailOf('info-request')],
          description: '请客户补充信息,暂停计时 — ask the customer for information; the clock pauses (MAIL-24H, CP-LANGUAGE)',
          meta: { rule: 'MAIL-24H' },
        },
        'CUSTOMER.REPLY': {
          guard: 'isInTimeOrder',
          actions: 'recordCustomerMessage',
          description: '客户追加邮件:记录,计时不变 — another mail of the customer before our reply: recorded, the clock keeps running',
        },
        'MAIL.CLOSE': {
          guard: 'isNothingOwed',
          target: 'closed',
          actions: 'recordClosure',
          description: '未回复的邮件不得结案 — a mail waiting for its reply cannot be closed (MAIL-24H)',
        },
      },
    },
    waitingOnCustomer: {
      description: '等待客户回复:计时暂停 — waiting on the customer; the MAIL-24H clock is paused (MAIL-24H)',
      meta: { zh: '等待客户回复', rules: ['MAIL-24H', 'CP-LANGUAGE'] },
      on: {
        'CUSTOMER.REPLY': {
          guard: 'isInTimeOrder',
          target: '#email.open.awaitingReply',
          actions: ['recordCustomerMessage', 'resumeClock'],
          description: '客户回复,恢复计时(暂停时间顺延) — the customer answers: the clock resumes, the paused time added to the due time (MAIL-24H)',
          meta: { rule: 'MAIL-24H' },
        },
        'REPLY.SEND': {
          guard: and(['isInTimeOrder', 'isTextPolite']),
          target: 'replied',
          actions: replyActions,
          description: '不待客户补充即答复 — answer without waiting any longer (MAIL-24H, CP-LANGUAGE)',
          meta: { rule: 'MAIL-24H' },
        },
        'MAIL.CLOSE': {
          guard: 'isInTimeOrder',
          target: 'closed',
          actions: 'recordClosure',
          description: '客户未再回复,结案 — the customer did not answer: close',
        },
      },
    },
    replied: {
      description: '已回复:计时停止,MAIL-24H 是否达标已记录 — answered; MAIL-24H met or breached is recorded',
      meta: { zh: '已回复', rules: ['MAIL-24H', 'CP-LANGUAGE'] },
      on: {
        'CUSTOMER.REPLY': {
          guard: 'isInTimeOrder',
          target: '#email.open.awaitingReply',
          actions: ['recordCustomerMessage', 'startClock'],
          description: '客户再次来信,重新计时24小时 — a new mail of the customer owes a new reply within 24 hours (MAIL-24H)',
          meta: { rule: 'MAIL-24H' },
        },
        'REPLY.SEND': {
          guard: and(['isInTimeOrder', 'isTextPolite']),
          actions: replyActions,
          description: '补充回复 — a further reply (CP-LANGUAGE)',
        },
        'MAIL.CLOSE': {
          guard: 'isInTimeOrder',
          target: 'closed',
          actions: 'recordClosure',
          description: '问题已解决,结案 — resolved: close',
        },
      },
    },
    closed: {
      type: 'final',
      description: '已结案 — closed',
      meta: { zh: '已结案' },
      entry: 'announceClosed',
    },
  },
}), emailPermissions), EmailEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: emailMachine.id,
  events: EmailEventSchema,
  input: EmailInputSchema,
  context: EmailContextSchema,
  invariants: emailInvariants,
  worklist: emailWorklist,
});
