/**
 * The rule checks of the email machine (MAIL-24H, CP-LANGUAGE). Each is a pure function of
 * the context and the event; the machine's guards are built from them with `ruleGuard`, and
 * `explain` runs the same functions to say why an event was refused.
 */
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { toEpoch } from '../../src/time/index.js';
import type { EmailContext, EmailEvent } from './email.types.js';

type Args = { context: EmailContext; event: EmailEvent };

/**
 * MAIL-24H: an event is not dated before the last one. A backdated reply would make a late
 * reply look on time.
 */
export function checkTimeOrder({ context, event }: Args): Violation | undefined {
  return toEpoch(event.at) < toEpoch(context.now)
    ? violation('MAIL-24H', {
        reason: { zh: `事件时间 ${event.at} 早于上一事件 ${context.now}`, en: `the event at ${event.at} is dated before the last one (${context.now})` },
        details: { at: event.at, now: context.now },
      })
    : undefined;
}

/** MAIL-24H: a case is not closed while a customer mail is waiting for its reply. */
export function checkNothingOwed({ context }: Args): Violation | undefined {
  if (!context.sla || context.sla.pausedAt !== undefined) return undefined;
  return violation('MAIL-24H', {
    reason: { zh: `客户邮件尚未回复(最迟 ${context.sla.dueAt})`, en: `the customer's mail has not been answered yet (due ${context.sla.dueAt})` },
    details: { owedFor: context.owedFor, dueAt: context.sla.dueAt },
  });
}

/** CP-LANGUAGE: a text sent to the customer holds no forbidden phrase. */
export function checkPoliteText({ context, event }: Args): Violation | undefined {
  return event.type === 'REPLY.SEND' || event.type === 'INFO.REQUEST'
    ? checkReplyLanguage(event.text, context.policy.language)
    : undefined;
}
