/**
 * `kefu/machines/email` — email handling (邮件处理): MAIL-24H reply clock with pauses,
 * attachments recorded, replies checked for forbidden phrases.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
export { emailMachine, emailStateNames } from './email.machine.js';
export {
  AttachmentSchema,
  EmailSchema,
  EmailInputSchema,
  EmailEventSchema,
  attachmentMentionPattern,
  mentionsAttachment,
} from './email.schemas.js';
export type { Attachment, Email, EmailInput } from './email.schemas.js';
export type {
  EmailContext,
  EmailEvent,
  EmailEmitted,
  EmailOutput,
  EmailState,
  EmailAttachmentRecord,
  EmailMessageRecord,
  EmailEscalation,
  Mail24hStatus,
  ReplySlaRecord,
} from './email.types.js';
export * as emailChecks from './email.rules.js';
