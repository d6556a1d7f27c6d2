import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, ContactSchema, IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { TimeZoneSchema } from '../../src/time/index.js';

/**
 * The complaint form (《顾客投诉登记表》), complete. ISO 10002 also asks for the remedy the
 * customer wants, so it is a field of its own.
 */
export const ComplaintFormSchema = z.strictObject({
  /** Unique id of the case in the host's system. */
  caseId: TextSchema,
  /** Who complains (投诉人). */
  complainant: TextSchema,
  /** How to reach them. */
  contact: ContactSchema,
  /** When the complaint was received (投诉时间). */
  receivedAt: IsoDateTimeSchema,
  /** The channel it came by. */
  channel: ChannelSchema,
  /** What the complaint is about (投诉内容). */
  content: TextSchema,
  /** The remedy the customer asks for (投诉要求). */
  desiredRemedy: TextSchema,
  /** Whether the customer is a member (会员客户). */
  member: z.boolean(),
  /** The service or product complained about, if known. */
  serviceItem: z.optional(TextSchema),
  /** The customer's IANA time zone, for their rest time at the follow-up call (RV-QUIET). @default the calendar's zone */
  timeZone: z.optional(TimeZoneSchema),
});

/** A complete complaint form. */
export type ComplaintForm = z.output<typeof ComplaintFormSchema>;

type FormShape = typeof ComplaintFormSchema.shape;

/**
 * The form's fields, each optional: the shape `z.partial(ComplaintFormSchema)` builds, built here
 * because zod's `partial`, `omit` and `required` bring its shape-cloning helpers into the root
 * bundle (about 0.6 KB min+gz of the 40,000-byte budget, docs/benchmarks.md "Under 40,000 bytes").
 * test/complaint.test.ts checks both schemas below against zod's `partial`/`omit`/`required`.
 */
const optionalFormFields = Object.fromEntries(
  Object.entries(ComplaintFormSchema.shape).map(([key, schema]) => [key, z.optional(schema)]),
) as { -readonly [K in keyof FormShape]: z.ZodMiniOptional<FormShape[K]> };

/** The optional fields of a form update: all but the case id. */
const { caseId: optionalCaseId, ...optionalUpdateFields } = optionalFormFields;

/**
 * A form being filled in (初步填写): every field optional but the case id; each field that is
 * present must be well-formed. (`z.required(z.partial(ComplaintFormSchema), { caseId: true })`.)
 */
export const ComplaintFormDraftSchema = z.strictObject({ ...optionalFormFields, caseId: z.nonoptional(optionalCaseId) });

/** A form being filled in. */
export type ComplaintFormDraft = z.output<typeof ComplaintFormDraftSchema>;

/** Input of the complaint machine. */
export const ComplaintInputSchema = z.strictObject({
  /** The form as far as it is filled in; at least the case id. */
  form: ComplaintFormDraftSchema,
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the case is opened; defaults to the form's `receivedAt`. */
  at: z.optional(IsoDateTimeSchema),
}).check(
  z.refine((i) => i.at !== undefined || i.form.receivedAt !== undefined, {
  message: 'either at or form.receivedAt is needed to start the case clock',
  path: ['at'],
}),
);

/** Input of the complaint machine. */
export type ComplaintInput = z.input<typeof ComplaintInputSchema>;

/** The kind of cause an investigation finds (CP-INVESTIGATE). */
export const CauseSchema = z.enum(['repair-quality', 'service', 'product', 'other']);

/**
 * Proof of the customer's own signature when staff record it (CP-SIGNOFF: never an agent's
 * signature): `in-person` — signed on paper in front of staff, `ref` the form's number;
 * `e-signature` — the e-signature service's id; `sms-code` — the confirmation code the customer
 * sent back, `ref` its id or the code.
 */
export const SignatureEvidenceSchema = z.strictObject({
  kind: z.enum(['in-person', 'e-signature', 'sms-code']),
  /** The reference to look the proof up by: form number, e-signature id, SMS confirmation id. */
  ref: TextSchema,
});

/** The supervisor's verdict on one proposal (CP-PROPOSE: 一一过目): `accept` keeps it in the running, `reject` needs a reason. */
export const ProposalVerdictSchema = z.enum(['accept', 'reject']);

/**
 * Whose measure an accountability record holds (CP-ACCOUNTABILITY: 对直接责任者和部门主管要按照有关规定进行处罚):
 * `direct` — the direct responsible person; `head` — the head of the responsible department.
 */
export const AccountabilityTargetSchema = z.enum(['direct', 'head']);

/** Customer satisfaction at a follow-up visit. */
export const SatisfactionSchema = z.enum(['satisfied', 'average', 'dissatisfied']);

const at = { at: IsoDateTimeSchema };

