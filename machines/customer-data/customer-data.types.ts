import type { Policy } from '../../src/policy/index.js';
import type { AbilityRule, AgentProfile, CustomerDataEvent } from './customer-data.schemas.js';

/** A record extracted on the day (资料收集) and, once classified, filed (资料整理). Ids only. */
export interface CollectedRecord {
  readonly recordId: string;
  readonly customerId: string;
  /** The agent who extracted it. */
  readonly collectedBy: string;
  readonly kind: 'new' | 'update';
  readonly collectedAt: string;
  /** Set when the supervisor files it. */
  readonly category?: string;
  readonly minLevel?: number;
  readonly filedAt?: string;
}

/** The day's update (每日更新): what was collected and filed that day. */
export interface DayUpdate {
  /** Local date in the department's zone. */
  readonly date: string;
  readonly openedAt: string;
  /** Records collected that day, by record id. */
  readonly records: Readonly<Record<string, CollectedRecord>>;
  /** When the agents' records went to the supervisor (递交客服主管). */
  readonly submittedAt?: string;
  /** When the update was closed: every record filed (DATA-DAILY). */
  readonly closedAt?: string;
}

/** A new customer filed and waiting to be assigned (资料处理). */
export interface PendingCustomer {
  readonly customerId: string;
  readonly category?: string;
  readonly minLevel?: number;
  readonly filedAt: string;
}

/** A newly assigned customer the agent must contact within the week (DATA-WEEK). */
export interface ContactDuty {
  readonly customerId: string;
  readonly agentId: string;
  readonly assignedAt: string;
  /** End of the last allowed day (local midnight), from `policy.data.newCustomerContactDays`. */
  readonly dueAt: string;
  readonly contactedAt?: string;
  readonly method?: 'phone' | 'sms' | 'visit' | 'email' | 'wechat';
  /** Contacted after the due time. */
  readonly late?: boolean;
  /** When the missed due time was escalated. */
  readonly escalatedAt?: string;
}

/** A working day flagged for its update (DATA-DAILY). */
export interface FlaggedDay {
  readonly date: string;
  /** `no-update`: no update that day at all; `not-closed-on-time`: opened but not closed by the day's end. */
  readonly reason: 'no-update' | 'not-closed-on-time';
  readonly at: string;
}

/** A missed DATA-WEEK due time. */
export interface ContactEscalation {
  readonly customerId: string;
  readonly agentId: string;
  readonly dueAt: string;
}

/** Context of the customer-data machine: JSON-safe, ids only (customers' names and phones stay in the host's CRM). */
export interface CustomerDataContext {
  readonly policy: Policy;
  readonly teamId: string;
  /** Time of the last event applied (or of the last deadline that passed). */
  readonly now: string;
  readonly agents: readonly AgentProfile[];
  readonly ability: AbilityRule;
  /** Who manages each category of files (分派专人管理各类资料). */
  readonly owners: Readonly<Record<string, string>>;
  /** How many customers each agent holds (负责客户数量). */
  readonly loads: Readonly<Record<string, number>>;
  /** The day being updated, or the last one. */
  readonly day?: DayUpdate;
  /** The last day whose update was closed. */
  readonly lastUpdate?: string;
  /** New customers filed and not yet assigned. */
  readonly pending: readonly PendingCustomer[];
  /** Newly assigned customers not yet contacted, or contacted since the last day opened, by customer id. */
  readonly contacts: Readonly<Record<string, ContactDuty>>;
  /** The due time the DATA-WEEK timer is set for (the earliest open one). */
  readonly nextContactCheck?: string;
  readonly escalations: readonly ContactEscalation[];
  readonly flaggedDays: readonly FlaggedDay[];
}

/** Internal event the machine raises to restart the DATA-WEEK timer; not accepted from outside. */
export type CustomerDataInternalEvent = { type: 'CONTACTS.SCHEDULE' };

/** Every event the machine handles: the public ones and the internal one. */
export type CustomerDataMachineEvent = CustomerDataEvent | CustomerDataInternalEvent;

/** Events the customer-data machine emits for hosts (`actor.on(...)`). Ids and states only. */
export type CustomerDataEmitted =
  | { type: 'customerData.dayOpened'; teamId: string; date: string }
  | { type: 'customerData.dayFlagged'; teamId: string; date: string; reason: FlaggedDay['reason'] }
  | { type: 'customerData.updateClosed'; teamId: string; date: string; records: number; newCustomers: number }
  | { type: 'customerData.assigned'; teamId: string; assignments: readonly { customerId: string; agentId: string; dueAt: string }[] }
  | { type: 'customerData.contactRecorded'; teamId: string; customerId: string; agentId: string; late: boolean }
  | { type: 'customerData.contactOverdue'; teamId: string; customerId: string; agentId: string; dueAt: string };

export type { CustomerDataEvent };
