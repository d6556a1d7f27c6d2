import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ContactSchema, IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { ComplaintDetailsSchema, ContactKindSchema } from '../shared/handoff.js';

/**
 * The record of a walk-in visit (现场接待记录), complete: when the customer came, who they are,
 * how to reach them, and what they came for. WALKIN: the visit closes only with every field.
 */
export const WalkInRecordSchema = z.strictObject({
  /** When the customer arrived. Set by the visit itself. */
  time: IsoDateTimeSchema,
  /** The customer's name (客户姓名). */
  name: TextSchema,
  /** How to reach the customer (联系方式). */
  contact: ContactSchema,
  /** What the customer came for (客户需求). */
  content: TextSchema,
});

/** A complete walk-in record. */
export type WalkInRecord = z.output<typeof WalkInRecordSchema>;

/** The record as filled in so far: the arrival time is always known, the rest comes during the visit. */
export const WalkInRecordDraftSchema = z.required(z.partial(WalkInRecordSchema), { time: true });

/** A walk-in record being filled in. */
export type WalkInRecordDraft = z.output<typeof WalkInRecordDraftSchema>;

/** Fields of the record the agent fills in (not the arrival time). */
export const WalkInRecordFieldsSchema = z.partial(z.omit(WalkInRecordSchema, { time: true }));

/** Language of the reception's scripts. */
export const WalkInLanguageSchema = z.enum(['zh', 'en']);

/** Input of the walk-in machine: a customer comes in. */
export const WalkInInputSchema = z.strictObject({
  /** Unique id of the visit in the host's system. */
  visitId: TextSchema,
  /** When the customer arrived (e.g. from the queue ticket): the record's time and the clock of the visit. */
  at: IsoDateTimeSchema,
  /** The department receiving the customer, an id of `policy.departments`. @default the service department (客服部) */
  department: z.optional(TextSchema),
  /** What is known at the door (a member's card, a queue ticket's note). */
  record: z.optional(WalkInRecordFieldsSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
});

/** Input of the walk-in machine. */
export type WalkInInput = z.input<typeof WalkInInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the walk-in machine accepts, validated before it reaches the machine. */
export const WalkInEventSchema = z.discriminatedUnion('type', [
  /**
   * The agent greets the customer and asks what they need (主动服务:主动询问客户需求). The script is
   * said and recorded; `greeting` is the text actually said when it differs (it must keep the
   * script's clauses).
   */
  z.strictObject({
    type: z.literal('VISIT.GREET'),
    agent: TextSchema,
    language: z.optional(WalkInLanguageSchema),
    greeting: z.optional(TextSchema),
    ...at,
  }),
  /** Fill in or correct the visit record (who, how to reach them, what they need). */
  z.strictObject({ type: z.literal('RECORD.UPDATE'), fields: WalkInRecordFieldsSchema, ...at }),
  /** What the agent tells the customer, checked for forbidden phrases (CP-LANGUAGE). */
  z.strictObject({ type: z.literal('REPLY.GIVE'), text: TextSchema, ...at }),
  /**
   * The matter is solved on the spot (根据客户问题,提供专业的解决方案): the solution told to the
   * customer, and whether they are satisfied (确保客户满意). An unsatisfied customer's matter is
   * not settled: hand it to its process (a complaint, most often).
   */
  z.strictObject({ type: z.literal('VISIT.SOLVE'), solution: TextSchema, satisfied: z.boolean(), ...at }),
  /**
   * Classify the matter and hand it to its process, as a call does (CALL-CLASSIFY): `caseId` is
   * the id of the case the host opens (every kind but an inquiry); a complaint also needs
   * `complaint` details.
   */
  z.strictObject({
    type: z.literal('VISIT.CLASSIFY'),
    kind: ContactKindSchema,
    caseId: z.optional(TextSchema),
    complaint: z.optional(ComplaintDetailsSchema),
    ...at,
  }),
  /** The customer is served: on to recording the visit. */
  z.strictObject({ type: z.literal('VISIT.FINISH'), ...at }),
  /** The visit record is complete: the visit is closed. */
  z.strictObject({ type: z.literal('VISIT.CLOSE'), ...at }),
  /** The customer left before anyone greeted them. */
  z.strictObject({ type: z.literal('VISIT.LEAVE'), ...at }),
]);

/** An event of the walk-in machine. */
export type WalkInEvent = WithPrincipal<z.output<typeof WalkInEventSchema>>;
