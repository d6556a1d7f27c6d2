/**
 * Classification and hand-off (对客户的问题进行分类, CALL-CLASSIFY), shared by every channel where
 * an agent meets the customer and hands the matter to its process: the phone call
 * (`machines/call`) and walk-in reception (`machines/walk-in`). Pure functions of the contact's
 * record: the kinds, the case each kind opens prefilled from the record, and the check that a
 * classification can be handed over.
 *
 * Internal to the machines: each machine's entry exports what its hosts need under its own names
 * (`complaintFormFromCall`, `CallKindSchema`, …), so this file can change without a major version.
 */
import * as z from 'zod/mini';
import { missingFormFields } from '../complaint/complaint.rules.js';
import { ComplaintFormSchema, type ComplaintForm, type ComplaintFormDraft } from '../complaint/complaint.schemas.js';
import type { InquiryInput } from '../inquiry/inquiry.schemas.js';
import type { SuggestionInput } from '../suggestion/suggestion.schemas.js';
import { type Bilingual, type RuleId, type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { TextSchema, type Channel, type Contact } from '../../src/schemas/index.js';

/** What a contact is about (CALL-CLASSIFY: 对客户的问题进行分类). */
export const ContactKindSchema = z.enum(['inquiry', 'complaint', 'suggestion', 'order', 'return-exchange']);

/** What a contact is about. */
export type ContactKind = z.output<typeof ContactKindSchema>;

/**
 * What the complaint form (《顾客投诉登记表》) needs beyond the contact's record: the remedy the
 * customer asks for, whether they are a member, and the service item if known.
 */
export const ComplaintDetailsSchema = z.strictObject({
  /** The remedy the customer asks for (投诉要求). */
  desiredRemedy: z.optional(TextSchema),
  /** Whether the customer is a member (会员客户). */
  member: z.optional(z.boolean()),
  /** The service or product complained about. */
  serviceItem: z.optional(TextSchema),
});

/** What the complaint form needs beyond the contact's record. */
export type ComplaintDetails = z.output<typeof ComplaintDetailsSchema>;

/**
 * The record an agent keeps of a contact, as far as it is filled in: when it began, who, how to
 * reach them, what about — and, on the phone, the number called from. The call record and the
 * walk-in visit record are both this shape.
 */
export interface ContactRecordDraft {
  readonly time: string;
  readonly number?: string;
  readonly name?: string;
  readonly contact?: Contact;
  readonly content?: string;
}

/** Where a handed-over case came from: the call or the walk-in visit that opened it. */
export type CaseSource = { readonly sourceCallId: string } | { readonly sourceVisitId: string };

/** A classification the contact asks for: its kind, the id of the case the host opens, complaint details. */
export interface Classification {
  readonly kind: ContactKind;
  readonly caseId?: string;
  readonly complaint?: ComplaintDetails;
}

/**
 * The case a classification hands the contact to: a complaint form ready for the complaint
 * machine, a suggestion or inquiry input ready for theirs, or the record itself for orders and
 * returns (whose cases need details the contact's record does not hold).
 */
export type HandOff<R extends ContactRecordDraft = ContactRecordDraft> =
  | { readonly kind: 'complaint'; readonly caseId: string; readonly form: ComplaintForm }
  | { readonly kind: 'suggestion'; readonly caseId: string; readonly input: SuggestionInput }
  | { readonly kind: 'inquiry'; readonly caseId: string; readonly input: InquiryInput }
  | { readonly kind: 'order' | 'return-exchange'; readonly caseId: string; readonly record: R };

/** Drop the keys whose value is `undefined` (keeps records JSON-clean and strict schemas happy). */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The customer's contact: the one recorded, else the number they called from. */
export function contactOf(record: ContactRecordDraft): Contact | undefined {
  return record.contact ?? (record.number ? { phone: record.number } : undefined);
}

/** The complaint form prefilled from a contact's record, on the channel it came by. */
export function complaintFormFrom(record: ContactRecordDraft, details: { caseId: string } & ComplaintDetails, channel: Channel): ComplaintFormDraft {
  return compact({
    caseId: details.caseId,
    complainant: record.name,
    contact: contactOf(record),
    receivedAt: record.time,
    channel,
    content: record.content,
    desiredRemedy: details.desiredRemedy,
    member: details.member,
    serviceItem: details.serviceItem,
  });
}

/** The input of a suggestion case (SUGGEST-LOOP) prefilled from a contact's record. */
export function suggestionInputFrom(record: ContactRecordDraft, caseId: string, channel: Channel, source: CaseSource): SuggestionInput {
  return {
    caseId,
    receivedAt: record.time,
    channel,
    record: compact({ customer: record.name, contact: contactOf(record), content: record.content }),
    ...source,
  };
}

/** The input of an inquiry (客户咨询) prefilled from a contact's record. */
export function inquiryInputFrom(record: ContactRecordDraft, inquiryId: string, channel: Channel, source: CaseSource, department?: string): InquiryInput {
  return compact({
    inquiryId,
    receivedAt: record.time,
    channel,
    record: compact({ customer: record.name, contact: contactOf(record), content: record.content }),
    department,
    ...source,
  });
}

/**
 * The case a classification opens, prefilled from the contact's record; `undefined` for an
 * inquiry answered on the spot (no `caseId`). Call it only once {@link checkHandOff} passed: a
 * complaint's form is then complete.
 */
export function handOff<R extends ContactRecordDraft>(
  record: R,
  classification: Classification,
  options: { readonly channel: Channel; readonly source: CaseSource; readonly department?: string },
): HandOff<R> | undefined {
  const { kind, caseId } = classification;
  if (!caseId) return undefined;
  switch (kind) {
    case 'complaint': {
      const form = ComplaintFormSchema.parse(complaintFormFrom(record, { caseId, ...classification.complaint }, options.channel));
      return { kind, caseId, form };
    }
    case 'suggestion':
      return { kind, caseId, input: suggestionInputFrom(record, caseId, options.channel, options.source) };
    case 'inquiry':
      return { kind, caseId, input: inquiryInputFrom(record, caseId, options.channel, options.source, options.department) };
    case 'order':
    case 'return-exchange':
      return { kind, caseId, record };
  }
}

/**
 * A classification can be handed over (CALL-CLASSIFY, and the rule of the channel asking): the
 * content is recorded; every kind but an inquiry names the case it opens, once per contact; a
 * complaint's form prefilled from the record is complete (《顾客投诉登记表》). The refusal names
 * `rule` and, for a reused case id, the contact (`this`: 本次来电 / this call).
 *
 * @example
 * checkHandOff('WALKIN', { record: { time }, classifications: [] }, { kind: 'inquiry' }, 'visit', { zh: '本次接待', en: 'this visit' })?.details
 * //=> { missing: ['content'] }
 */
export function checkHandOff(
  rule: RuleId,
  contact: { readonly record: ContactRecordDraft; readonly classifications: readonly { readonly caseId?: string }[] },
  classification: Classification,
  channel: Channel,
  self: Bilingual,
): Violation | undefined {
  const { record } = contact;
  if (!record.content) return missingFields(rule, ['content']);
  const { kind, caseId } = classification;
  if (kind !== 'inquiry' && !caseId) return missingFields(rule, ['caseId']);
  if (caseId && contact.classifications.some((c) => c.caseId === caseId)) {
    return violation(rule, {
      reason: { zh: `案件 ${caseId} 已由${self.zh}开立`, en: `case ${caseId} was already opened by ${self.en}` },
      details: { caseId },
    });
  }
  if (kind === 'complaint') {
    const missing = missingFormFields(complaintFormFrom(record, { caseId: caseId!, ...classification.complaint }, channel));
    if (missing.length) {
      return violation(rule, {
        reason: {
          zh: `《顾客投诉登记表》不完整:缺少 ${missing.join('、')}`,
          en: `the complaint form is incomplete: missing ${missing.join(', ')}`,
        },
        details: { missing },
      });
    }
  }
  return undefined;
}
