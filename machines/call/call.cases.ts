/**
 * From a call to the case it is handed to (CALL-CLASSIFY): pure functions that prefill the
 * complaint form, the suggestion record or the inquiry record from the call record. The
 * prefill itself is shared with walk-in reception (`machines/shared/handoff.ts`); these are its
 * phone-channel forms.
 */
import type { ComplaintFormDraft } from '../complaint/complaint.schemas.js';
import type { InquiryInput } from '../inquiry/inquiry.schemas.js';
import type { SuggestionInput } from '../suggestion/suggestion.schemas.js';
import { complaintFormFrom, contactOf, inquiryInputFrom, suggestionInputFrom } from '../shared/handoff.js';
import type { CallRecordDraft, ComplaintDetails } from './call.schemas.js';
import type { Contact } from '../../src/schemas/index.js';

/** The caller's contact: the one recorded, else the number they called from. */
export function contactFromCall(record: CallRecordDraft): Contact | undefined {
  return contactOf(record);
}

/**
 * The complaint form (《顾客投诉登记表》) prefilled from a call: complainant ← name, contact ←
 * contact (or the caller's number), receivedAt ← the call's time, channel `phone`, content ←
 * the call's content; the remedy asked for, membership and service item come from `details`.
 *
 * When the call record is complete (CALL-RECORD) and `details` gives `desiredRemedy` and
 * `member`, the result is a complete form: it passes `ComplaintFormSchema` and the complaint
 * machine accepts `COMPLAINT.REGISTER` on it. Otherwise it is a draft without the missing fields
 * (`missingFormFields` names them).
 *
 * @example
 * complaintFormFromCall(
 *   { time: '2026-12-01T10:00:00+08:00', number: '13800138000', name: '王先生', content: '保养后异响' },
 *   { caseId: 'C-1', desiredRemedy: '免费复检', member: true },
 * )
 * //=> { caseId: 'C-1', complainant: '王先生', contact: { phone: '13800138000' }, receivedAt: '2026-12-01T10:00:00+08:00',
 * //     channel: 'phone', content: '保养后异响', desiredRemedy: '免费复检', member: true }
 */
export function complaintFormFromCall(record: CallRecordDraft, details: { caseId: string } & ComplaintDetails): ComplaintFormDraft {
  return complaintFormFrom(record, details, 'phone');
}

/**
 * The input of a suggestion case (SUGGEST-LOOP) prefilled from a call. Add the host's `policy`
 * when it is not the default.
 *
 * @example
 * suggestionInputFromCall(record, { caseId: 'S-1', callId: 'CA-1' }).record //=> { customer: '王先生', contact: {...}, content: '...' }
 */
export function suggestionInputFromCall(record: CallRecordDraft, ids: { caseId: string; callId: string }): SuggestionInput {
  return suggestionInputFrom(record, ids.caseId, 'phone', { sourceCallId: ids.callId });
}

/**
 * The input of an inquiry (客户咨询) prefilled from a call, for hosts that track the inquiry
 * apart from the call (e.g. a promised follow-up answered by another department).
 */
export function inquiryInputFromCall(
  record: CallRecordDraft,
  ids: { inquiryId: string; callId: string; department?: string },
): InquiryInput {
  return inquiryInputFrom(record, ids.inquiryId, 'phone', { sourceCallId: ids.callId }, ids.department);
}
