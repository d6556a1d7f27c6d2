/**
 * `kefu/machines/inquiry` — customer inquiries (客户咨询) on any channel.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
export { inquiryMachine, inquiryStepNames } from './inquiry.machine.js';
export { InquiryRecordSchema, InquiryInputSchema, InquiryEventSchema } from './inquiry.schemas.js';
export type { InquiryRecord, InquiryInput } from './inquiry.schemas.js';
export type { InquiryContext, InquiryEvent, InquiryEmitted, InquiryOutput } from './inquiry.types.js';
export * as inquiryChecks from './inquiry.rules.js';
