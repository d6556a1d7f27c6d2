import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { toEpoch } from '../../src/time/index.js';
import { DoNotCallListSchema } from '../../src/dnc/index.js';
import {
  OccasionSchema,
  SatisfactionSchema,
  VisitCustomerSchema,
  VisitMethodSchema,
  VisitServiceSchema,
} from '../return-visit/index.js';

/**
 * One row of the customer archive (客户档案): a customer and one service they had. A customer
 * with several services has several rows; the cycle keeps the latest that fits.
 */
export const ArchiveRowSchema = z.strictObject({
  customer: VisitCustomerSchema,
  service: VisitServiceSchema,
});

/** One row of the customer archive. */
export type ArchiveRow = z.output<typeof ArchiveRowSchema>;

/**
 * Which customers a cycle visits (从客户档案中提取需要统一回访的客户资料).
 *
 * `from`–`to` (end exclusive) is the service date range: customers with a service completed in
 * it. For `maintenance-reminder` it is the window the reminders fall due in: customers whose
 * last service + k × `maintenanceReminderMonths` (k ≥ 1) lands in it.
 */
export const SelectionCriteriaSchema = z.strictObject({
  occasion: OccasionSchema,
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  /** Only members (`true`), only non-members (`false`), or everyone (absent). */
  member: z.optional(z.boolean()),
  /** The holiday, anniversary or promotion date (RV-OCCASION). */
  occasionDate: z.optional(IsoDateTimeSchema),
  /** How the visits are made. @default 'phone' */
  method: z._default(VisitMethodSchema, 'phone'),
}).check(
  z.refine((c) => toEpoch(c.from) < toEpoch(c.to), { message: 'from must be before to', path: ['to'] }),
);

/** Which customers a cycle visits. */
export type SelectionCriteria = z.output<typeof SelectionCriteriaSchema>;

/** Input of the return-visit cycle machine. */
export const ReturnVisitCycleInputSchema = z.strictObject({
  /** Unique id of the cycle in the host's system. */
  cycleId: TextSchema,
  /** The do-not-call list (免打扰名单) the selection respects; opt-outs are added to it. @default [] */
  doNotCall: z.optional(DoNotCallListSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /**
   * How the visits run. `'actors'`: one `returnVisitMachine` actor per customer, spawned as a child
   * (a live cycle in one process). `'cases'`: each visit is a case of its own under `kefu/runtime`:
   * the cycle asks the host to open it (the `openVisit` effect) and learns how it ended from
   * `VISIT.OUTCOME` (see `cycleVisitCases`); a stored case keeps no child actors, so this is the
   * mode for the runtime. @default 'actors'
   */
  visitsAs: z.optional(z.enum(['actors', 'cases'])),
  /** When the cycle is opened. */
  at: IsoDateTimeSchema,
});

/** Input of the return-visit cycle machine. */
export type ReturnVisitCycleInput = z.input<typeof ReturnVisitCycleInputSchema>;

const at = { at: IsoDateTimeSchema };

/** How a visit run as a case of its own ended: the visit machine's output (ids and results, no name or phone). */
const VisitOutcomeSchema = z.strictObject({
  visitId: TextSchema,
  customerId: TextSchema,
  member: z.boolean(),
  agentId: TextSchema,
  occasion: OccasionSchema,
  method: VisitMethodSchema,
  outcome: z.enum(['recorded', 'unreached', 'wrong-person', 'opted-out', 'cancelled']),
  satisfaction: z.optional(SatisfactionSchema),
  aspects: z.optional(z.array(TextSchema)),
  suggestion: z.optional(z.nullable(TextSchema)),
  durationSeconds: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  tooLong: z.boolean(),
  overdue: z.boolean(),
  attempts: z.int().check(z.nonnegative()),
  dueAt: IsoDateTimeSchema,
  endedAt: IsoDateTimeSchema,
  doNotCallUntil: z.optional(IsoDateTimeSchema),
});

/** Every event the cycle accepts from the host, validated before it reaches the machine. */
export const ReturnVisitCycleEventSchema = z.discriminatedUnion('type', [
  /** 提取客户资料: the archive rows and the criteria; the cycle selects and compiles (RV-CYCLE, RV-OCCASION). */
  z.strictObject({ type: z.literal('CUSTOMERS.SELECT'), criteria: SelectionCriteriaSchema, archive: z.array(ArchiveRowSchema), ...at }),
  /** 分配到各客服专员: balanced by count; one visit actor per customer is spawned. */
  z.strictObject({
    type: z.literal('AGENTS.ASSIGN'),
    agentIds: z.array(TextSchema).check(
      z.minLength(1, 'at least one agent'),
      z.refine((ids) => new Set(ids).size === ids.length, 'agent ids must be unique'),
    ),
    ...at,
  }),
  /**
   * A new visit for a customer whose visit ended without a record (unreached, wrong number):
   * the archive row again (the cycle keeps no personal data after assignment), optionally
   * corrected, another agent or another method (RV-MEMBER-100).
   */
  z.strictObject({
    type: z.literal('VISIT.REISSUE'),
    customerId: TextSchema,
    row: ArchiveRowSchema,
    agentId: z.optional(TextSchema),
    method: z.optional(VisitMethodSchema),
    ...at,
  }),
  /**
   * 记录回访结果: a visit run as a case of its own (`visitsAs: 'cases'`) ended; its output, as the
   * visit case holds it. Sent by the system (`cycleVisitCases` delivers it from the visit's
   * `returnVisit.ended`), never typed in by an agent.
   */
  z.strictObject({ type: z.literal('VISIT.OUTCOME'), output: VisitOutcomeSchema, ...at }),
  /**
   * A visit run as a case of its own could not be opened (its id taken, its input refused): the
   * visit fails in the cycle, as a failed visit actor does, and may be reissued. Sent by the system
   * (`cycleVisitCases`), with the error's code as `reason`.
   */
  z.strictObject({ type: z.literal('VISIT.FAILED'), visitId: TextSchema, customerId: TextSchema, reason: TextSchema, ...at }),
  /** The supervisor ends the contact phase; visits still open are reported as open. */
  z.strictObject({ type: z.literal('CONTACT.CLOSE'), ...at }),
  /** 撰写《回访总结报告》: the analysis with the author and conclusions. */
  z.strictObject({ type: z.literal('REPORT.WRITE'), author: TextSchema, conclusions: z.optional(z.array(TextSchema)), ...at }),
  /** 资料归档 (RV-CYCLE, RV-MEMBER-100). */
  z.strictObject({ type: z.literal('CYCLE.ARCHIVE'), ...at }),
]);

/** An event the host sends to the cycle. */
export type ReturnVisitCycleEvent = WithPrincipal<z.output<typeof ReturnVisitCycleEventSchema>>;
