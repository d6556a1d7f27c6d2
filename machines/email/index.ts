/**
 * `kefu/machines/email` — email handling (邮件处理): MAIL-24H reply clock with pauses,
 * attachments recorded, replies checked for forbidden phrases.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkTimeOrder,
  checkNothingOwed,
  checkPoliteText,
} from './email.rules.js';
export { emailMachine, emailStateNames } from './email.machine.js';
export {
  AttachmentSchema,
  EmailSchema,
  EmailInputSchema,
  EmailEventSchema,
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
  EmailWarning,
  Mail24hStatus,
  ReplySlaRecord,
} from './email.types.js';
/**
 * The rule checks behind the email machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(emailMachine.implementations.guards.isNothingOwed)?.check` is
 * `emailChecks.checkNothingOwed`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 */
export const emailChecks = /* @__PURE__ */ Object.freeze({
  checkTimeOrder,
  checkNothingOwed,
  checkPoliteText,
});