/** Every event the complaint machine accepts, validated before it reaches the machine. */
export const ComplaintEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('FORM.UPDATE'), fields: z.strictObject(optionalUpdateFields), ...at }),
  z.strictObject({ type: z.literal('COMPLAINT.REGISTER'), ...at }),
  z.strictObject({
    type: z.literal('ASSESS.VALID'),
    /** The department complained about (被投诉的责任部门), an id of the policy's directory. */
    department: TextSchema,
    /** Working days the customer is asked to allow for the investigation. */
    investigationDays: z.int().check(z.positive()),
    /** Whether the customer agreed to that period. */
    customerAgreed: z.boolean(),
    /** The apology given because the complaint is not solved on the spot (CP-TIMELINE). */
    apology: TextSchema,
    /** The time promised to the customer for a result (CP-TIMELINE). */
    promisedBy: IsoDateTimeSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('ASSESS.INVALID'), reason: TextSchema, ...at }),
  z.strictObject({ type: z.literal('EXPLANATION.GIVE'), text: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.ACKNOWLEDGE'), ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.DISPUTE'), reason: TextSchema, ...at }),
  z.strictObject({
    type: z.literal('INVESTIGATION.RECORD'),
    cause: CauseSchema,
    /** The specific cause found (具体原因). */
    detail: TextSchema,
    /** Who caused the complaint (责任人). */
    responsiblePerson: TextSchema,
    /** The department that handles it (repair-quality → the repair side; service → 服务专员/主管). */
    handler: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('PROPOSAL.ADD'), proposalId: TextSchema, description: TextSchema, department: TextSchema, ...at }),
  z.strictObject({ type: z.literal('PROPOSAL.SUBMIT'), ...at }),
  z.strictObject({
    type: z.literal('PROPOSAL.REVIEW'),
    /** The proposal the supervisor looked at (一一过目). */
    proposalId: TextSchema,
    /** The supervisor's verdict on it. */
    verdict: ProposalVerdictSchema,
    /** Why it is rejected; required with `reject` (CP-PROPOSE). */
    reason: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({
    type: z.literal('CUSTOMER.CHOOSE'),
    /** The accepted proposal the customer prefers (请顾客参与共同选择最佳解决途径). */
    proposalId: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('SUPERVISOR.APPROVE'), proposalId: TextSchema, supervisor: TextSchema, note: z.optional(TextSchema), ...at }),
  z.strictObject({ type: z.literal('SUPERVISOR.SEND_BACK'), reason: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.NOTIFY'), message: TextSchema, ...at }),
  z.strictObject({
    type: z.literal('CUSTOMER.ACCEPT'),
    /** The name the customer signed with (签字). */
    signedBy: TextSchema,
    /** Proof that the customer signed, required when staff record the signature (CP-SIGNOFF); the customer signing as themselves needs none. */
    evidence: z.optional(SignatureEvidenceSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('CUSTOMER.REJECT'), reason: TextSchema, ...at }),
  z.strictObject({
    type: z.literal('ACCOUNTABILITY.RECORD'),
    /** Whose measure it is: the direct responsible person (直接责任者) or the head of the responsible department (部门主管). */
    target: AccountabilityTargetSchema,
    /** The person: for `direct`, the responsible person the investigation named. */
    person: TextSchema,
    /** Their department, an id of the policy's directory. */
    department: TextSchema,
    /** The measure taken (处罚/处理措施); an empty or placeholder text (无, -, n/a) is refused under CP-ACCOUNTABILITY. */
    measure: z.string(),
    /** The provision it applies (按照有关规定), e.g. 《售后服务质量考核办法》第十二条; a placeholder is refused. */
    provision: z.string(),
    ...at,
  }),
  z.strictObject({ type: z.literal('FEEDBACK.RECORD'), text: TextSchema, ...at }),
  z.strictObject({ type: z.literal('IMPLEMENTATION.COMPLETE'), ...at }),
  z.strictObject({
    type: z.literal('FOLLOWUP.RECORD'),
    method: z.enum(['phone', 'sms', 'visit']),
    satisfaction: SatisfactionSchema,
    agent: TextSchema,
    notes: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('FOLLOWUP.COMPLETE'), ...at }),
  z.strictObject({
    type: z.literal('COMPLAINT.REOPEN'),
    /** Why the remedy did not win the customer back (挽回不满意顾客). */
    reason: TextSchema,
    ...at,
  }),
  z.strictObject({
    type: z.literal('REVIEW.FILE'),
    /** Category of the classification statistics (《顾客投诉分类统计表》). */
    category: TextSchema,
    /** Data analysis of the case. */
    analysis: TextSchema,
    /** Improvement measures (改进对策); at least one, none a placeholder (无, -, 待定: CP-REVIEW). */
    measures: z.array(TextSchema),
    supervisor: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('REPLY.SEND'), text: TextSchema, ...at }),
]);

/** An event of the complaint machine. */
export type ComplaintEvent = WithPrincipal<z.output<typeof ComplaintEventSchema>>;
