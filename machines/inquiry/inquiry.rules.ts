/**
 * The rule checks of the inquiry machine (客户咨询). The catalogue has no INQUIRY-* rules: the
 * inquiry steps are the channel rules — the content is recorded (CALL-RECORD's 咨询内容), an
 * unanswerable inquiry is transferred (CALL-TRANSFER), a longer answer gets a promised time
 * (CALL-ETA) — and every answer passes CP-LANGUAGE.
 */
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { missingFields } from '../../src/rules/process.js';
import { checkPromisedTime } from '../call/callback.js';
import { checkTransferTarget } from '../call/transfer.js';
import type { InquiryContext, InquiryEvent } from './inquiry.types.js';

type Args = { context: InquiryContext; event: InquiryEvent };
type Of<T extends InquiryEvent['type']> = Extract<InquiryEvent, { type: T }>;

/** CALL-RECORD (记录客户咨询内容): nothing is answered, transferred or promised before the content is recorded. */
export function checkContentRecorded({ context }: Args): Violation | undefined {
  return context.record.content ? undefined : missingFields('CALL-RECORD', ['content']);
}

/** CP-LANGUAGE: an answer holds no forbidden phrase. */
export function checkPoliteAnswer({ context, event }: Args): Violation | undefined {
  return event.type === 'INQUIRY.ANSWER'
    ? checkReplyLanguage(event.text, context.policy.language)
    : undefined;
}

/** CALL-TRANSFER: the target is a known department other than the one answering now. */
export function checkTransfer({ context, event }: Args): Violation | undefined {
  const e = event as Of<'INQUIRY.TRANSFER'>;
  return checkTransferTarget(context.policy, e.department, context.department);
}

/** CALL-ETA: a promised follow-up is later than now and within the policy's callback limit. */
export function checkFollowUpPromise({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FOLLOWUP.PROMISE'>;
  return checkPromisedTime(context.policy, e.at, e.promisedBy);
}

/** CALL-ETA: a follow-up is promised only to a customer who can be reached. */
export function checkReachable({ context }: Args): Violation | undefined {
  return context.record.contact ? undefined : missingFields('CALL-ETA', ['contact']);
}
