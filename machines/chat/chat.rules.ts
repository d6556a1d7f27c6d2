/**
 * The rule checks of the chat machine (CHAT-LIVE, CP-LANGUAGE, and CALL-TRANSFER for
 * transfers). Each is a pure function of the context and the event; the machine's guards are
 * built from them with `ruleGuard`, and `explain` runs the same functions to say why an event
 * was refused.
 */
import { findDepartment } from '../../src/policy/index.js';
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { toEpoch } from '../../src/time/index.js';
import type { ChatContext, ChatEvent } from './chat.types.js';

type Args = { context: ChatContext; event: ChatEvent };

/**
 * CHAT-LIVE: an event is not dated before the last one. A backdated answer would make a late
 * response look in time.
 */
export function checkTimeOrder({ context, event }: Args): Violation | undefined {
  return toEpoch(event.at) < toEpoch(context.now)
    ? violation('CHAT-LIVE', {
        reason: { zh: `事件时间 ${event.at} 早于上一事件 ${context.now}`, en: `the event at ${event.at} is dated before the last one (${context.now})` },
        details: { at: event.at, now: context.now },
      })
    : undefined;
}

/** CHAT-LIVE: the agent does not close a chat while the customer waits for an answer. */
export function checkNothingOwed({ context }: Args): Violation | undefined {
  const owed = context.owed;
  if (!owed) return undefined;
  return violation('CHAT-LIVE', {
    reason: { zh: `客户的消息尚未回复(最迟 ${owed.clock.dueAt})`, en: `the customer is waiting for an answer (due ${owed.clock.dueAt})` },
    details: { kind: owed.kind, since: owed.clock.startedAt, dueAt: owed.clock.dueAt },
  });
}

/** CP-LANGUAGE: a message to the customer holds no forbidden phrase. */
export function checkPoliteText({ context, event }: Args): Violation | undefined {
  return event.type === 'AGENT.MESSAGE'
    ? checkReplyLanguage(event.text, context.policy.language)
    : undefined;
}

/**
 * CALL-TRANSFER (as for calls): a chat goes only to a known department of the policy's
 * directory, or to another agent; never to the agent or department already serving it.
 */
export function checkTransferTarget({ context, event }: Args): Violation | undefined {
  if (event.type !== 'CHAT.TRANSFER') return undefined;
  if (event.department !== undefined && !findDepartment(context.policy, event.department)) {
    return violation('CALL-TRANSFER', {
      reason: { zh: `部门“${event.department}”不存在`, en: `unknown department "${event.department}"` },
      details: { department: event.department, known: context.policy.departments.map((d) => d.id) },
    });
  }
  if (event.agent !== undefined && event.agent === context.agent) {
    return violation('CALL-TRANSFER', {
      reason: { zh: '不能转接给当前客服本人', en: 'the chat is already with this agent' },
      details: { agent: event.agent },
    });
  }
  if (event.agent === undefined && event.department === context.department) {
    return violation('CALL-TRANSFER', {
      reason: { zh: `会话已在部门“${event.department}”,请指定客服`, en: `the chat is already with department "${event.department}": name an agent` },
      details: { department: event.department },
    });
  }
  return undefined;
}
