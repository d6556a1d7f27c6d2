import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, PhoneSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { TimeZoneSchema } from '../../src/time/index.js';
// One satisfaction scale for the whole library: the complaint follow-up uses the same one.
import { SatisfactionSchema } from '../complaint/complaint.schemas.js';
import { DoNotCallListSchema } from '../../src/dnc/index.js';

export { SatisfactionSchema };

/** A customer's answer to 您对××服务项目满意吗: 满意 / 一般 / 不满意. */
export type Satisfaction = z.output<typeof SatisfactionSchema>;

/**
 * Why the visit is made (回访内容): after a service, or a special visit in a special period
 * (节日、店庆日、促销活动期), or the periodic maintenance reminder (定期友情提醒客户做车保养).
 */
export const OccasionSchema = z.enum(['after-service', 'holiday', 'anniversary', 'promotion', 'maintenance-reminder']);

/** Why the visit is made. */
export type Occasion = z.output<typeof OccasionSchema>;

/** Occasions that need a date of their own (the holiday, the anniversary, the promotion). */
export const DATED_OCCASIONS: readonly Occasion[] = ['holiday', 'anniversary', 'promotion'];

/** How the customer is contacted (回访方式:电话沟通、短信业务). */
export const VisitMethodSchema = z.enum(['phone', 'sms']);

/** How the customer is contacted. */
export type VisitMethod = z.output<typeof VisitMethodSchema>;

/** How the script addresses the customer: ××先生 / ××小姐. */
export const SalutationSchema = z.enum(['mr', 'ms']);

/** The customer as the visit needs them. Personal data: stays in the visit, never in emitted events. */
export const VisitCustomerSchema = z.strictObject({
  /** The customer's id in the host's archive (客户档案). */
  id: TextSchema,
  /** The name the script uses, e.g. the surname 王 with `salutation: 'mr'` → 王先生. */
  name: TextSchema,
  /** 先生 or 小姐; without it the script says the name alone. */
  salutation: z.optional(SalutationSchema),
  /** The number to call or text. */
  phone: PhoneSchema,
  /** Member customer (会员客户): 100% of them are visited (RV-MEMBER-100). */
  member: z.boolean(),
  /** The customer's own IANA zone: quiet hours are read in it (RV-QUIET). */
  timeZone: TimeZoneSchema,
});

/** The customer as the visit needs them. */
export type VisitCustomer = z.output<typeof VisitCustomerSchema>;

/** The service the visit is about. */
export const VisitServiceSchema = z.strictObject({
  /** The service item (服务项目), as the script says it, e.g. 常规保养. */
  item: TextSchema,
  /** The item's English name for the English script; defaults to `item`. */
  itemEn: z.optional(TextSchema),
  /** When the service was completed: the 3-day clock starts here (RV-3DAY). */
  completedAt: IsoDateTimeSchema,
});

/** The service the visit is about. */
export type VisitService = z.output<typeof VisitServiceSchema>;

/** Input of the return-visit machine: one contact with one customer about one service. */
export const ReturnVisitInputSchema = z.strictObject({
  /** Unique id of the visit in the host's system. */
  visitId: TextSchema,
  /** The return-visit cycle the visit belongs to, when a cycle opened it; its end is reported there. */
  cycleId: z.optional(TextSchema),
  customer: VisitCustomerSchema,
  service: VisitServiceSchema,
  /** The agent (客服专员) who makes the visit. */
  agentId: TextSchema,
  /** Phone call or SMS. */
  method: VisitMethodSchema,
  /** Why the visit is made. @default 'after-service' */
  occasion: z._default(OccasionSchema, 'after-service'),
  /**
   * The occasion's date: required for holiday, anniversary and promotion visits; for a
   * maintenance reminder it defaults to the service + `policy.returnVisit.maintenanceReminderMonths`.
   * The visit may not start before it and is due `withinDays` after it (RV-OCCASION, RV-3DAY).
   */
  occasionDate: z.optional(IsoDateTimeSchema),
  /** The department's do-not-call list (免打扰名单, `kefu`'s `DoNotCallListSchema`); only this customer's entries are kept. @default [] */
  doNotCall: z.optional(DoNotCallListSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the visit is created (the visit's clock starts here). @default service.completedAt */
  at: z.optional(IsoDateTimeSchema),
}).check(
  z.superRefine((input, ctx) => {
    if (DATED_OCCASIONS.includes(input.occasion) && input.occasionDate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['occasionDate'], message: `a ${input.occasion} visit needs the occasion's date` });
    }
  }),
);

/** Input of the return-visit machine. */
export type ReturnVisitInput = z.input<typeof ReturnVisitInputSchema>;

/**
 * The visit record (《回访记录表》, "the carrier of the visit's information"): customer,
 * service item and date, method, satisfaction, suggestion or dissatisfied aspects, agent, time
 * (RV-RECORD), plus the call's length (RV-BRIEF) and whether the visit was late (RV-3DAY).
 */
