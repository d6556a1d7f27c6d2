/**
 * The CALL-* rule checks of the call machine (and CP-LANGUAGE for what the caller is told).
 * Each is a pure function of the context and the event; the machine's guards are built from
 * them with `ruleGuard`, and `explain` runs the same functions to say why an event was refused.
 */
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { checkHandOff } from '../shared/handoff.js';
import { checkPromisedTime } from './callback.js';
import { CallRecordSchema } from './call.schemas.js';
import { checkGreeting } from './call.script.js';
import { checkTransferTarget } from './transfer.js';
import type { CallContext, CallEvent } from './call.types.js';

type Args = { context: CallContext; event: CallEvent };
type Of<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

/**
 * The fields of a call record that are missing or malformed (CALL-RECORD).
 *
 * @example
 * missingCallRecordFields({ time: '2026-12-01T10:00:00+08:00', number: '13800138000' }) //=> ['name', 'contact', 'content']
 */
export function missingCallRecordFields(record: unknown): string[] {
  const result = CallRecordSchema.safeParse(record);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '(record)')))];
}

/** CALL-GREET: a greeting said instead of the script keeps the script's words. */
export function checkAnswerGreeting({ event }: Args): Violation | undefined {
  const e = event as Of<'CALL.ANSWER'>;
  return checkGreeting(e.greeting, e.language ?? 'zh');
}

/** CALL-RECORD: the record holds time, number, name, contact and content; the refusal names what is missing. */
export function checkRecordComplete({ context }: Args): Violation | undefined {
  const missing = missingCallRecordFields(context.record);
  return missing.length ? missingFields('CALL-RECORD', missing) : undefined;
}

/**
 * CALL-CLASSIFY: a contact is classified once its content is recorded; every kind but an inquiry
 * is handed to a case and needs its id; a complaint needs a complete complaint form from the call.
 */
export function checkClassification({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALL.CLASSIFY'>;
  return checkHandOff('CALL-CLASSIFY', context, e, 'phone', { zh: '本次来电', en: 'this call' });
}

/** CALL-CLASSIFY: a call is not wrapped up before it is classified. */
export function checkClassified({ context }: Args): Violation | undefined {
  return context.classifications.length > 0
    ? undefined
    : violation('CALL-CLASSIFY', { reason: { zh: '来电尚未分类', en: 'the call has not been classified' } });
}

/** CALL-TRANSFER: the target is a department of the directory, not the one holding the call. */
export function checkTransfer({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALL.TRANSFER'>;
  return checkTransferTarget(context.policy, e.department, context.department);
}

/** CALL-ETA: the promised time is later than now and within the policy's callback limit. */
export function checkEta({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CALL.ETA'>;
  return checkPromisedTime(context.policy, e.at, e.promisedBy);
}

/** CP-LANGUAGE: what the agent tells the caller holds no forbidden phrase. */
export function checkPoliteReply({ context, event }: Args): Violation | undefined {
  return event.type === 'REPLY.GIVE'
    ? checkReplyLanguage(event.text, context.policy.language)
    : undefined;
}
