/**
 * The WALKIN checks of the walk-in machine (and CP-LANGUAGE for what the customer is told). Each
 * is a pure function of the context and the event; the machine's guards are built from them with
 * `ruleGuard`, and `explain` runs the same functions to say why an event was refused.
 */
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { checkHandOff } from '../shared/handoff.js';
import { WalkInRecordSchema } from './walk-in.schemas.js';
import { checkWalkInGreetingText } from './walk-in.script.js';
import type { WalkInContext, WalkInEvent } from './walk-in.types.js';

type Args = { context: WalkInContext; event: WalkInEvent };
type Of<T extends WalkInEvent['type']> = Extract<WalkInEvent, { type: T }>;

/**
 * The fields of a walk-in record that are missing or malformed (WALKIN).
 *
 * @example
 * missingWalkInRecordFields({ time: '2026-12-01T10:00:00+08:00', content: '咨询保养套餐' }) //=> ['name', 'contact']
 */
export function missingWalkInRecordFields(record: unknown): string[] {
  const result = WalkInRecordSchema.safeParse(record);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '(record)')))];
}

/** WALKIN (主动服务): the greeting keeps the script — a greeting and the question what the customer needs. */
export function checkGreeting({ event }: Args): Violation | undefined {
  const e = event as Of<'VISIT.GREET'>;
  return checkWalkInGreetingText(e.greeting, e.language ?? 'zh');
}

/** WALKIN (主动询问客户需求): the customer's need is recorded before it is solved. */
export function checkNeedRecorded({ context }: Args): Violation | undefined {
  return context.record.content ? undefined : missingFields('WALKIN', ['content']);
}

/**
 * WALKIN (或转入相应流程), as a call (CALL-CLASSIFY): the need is recorded; every kind but an inquiry
 * names the case it opens, once per visit; a complaint's form from the visit record is complete.
 */
export function checkHandOver({ context, event }: Args): Violation | undefined {
  const e = event as Of<'VISIT.CLASSIFY'>;
  return checkHandOff('WALKIN', context, e, 'visit', { zh: '本次接待', en: 'this visit' });
}

/**
 * WALKIN (问题解决,确保客户满意): the customer is served only once the matter is settled — solved
 * on the spot to their satisfaction, or handed to its process. An inquiry answered without a
 * case counts as solved only with a solution given.
 */
export function checkMatterSettled({ context }: Args): Violation | undefined {
  if (context.solutions.some((s) => s.satisfied) || context.classifications.some((c) => c.caseId !== undefined)) return undefined;
  const unsatisfied = context.solutions.length > 0;
  return violation('WALKIN', {
    reason: unsatisfied
      ? { zh: '客户对当场解决方案不满意,须转入相应流程(如投诉)', en: 'the customer is not satisfied with the solution: hand the matter to its process (a complaint, most often)' }
      : { zh: '问题尚未当场解决,也未转入相应流程', en: 'the matter is neither solved on the spot nor handed to its process' },
    details: { solutions: context.solutions.length, handedOver: 0 },
  });
}

/** WALKIN (记录接待): the visit closes only with a complete record: time, name, contact, need. */
export function checkRecordComplete({ context }: Args): Violation | undefined {
  const missing = missingWalkInRecordFields(context.record);
  return missing.length ? missingFields('WALKIN', missing) : undefined;
}

/** CP-LANGUAGE: what the agent tells the customer — a reply or a solution — holds no forbidden phrase. */
export function checkPoliteReply({ context, event }: Args): Violation | undefined {
  const text = event.type === 'REPLY.GIVE' ? event.text : event.type === 'VISIT.SOLVE' ? event.solution : undefined;
  return text === undefined ? undefined : checkReplyLanguage(text, context.policy.language);
}
