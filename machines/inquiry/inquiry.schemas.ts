import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, ContactSchema, IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/** What is recorded of an inquiry (记录客户咨询内容,便于后续跟进); every field optional until known. */
export const InquiryRecordSchema = z.strictObject({
  /** Who asks (客户姓名), if known. */
  customer: z.optional(TextSchema),
  /** How to reach them (needed for a promised follow-up). */
  contact: z.optional(ContactSchema),
  /** What they ask (咨询内容). */
  content: z.optional(TextSchema),
  /** What it is about (a product, a service item), if known. */
  topic: z.optional(TextSchema),
});

/** What is recorded of an inquiry. */
export type InquiryRecord = z.output<typeof InquiryRecordSchema>;

/** Input of the inquiry machine. */
export const InquiryInputSchema = z.strictObject({
  /** Unique id of the inquiry in the host's system. */
  inquiryId: TextSchema,
  /** When the inquiry was received. */
  receivedAt: IsoDateTimeSchema,
  /** The channel it came by. */
  channel: ChannelSchema,
  /** What is known so far. */
  record: z.optional(InquiryRecordSchema),
  /** The department answering it, an id of `policy.departments`. @default the service department */
  department: z.optional(TextSchema),
  /** The call it came from, when it was taken on the phone (CALL-CLASSIFY). */
  sourceCallId: z.optional(TextSchema),
  /** The walk-in visit it came from, when it was taken at the counter (WALKIN). */
  sourceVisitId: z.optional(TextSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the inquiry is opened; defaults to `receivedAt`. */
  at: z.optional(IsoDateTimeSchema),
});

/** Input of the inquiry machine. */
export type InquiryInput = z.input<typeof InquiryInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the inquiry machine accepts, validated before it reaches the machine. */
export const InquiryEventSchema = z.discriminatedUnion('type', [
  /** Record (or correct) what the customer asks and who they are. */
  z.strictObject({ type: z.literal('INQUIRY.RECORD'), fields: InquiryRecordSchema, ...at }),
  /** Answer the customer (checked for forbidden phrases, CP-LANGUAGE). */
  z.strictObject({ type: z.literal('INQUIRY.ANSWER'), text: TextSchema, ...at }),
  /** The agent cannot answer: transfer to the responsible department (CALL-TRANSFER). */
  z.strictObject({ type: z.literal('INQUIRY.TRANSFER'), department: TextSchema, reason: z.optional(TextSchema), ...at }),
  /** The department takes the inquiry over. */
  z.strictObject({ type: z.literal('TRANSFER.ACCEPTED'), ...at }),
  /** The department will not take it: back to the agent, with the reason. */
  z.strictObject({ type: z.literal('TRANSFER.DECLINED'), reason: z.optional(TextSchema), ...at }),
  /** The answer needs longer: promise a follow-up (CALL-ETA); default due time from the policy. */
  z.strictObject({ type: z.literal('FOLLOWUP.PROMISE'), promisedBy: z.optional(IsoDateTimeSchema), ...at }),
  /** Close an answered inquiry. */
  z.strictObject({ type: z.literal('INQUIRY.CLOSE'), ...at }),
]);

/** An event of the inquiry machine. */
export type InquiryEvent = WithPrincipal<z.output<typeof InquiryEventSchema>>;
