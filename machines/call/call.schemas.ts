import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ContactSchema, IsoDateTimeSchema, PhoneSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { TransferModeSchema } from './transfer.js';
import { ComplaintDetailsSchema, ContactKindSchema, type ComplaintDetails, type ContactKind } from '../shared/handoff.js';

/**
 * The call record (记录信息: 来电的时间、来电号码、客户姓名、联系方式、咨询内容), complete.
 * CALL-RECORD: wrap-up needs every field.
 */
export const CallRecordSchema = z.strictObject({
  /** When the call came in (来电时间). Set by the call itself. */
  time: IsoDateTimeSchema,
  /** The caller's number (来电号码), from caller ID or asked for. */
  number: PhoneSchema,
  /** The caller's name (客户姓名). */
  name: TextSchema,
  /** How to reach the caller (联系方式); may be the same number. */
  contact: ContactSchema,
  /** What the caller asks or reports (咨询内容). */
  content: TextSchema,
});

/** A complete call record. */
export type CallRecord = z.output<typeof CallRecordSchema>;

/** The call record as filled in so far: the time is always known, the rest comes during the call. */
export const CallRecordDraftSchema = z.required(z.partial(CallRecordSchema), { time: true });

/** A call record being filled in. */
export type CallRecordDraft = z.output<typeof CallRecordDraftSchema>;

/** Fields of the record the agent fills in (not the time). */
export const CallRecordFieldsSchema = z.partial(z.omit(CallRecordSchema, { time: true }));

/** What a contact is about (CALL-CLASSIFY: 对客户的问题进行分类); the same kinds as a walk-in visit's. */
export const CallKindSchema = ContactKindSchema;

/** What a contact is about. */
export type CallKind = ContactKind;

/** Language of the call's scripts. */
export const CallLanguageSchema = z.enum(['zh', 'en']);

/** What the complaint form (《顾客投诉登记表》) needs beyond the call record (shared with walk-in reception). */
export { ComplaintDetailsSchema };
export type { ComplaintDetails };

/** Input of the call machine: a call coming in. */
export const CallInputSchema = z.strictObject({
  /** Unique id of the call in the host's telephony (e.g. a Twilio CallSid, an Asterisk uniqueid). */
  callId: TextSchema,
  /** When the call came in (来电时间): the record's time and the clock of the call. */
  at: IsoDateTimeSchema,
  /** Caller ID, when the number is not withheld (来电号码). */
  callerNumber: z.optional(PhoneSchema),
  /** The department whose line the call reached, an id of `policy.departments`. @default the service department (客服部) */
  department: z.optional(TextSchema),
  /**
   * Whether a duty agent is on the duty line now (节假日值班, from the host's duty roster).
   * Outside working hours the call goes to the duty line when one is staffed, otherwise to voicemail.
   * @default false
   */
  dutyLineStaffed: z.optional(z.boolean()),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
});

/** Input of the call machine. */
export type CallInput = z.input<typeof CallInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the call machine accepts, validated before it reaches the machine. */
export const CallEventSchema = z.discriminatedUnion('type', [
  /**
   * The agent answers. The greeting script is said and recorded (CALL-GREET); `greeting` is the
   * text actually said when it differs from the script (it must keep the script's words).
   */
  z.strictObject({
    type: z.literal('CALL.ANSWER'),
    agent: TextSchema,
    language: z.optional(CallLanguageSchema),
    greeting: z.optional(TextSchema),
    ...at,
  }),
  /** The caller hangs up (or the line drops). */
  z.strictObject({ type: z.literal('CALL.HANGUP'), ...at }),
  /** Fill in or correct fields of the call record (记录信息). */
  z.strictObject({ type: z.literal('RECORD.UPDATE'), fields: CallRecordFieldsSchema, ...at }),
  /** The caller is identified (name, contact): on to classification. */
  z.strictObject({
    type: z.literal('CALLER.IDENTIFY'),
    name: z.optional(TextSchema),
    contact: z.optional(ContactSchema),
    number: z.optional(PhoneSchema),
    ...at,
  }),
  /**
   * Classify the contact (CALL-CLASSIFY) and hand it to its process: `caseId` is the id of the case
   * the host opens (needed for every kind but inquiry); a complaint also needs `complaint` details.
   */
  z.strictObject({
    type: z.literal('CALL.CLASSIFY'),
    kind: CallKindSchema,
    caseId: z.optional(TextSchema),
    complaint: z.optional(ComplaintDetailsSchema),
    ...at,
  }),
  /** What the agent tells the caller (an answer, an explanation), checked for forbidden phrases (CP-LANGUAGE). */
  z.strictObject({ type: z.literal('REPLY.GIVE'), text: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CALL.HOLD'), ...at }),
  z.strictObject({ type: z.literal('CALL.RESUME'), ...at }),
  /**
   * Transfer to a department of the directory (CALL-TRANSFER): `cold` (blind) or `warm` (consult).
   * `onFailure: 'callback'` turns a failed transfer into a callback task instead of returning the
   * caller to the agent.
   */
  z.strictObject({
    type: z.literal('CALL.TRANSFER'),
    mode: TransferModeSchema,
    department: TextSchema,
    reason: z.optional(TextSchema),
    onFailure: z.optional(z.enum(['return', 'callback'])),
    ...at,
  }),
  /** The target department answers (cold: the caller is put through; warm: the consultation starts). */
  z.strictObject({ type: z.literal('TRANSFER.ANSWERED'), agent: z.optional(TextSchema), ...at }),
  /** Warm transfer: the briefed department takes the caller. */
  z.strictObject({ type: z.literal('TRANSFER.COMPLETE'), ...at }),
  /** The target department declines (busy, not theirs). */
  z.strictObject({ type: z.literal('TRANSFER.DECLINED'), reason: z.optional(TextSchema), ...at }),
  /** The agent cancels the transfer and takes the caller back. */
  z.strictObject({ type: z.literal('TRANSFER.CANCEL'), ...at }),
  /**
   * Handling needs longer (CALL-ETA): the caller is told when to expect the answer; that time is
   * the callback deadline. Default: `policy.call.callbackWithinWorkingHours` working hours from now.
   */
  z.strictObject({ type: z.literal('CALL.ETA'), promisedBy: z.optional(IsoDateTimeSchema), ...at }),
  /** The agent closes the conversation and starts the after-call work (CALL-RECORD). */
  z.strictObject({ type: z.literal('CALL.WRAP_UP'), ...at }),
  /** The after-call work is done (CALL-RECORD, CALL-CLASSIFY). */
  z.strictObject({ type: z.literal('WRAPUP.COMPLETE'), ...at }),
  /** Outside working hours, the caller left a voicemail. */
  z.strictObject({ type: z.literal('VOICEMAIL.LEFT'), durationSeconds: z.optional(z.number().check(z.nonnegative())), ...at }),
  /** The promised callback was made. */
  z.strictObject({ type: z.literal('CALLBACK.DONE'), ...at }),
]);

/** An event of the call machine. */
export type CallEvent = WithPrincipal<z.output<typeof CallEventSchema>>;
