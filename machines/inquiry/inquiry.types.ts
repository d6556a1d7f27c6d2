import type { Policy } from '../../src/policy/index.js';
import type { Channel } from '../../src/schemas/index.js';
import type { PingPong, TransferAttempt } from '../call/transfer.js';
import type { InquiryEvent, InquiryRecord } from './inquiry.schemas.js';

/** Context of the inquiry machine: JSON-safe, timestamps are ISO strings. */
export interface InquiryContext {
  readonly policy: Policy;
  readonly inquiryId: string;
  readonly channel: Channel;
  readonly receivedAt: string;
  readonly sourceCallId?: string;
  /** The walk-in visit it came from (WALKIN). */
  readonly sourceVisitId?: string;
  /** Time of the last event applied. */
  readonly now: string;
  /** The department answering the inquiry now. */
  readonly department: string;
  /** What is recorded (记录客户咨询内容). */
  readonly record: InquiryRecord;
  /** Answers given, each checked for forbidden phrases (CP-LANGUAGE). */
  readonly answers: readonly { readonly text: string; readonly department: string; readonly at: string }[];
  /** The transfer under way, if any. */
  readonly transfer?: TransferAttempt;
  /** Finished transfer attempts, in order. */
  readonly transfers: readonly TransferAttempt[];
  /** Transfers that completed (the department took the inquiry over). */
  readonly transferCount: number;
  /** The last transfer that failed back to the agent, with the department's reason. */
  readonly lastTransferFailure?: { readonly department: string; readonly reason?: string; readonly at: string };
  /** Back-and-forth transfers flagged (policy.call.pingPongLimit). */
  readonly pingPongs: readonly (PingPong & { readonly transferId: string; readonly at: string })[];
  /** The promised follow-up (CALL-ETA). */
  readonly followUp?: { readonly promisedBy: string; readonly at: string };
  /** Promised follow-ups that passed unanswered and were escalated. */
  readonly escalations: readonly { readonly dueAt: string }[];
  readonly closedAt?: string;
}

/** Events the inquiry machine emits for hosts. Ids and states only, never personal data. */
export type InquiryEmitted =
  | { type: 'inquiry.answered'; inquiryId: string; department: string; at: string }
  | { type: 'inquiry.transferStarted'; inquiryId: string; transferId: string; from: string; to: string; at: string }
  | { type: 'inquiry.transferCompleted'; inquiryId: string; transferId: string; from: string; to: string; at: string }
  | { type: 'inquiry.transferDeclined'; inquiryId: string; transferId: string; to: string; at: string }
  | { type: 'inquiry.pingPongFlagged'; inquiryId: string; departments: readonly [string, string]; count: number; at: string }
  | { type: 'inquiry.followUpPromised'; inquiryId: string; dueAt: string }
  | { type: 'inquiry.followUpMissed'; inquiryId: string; dueAt: string }
  | { type: 'inquiry.closed'; inquiryId: string; at: string };

/** What a closed inquiry returns. */
export interface InquiryOutput {
  readonly inquiryId: string;
  /** The department that answered last. */
  readonly department: string;
  readonly answers: number;
  readonly transferCount: number;
  readonly closedAt: string;
}

export type { InquiryEvent };
