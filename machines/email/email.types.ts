import type { Policy } from '../../src/policy/index.js';
import type { EscalationLevel, SlaClock } from '../../src/time/index.js';
import type { Attachment, EmailEvent } from './email.schemas.js';

/** The states of an email case. */
export type EmailState = 'received' | 'awaitingReply' | 'waitingOnCustomer' | 'replied' | 'closed';

/** Where MAIL-24H stands for the whole thread. */
export type Mail24hStatus = 'pending' | 'met' | 'breached';

/** An attachment recorded in the case: which message carried it, in which direction, when. */
export interface EmailAttachmentRecord extends Attachment {
  readonly messageId: string;
  /** `in`: from the customer; `out`: sent by the department. */
  readonly direction: 'in' | 'out';
  readonly at: string;
}

/** A message of the thread. */
export interface EmailMessageRecord {
  readonly messageId: string;
  readonly direction: 'in' | 'out';
  /** `mail`: the opening mail; `customer-reply`: a later mail of the customer; `reply`, `info-request`: ours. */
  readonly kind: 'mail' | 'customer-reply' | 'reply' | 'info-request';
  readonly text?: string;
  /** Names of the attachments it carried. */
  readonly attachments: readonly string[];
  readonly at: string;
}

/** The MAIL-24H outcome of one customer message that was answered. */
export interface ReplySlaRecord {
  /** The customer message that was answered. */
  readonly answers: string;
  /** Our reply that answered it. */
  readonly replyId: string;
  readonly startedAt: string;
  /** The due time, with paused time added back. */
  readonly dueAt: string;
  readonly repliedAt: string;
  /** Replied no later than the due time. */
  readonly met: boolean;
  /** Time counted on the clock, pauses excluded (working ms in business mode). */
  readonly elapsedMs: number;
  /** How late the reply was; `0` when met. */
  readonly overdueMs: number;
  /** Wall-clock ms spent waiting on the customer. */
  readonly pausedMs: number;
}

/** A reply that was not sent by its due time, escalated to the supervisor (MAIL-24H). */
export interface EmailEscalation {
  /** The customer message still waiting for a reply. */
  readonly messageId: string;
  readonly dueAt: string;
}

/** A threshold of `policy.email.warnings` that was reached while a reply was owed. */
export interface EmailWarning {
  /** The customer message waiting for a reply. */
  readonly messageId: string;
  /** Index of the threshold in `policy.email.warnings`. */
  readonly index: number;
  /** When the threshold was reached. */
  readonly at: string;
  /** The reply's due time then. */
  readonly dueAt: string;
  /** Who was told. */
  readonly notify: EscalationLevel;
  /** `'warning'` before the due time, `'escalation'` at or after it. */
  readonly kind: 'warning' | 'escalation';
}

/** Context of the email machine: JSON-safe, timestamps are ISO strings. */
export interface EmailContext {
  readonly policy: Policy;
  /** The opening mail (its attachments are in `attachments`). */
  readonly mail: {
    readonly mailId: string;
    readonly messageId: string;
    readonly from: string;
    readonly subject: string;
    readonly body?: string;
    readonly receivedAt: string;
    /** The customer's tier (会员等级) of `policy.email.tiers`, if any. */
    readonly tier?: string;
  };
  /** Time of the last event applied (the clock of the case). */
  readonly now: string;
  readonly agent?: string;
  readonly category?: string;
  /**
   * The MAIL-24H clock (an `SlaClock` of `kefu/time`, JSON) of the customer message waiting
   * for a reply; paused while we wait on the customer; absent when nothing is owed.
   */
  readonly sla?: SlaClock;
  /** The customer message the running clock belongs to. */
  readonly owedFor?: string;
  /** MAIL-24H for the whole thread: `breached` once any reply was late. */
  readonly mail24h: Mail24hStatus;
  /** Every message of the thread, oldest first. */
  readonly messages: readonly EmailMessageRecord[];
  /** Every attachment received or sent (附件管理), oldest first. */
  readonly attachments: readonly EmailAttachmentRecord[];
  /** MAIL-24H outcome of each answered customer message. */
  readonly slaRecords: readonly ReplySlaRecord[];
  /** Due times that passed without a reply. */
  readonly escalations: readonly EmailEscalation[];
  /** Thresholds of `policy.email.warnings` reached: warnings before a due time, escalation levels after it. */
  readonly warnings?: readonly EmailWarning[];
  readonly closedAt?: string;
  /** `replied`: closed after our reply; `no-response`: closed while waiting on the customer. */
  readonly closedAs?: 'replied' | 'no-response';
}

/** Events the email machine emits for hosts (`actor.on(...)`). Ids and times only, never personal data. */
export type EmailEmitted =
  | { type: 'email.replyDue'; mailId: string; messageId: string; dueAt: string }
  | { type: 'email.replyOverdue'; mailId: string; messageId: string; dueAt: string }
  | { type: 'email.replyDeadlineApproaching'; mailId: string; messageId: string; notify: EscalationLevel; dueAt: string; at: string }
  | { type: 'email.replyEscalated'; mailId: string; messageId: string; notify: EscalationLevel; dueAt: string; at: string }
  | { type: 'email.replied'; mailId: string; replyId: string; answers?: string; met?: boolean; at: string }
  | { type: 'email.closed'; mailId: string; closedAs: 'replied' | 'no-response'; mail24h: Mail24hStatus; at: string };

/** What a closed email case returns. */
export interface EmailOutput {
  readonly mailId: string;
  readonly closedAs: 'replied' | 'no-response';
  readonly mail24h: Mail24hStatus;
  readonly closedAt: string;
}

export type { EmailEvent };