export const VisitRecordSchema = z.strictObject({
  visitId: TextSchema,
  customerId: TextSchema,
  /** 客户 — the name as addressed. */
  customerName: TextSchema,
  member: z.boolean(),
  /** 服务项目. */
  serviceItem: TextSchema,
  /** 服务日期. */
  serviceCompletedAt: IsoDateTimeSchema,
  occasion: OccasionSchema,
  /** 回访方式. */
  method: VisitMethodSchema,
  /** 回访人. */
  agentId: TextSchema,
  /** 回访时间: when the customer was reached (call answered, SMS reply received). */
  visitedAt: IsoDateTimeSchema,
  /** 满意度. */
  satisfaction: SatisfactionSchema,
  /** 建议: asked when satisfied; `null` when the customer has none. */
  suggestion: z.optional(z.nullable(TextSchema)),
  /** 不满意方面: asked when dissatisfied or average; at least one. */
  aspects: z.optional(z.array(TextSchema)),
  /** Length of the call in seconds; `null` for an SMS visit (RV-BRIEF). */
  durationSeconds: z.nullable(z.number().check(z.nonnegative())),
  /** The call ran over `policy.returnVisit.maxMinutes` (RV-BRIEF). */
  tooLong: z.boolean(),
  /** Contact attempts made, this one included. */
  attempts: z.int().check(z.positive()),
  /** Made after the due time, once escalated (RV-3DAY). */
  overdue: z.boolean(),
  /** Free notes of the agent. */
  notes: z.optional(TextSchema),
}).check(
  z.superRefine((record, ctx) => {
    if (record.satisfaction === 'satisfied' && record.suggestion === undefined) {
      ctx.addIssue({ code: 'custom', path: ['suggestion'], message: 'a satisfied customer is asked for suggestions (null when none)' });
    }
    if (record.satisfaction !== 'satisfied' && (record.aspects?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['aspects'], message: 'a dissatisfied or average answer names at least one aspect' });
    }
  }),
);

/** A complete visit record. */
export type VisitRecord = z.output<typeof VisitRecordSchema>;

/** A visit record being filled in. */
export type VisitRecordDraft = Partial<VisitRecord>;

/** Fields of the record the agent may fill in or correct by hand. */
export const VisitRecordFieldsSchema = z.strictObject({
  satisfaction: z.optional(SatisfactionSchema),
  suggestion: z.optional(z.nullable(TextSchema)),
  aspects: z.optional(z.array(TextSchema)),
  notes: z.optional(TextSchema),
});

const at = { at: IsoDateTimeSchema };

/** Every event the return-visit machine accepts, validated before it reaches the machine. */
export const ReturnVisitEventSchema = z.discriminatedUnion('type', [
  /** Start a contact attempt: dial, or send the SMS (RV-QUIET, RV-3DAY, RV-OCCASION, retry spacing). */
  z.strictObject({ type: z.literal('VISIT.START'), ...at }),
  /** The visit is called off (e.g. the customer sold the car). */
  z.strictObject({ type: z.literal('VISIT.CANCEL'), reason: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CALL.ANSWER'), ...at }),
  z.strictObject({ type: z.literal('CALL.NO_ANSWER'), ...at }),
  /** The line is busy, or the customer cannot talk and books no time. */
  z.strictObject({ type: z.literal('CALL.BUSY'), ...at }),
  /** The call broke off. */
  z.strictObject({ type: z.literal('CALL.DROPPED'), ...at }),
  z.strictObject({ type: z.literal('IDENTITY.CONFIRM'), ...at }),
  z.strictObject({ type: z.literal('IDENTITY.WRONG_PERSON'), ...at }),
  /** The customer is busy and books a convenient time (RV-RESCHEDULE). */
  z.strictObject({ type: z.literal('CALLBACK.BOOK'), callbackAt: IsoDateTimeSchema, ...at }),
  z.strictObject({ type: z.literal('SATISFACTION.ANSWER'), satisfaction: SatisfactionSchema, ...at }),
  /** The answer to 您对我们的服务有什么建议吗; no `suggestion` when the customer has none. */
  z.strictObject({ type: z.literal('SUGGESTION.RECORD'), suggestion: z.optional(TextSchema), ...at }),
  /** The answer to 能否告诉我您对哪方面不满意; may be empty when the customer does not say. */
  z.strictObject({ type: z.literal('ASPECT.RECORD'), aspects: z.array(TextSchema), detail: z.optional(TextSchema), ...at }),
  /** The call ends after the closing words; `durationSeconds` from the telephony system if known. */
  z.strictObject({ type: z.literal('CALL.END'), durationSeconds: z.optional(z.number().check(z.nonnegative())), ...at }),
  /** The customer asks not to be called again (免打扰). */
  z.strictObject({ type: z.literal('CUSTOMER.OPT_OUT'), ...at }),
  /** The customer's SMS reply, parsed by the host (see `parseSmsReply`). */
  z.strictObject({ type: z.literal('SMS.REPLY'), satisfaction: SatisfactionSchema, text: z.optional(TextSchema), ...at }),
  z.strictObject({ type: z.literal('RECORD.UPDATE'), fields: VisitRecordFieldsSchema, ...at }),
  /** File the visit record (RV-RECORD). */
  z.strictObject({ type: z.literal('RECORD.SUBMIT'), ...at }),
]);

/** An event of the return-visit machine. */
export type ReturnVisitEvent = WithPrincipal<z.output<typeof ReturnVisitEventSchema>>;
