import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, LocalDateSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/**
 * An agent (客服专员) as the supervisor sees them when assigning customers (DATA-ASSIGN):
 * an id, a skill level and the categories they are able to handle. No name: the host keeps that.
 */
export const AgentProfileSchema = z.strictObject({
  /** The agent's id in the host's system. */
  agentId: TextSchema,
  /** Skill level (业务能力), 1 = junior … 5 = senior. @default 1 */
  level: z.optional(z.int().check(z.gte(1), z.lte(5))),
  /** Customer categories the agent can handle; absent means every category. */
  categories: z.optional(z.array(TextSchema)),
});

/** An agent's profile. */
export type AgentProfile = z.output<typeof AgentProfileSchema>;

/** A customer waiting to be assigned to an agent (资料处理): ids and classification only. */
export const CustomerToAssignSchema = z.strictObject({
  customerId: TextSchema,
  /** The category the supervisor filed the customer under (资料整理). */
  category: z.optional(TextSchema),
  /** Lowest agent level allowed to hold this customer, e.g. 3 for a key customer (重点客户). */
  minLevel: z.optional(z.int().check(z.gte(1), z.lte(5))),
});

/** A customer waiting to be assigned. */
export type CustomerToAssign = z.output<typeof CustomerToAssignSchema>;

/** One customer given to one agent. */
export const AssignmentSchema = z.strictObject({ customerId: TextSchema, agentId: TextSchema });

/** One customer given to one agent. */
export type Assignment = z.output<typeof AssignmentSchema>;

/**
 * How agents' ability is honoured when assigning (DATA-ASSIGN 兼顾业务能力):
 * - `match` (default): a customer only goes to an agent whose level is at least the customer's
 *   `minLevel` and whose categories (if listed) include the customer's category;
 * - `ignore`: counts only.
 */
export const AbilityRuleSchema = z.enum(['match', 'ignore']);

/** How agents' ability is honoured when assigning. */
export type AbilityRule = z.output<typeof AbilityRuleSchema>;

/** How an agent reached a customer (DATA-WEEK 沟通). */
export const ContactMethodSchema = z.enum(['phone', 'sms', 'visit', 'email', 'wechat']);

/** Input of the customer-data machine. */
export const CustomerDataInputSchema = z.strictObject({
  /** The team (or department) whose customer files this actor keeps. */
  teamId: TextSchema,
  /** The agents the supervisor assigns customers to. */
  agents: z.array(AgentProfileSchema).check(z.minLength(1, 'at least one agent is needed')),
  /** Who manages each category of files (分派专人管理各类资料): category → agent id. */
  owners: z._default(z.record(TextSchema, TextSchema), {}),
  /** How many customers each agent already holds (负责客户数量), by agent id. @default {} */
  loads: z._default(z.record(TextSchema, z.int().check(z.nonnegative())), {}),
  /** How agents' ability is honoured. @default 'match' */
  ability: z._default(AbilityRuleSchema, 'match'),
  /** The last day whose update was done before this actor started; working days after it without an update are flagged. */
  lastUpdate: z.optional(LocalDateSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the actor starts (the clock of the process). */
  at: IsoDateTimeSchema,
});

/** Input of the customer-data machine. */
export type CustomerDataInput = z.input<typeof CustomerDataInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the customer-data machine accepts, validated before it reaches the machine. */
export const CustomerDataEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('AGENTS.SET'), agents: z.array(AgentProfileSchema).check(z.minLength(1)), ...at }),
  z.strictObject({
    type: z.literal('CATEGORY.OWNER_SET'),
    /** The category of files (资料类别). */
    category: TextSchema,
    /** The agent who manages it (专人管理). */
    agentId: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('DAY.OPEN'), /** The local date of the update. */ date: LocalDateSchema, ...at }),
  z.strictObject({
    type: z.literal('RECORD.COLLECT'),
    /** Id of the extracted record (客户信息档案). */
    recordId: TextSchema,
    customerId: TextSchema,
    /** The agent who extracted it (客服专员). */
    agentId: TextSchema,
    /** A customer new to the files, or an update of one already on file. */
    kind: z.enum(['new', 'update']),
    ...at,
  }),
  z.strictObject({ type: z.literal('COLLECTION.SUBMIT'), ...at }),
  z.strictObject({
    type: z.literal('RECORD.FILE'),
    recordId: TextSchema,
    /** The category the supervisor classifies the record under (分析分类). */
    category: TextSchema,
    /** Lowest agent level allowed to hold the customer (key customers). */
    minLevel: z.optional(z.int().check(z.gte(1), z.lte(5))),
    ...at,
  }),
  z.strictObject({ type: z.literal('UPDATE.CLOSE'), ...at }),
  z.strictObject({ type: z.literal('CUSTOMERS.ASSIGN'), ...at }),
  z.strictObject({ type: z.literal('ASSIGNMENT.SUBMIT'), assignments: z.array(AssignmentSchema).check(z.minLength(1)), ...at }),
  z.strictObject({
    type: z.literal('CONTACT.RECORD'),
    customerId: TextSchema,
    agentId: TextSchema,
    method: ContactMethodSchema,
    /** The detailed record of the conversation (详细备案); kept for the host, never emitted. */
    note: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('DEADLINES.CHECK'), ...at }),
]);

/** An event of the customer-data machine. */
export type CustomerDataEvent = WithPrincipal<z.output<typeof CustomerDataEventSchema>>;
