import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/**
 * An attachment (附件): file name, size in bytes and MIME type. An empty file is refused:
 * the documents ask that attachments be 清晰、完整 (clear and complete).
 */
export const AttachmentSchema = z.strictObject({
  /** File name, e.g. `发票.pdf`. */
  name: TextSchema,
  /** Size in bytes; an empty file is not a complete attachment. */
  size: z.number().check(
    z.int('size must be a whole number of bytes'),
    z.positive('an empty attachment is not complete (附件须清晰、完整)'),
  ),
  /** MIME type, e.g. `application/pdf`. */
  type: z.string().check(z.trim(), z.regex(/^[\w.+-]+\/[\w.+-]+$/, 'expected a MIME type, e.g. application/pdf')),
});

/** An attachment (附件). */
export type Attachment = z.output<typeof AttachmentSchema>;

/**
 * Words by which an outgoing text refers to an attachment (见附件, 附上, attached…). A reply or
 * request whose text matches must carry at least one attachment.
 */
export const attachmentMentionPattern = /附件|附上|附图|随信|attach/i;

/**
 * Whether a text refers to an attachment (附件管理: a reply that says “见附件” must carry one).
 *
 * @example
 * mentionsAttachment('详见附件中的发票') //=> true
 * mentionsAttachment('您好,已为您处理') //=> false
 */
export function mentionsAttachment(text: string): boolean {
  return attachmentMentionPattern.test(text);
}

/** The customer's email that opens the case. */
export const EmailSchema = z.strictObject({
  /** Id of the case (the thread) in the host's system. */
  mailId: TextSchema,
  /** Opaque id of this message in the host's system (it appears in emitted events: not an address). */
  messageId: TextSchema,
  /** Sender address. */
  from: z.email('expected an email address'),
  /** Subject line. */
  subject: TextSchema,
  /** Body text, if the host keeps it in the case. */
  body: z.optional(TextSchema),
  /** When the mail was received (收到客户邮件); the MAIL-24H clock starts here. */
  receivedAt: IsoDateTimeSchema,
  /** Attachments of the mail, recorded in the case (附件管理). */
  attachments: z.optional(z.array(AttachmentSchema)),
  /** The customer's tier (会员等级), one of `policy.email.tiers`, with its own reply target. */
  tier: z.optional(TextSchema),
});

/** The customer's email that opens the case. */
export type Email = z.output<typeof EmailSchema>;

/** Input of the email machine. */
export const EmailInputSchema = z.strictObject({
  /** The received email. */
  mail: EmailSchema,
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the case is opened in the host; defaults to the mail's `receivedAt`. Not before it. */
  at: z.optional(IsoDateTimeSchema),
});

/** Input of the email machine. */
export type EmailInput = z.input<typeof EmailInputSchema>;

const at = { at: IsoDateTimeSchema };

/** An outgoing message: a text, and the attachments it carries. */
const outgoing = {
  /** Id of the outgoing message. */
  messageId: TextSchema,
  /** The text sent to the customer (checked for forbidden phrases, CP-LANGUAGE). */
  text: TextSchema,
  /** Attachments sent with it; required when the text refers to one. */
  attachments: z.optional(z.array(AttachmentSchema)),
  ...at,
};

const carriesMentionedAttachment = (e: { text: string; attachments?: readonly unknown[] | undefined }) =>
  !mentionsAttachment(e.text) || (e.attachments?.length ?? 0) > 0;
const attachmentMissing = {
  message: 'the text refers to an attachment (附件) but none is attached',
  path: ['attachments'],
};

/** Every event the email machine accepts, validated before it reaches the machine. */
export const EmailEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('MAIL.TRIAGE'),
    /** The agent who takes the mail. */
    agent: TextSchema,
    /** The kind of matter (咨询, 投诉, 建议, 订单, 退换货…), free text of the host. */
    category: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('REPLY.SEND'), ...outgoing }).check(
    z.refine(carriesMentionedAttachment, attachmentMissing),
  ),
  z.strictObject({ type: z.literal('INFO.REQUEST'), ...outgoing }).check(
    z.refine(carriesMentionedAttachment, attachmentMissing),
  ),
  z.strictObject({
    type: z.literal('CUSTOMER.REPLY'),
    /** Id of the customer's message. */
    messageId: TextSchema,
    /** Its text, if the host keeps it in the case. */
    text: z.optional(TextSchema),
    /** Its attachments, recorded in the case. */
    attachments: z.optional(z.array(AttachmentSchema)),
    ...at,
  }),
  z.strictObject({ type: z.literal('MAIL.CLOSE'), ...at }),
]);

/** An event of the email machine. */
export type EmailEvent = WithPrincipal<z.output<typeof EmailEventSchema>>;
