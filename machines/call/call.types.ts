import type { Policy } from '../../src/policy/index.js';
import type { HandOff } from '../shared/handoff.js';
import type { CallEvent, CallKind, CallRecordDraft } from './call.schemas.js';
import type { ScriptLanguage } from './call.script.js';
import type { PingPong, TransferAttempt, TransferFailureReason, TransferMode } from './transfer.js';

/** Why a callback is owed. */
export type CallbackReason = 'eta' | 'transfer-failed' | 'voicemail';

/** Where the caller was when they hung up before being served. */
export type AbandonedDuring = 'ringing' | 'hold' | 'transfer' | 'voicemail';

/** How a call ended. */
export type CallOutcome = 'completed' | 'called-back' | 'abandoned';

/** Context of the call machine: JSON-safe, timestamps are ISO strings. */
export interface CallContext {
  readonly policy: Policy;
  readonly callId: string;
  /** Time of the last event applied (the clock of the call). */
  readonly now: string;
  /** `main`: in working hours; `duty`: the duty line outside them. */
  readonly line: 'main' | 'duty';
  /** Whether a duty agent was on the duty line when the call came in (from the input). */
  readonly dutyLineStaffed: boolean;
  /** The department holding the call now (changes with each completed transfer). */
  readonly department: string;
  /** The agent holding the call now. */
  readonly agent?: string;
  /** The call record (CALL-RECORD). */
  readonly record: CallRecordDraft;
  /** The greeting said on answering (CALL-GREET). */
  readonly greeting?: { readonly language: ScriptLanguage; readonly text: string; readonly scripted: boolean; readonly at: string };
  readonly answeredAt?: string;
  /** Classifications of the contact, in order (CALL-CLASSIFY); each kind but inquiry opened a case. */
  readonly classifications: readonly { readonly kind: CallKind; readonly caseId?: string; readonly at: string }[];
  /** What the agent told the caller, each checked for forbidden phrases (CP-LANGUAGE): the latest `policy.limits.recentReplies` of them (every reply stays in the case's history). */
  readonly replies: readonly { readonly text: string; readonly at: string }[];
  /** Replies sent in all; absent in cases stored before it was kept. */
  readonly replyCount?: number;
  /** Holds, including the hold of a warm transfer's consultation. */
  readonly holds: readonly { readonly reason: 'hold' | 'consult'; readonly at: string; readonly resumedAt?: string }[];
  /** The transfer under way, if any. */
  readonly transfer?: TransferAttempt;
  /** Finished transfer attempts, in order. */
  readonly transfers: readonly TransferAttempt[];
  /** Completed transfers (CALL-TRANSFER: transfers are counted). */
  readonly transferCount: number;
  /** The last transfer that failed back to the agent, with the reason. */
  readonly lastTransferFailure?: {
    readonly transferId: string;
    readonly department: string;
    readonly mode: TransferMode;
    readonly reason: TransferFailureReason;
    /** Where the caller went: back to the agent, or a callback task. */
    readonly fallback: 'agent' | 'callback';
    readonly detail?: string;
    readonly at: string;
  };
  /** Back-and-forth transfers flagged (policy.call.pingPongLimit). */
  readonly pingPongs: readonly (PingPong & { readonly transferId: string; readonly at: string })[];
  /** The time promised to the caller (CALL-ETA). */
  readonly promise?: { readonly promisedBy: string; readonly at: string };
  /** A callback owed to the caller, with its deadline. */
  readonly callback?: { readonly reason: CallbackReason; readonly department: string; readonly dueAt: string; readonly at: string };
  /** Callback deadlines that passed and were escalated. */
  readonly escalations: readonly { readonly kind: 'callback-missed'; readonly dueAt: string }[];
  readonly voicemail?: { readonly at: string; readonly durationSeconds?: number };
  readonly hungUpAt?: string;
  readonly wrapUpAt?: string;
  readonly abandonedDuring?: AbandonedDuring;
  readonly outcome?: CallOutcome;
  readonly endedAt?: string;
}

/**
 * What the host receives to open the case a classification hands the call to (CALL-CLASSIFY),
 * through the `openCase` action. It carries the customer's data: it is a side effect inside the
 * host, never an emitted event.
 */
export type OpenCaseParams = HandOff<CallRecordDraft> & { readonly callId: string };

/** Events the call machine emits for hosts (`actor.on(...)`). Ids and states only, never personal data. */
export type CallEmitted =
  | { type: 'call.answered'; callId: string; line: 'main' | 'duty'; language: ScriptLanguage; at: string }
  | { type: 'call.classified'; callId: string; kind: CallKind; caseId?: string; at: string }
  | { type: 'call.transferStarted'; callId: string; transferId: string; from: string; to: string; mode: TransferMode; dueAt: string; at: string }
  | { type: 'call.transferCompleted'; callId: string; transferId: string; from: string; to: string; at: string }
  | { type: 'call.transferFailed'; callId: string; transferId: string; to: string; reason: TransferFailureReason; fallback: 'agent' | 'callback'; at: string }
  | { type: 'call.pingPongFlagged'; callId: string; departments: readonly [string, string]; count: number; at: string }
  | { type: 'call.callbackScheduled'; callId: string; reason: CallbackReason; department: string; dueAt: string }
  | { type: 'call.callbackMissed'; callId: string; dueAt: string }
  | { type: 'call.abandoned'; callId: string; during: AbandonedDuring; at: string }
  | { type: 'call.ended'; callId: string; outcome: CallOutcome; at: string };

/** What an ended call returns. */
export interface CallOutput {
  readonly callId: string;
  readonly outcome: CallOutcome;
  readonly endedAt: string;
  /** Completed transfers. */
  readonly transferCount: number;
  readonly kinds: readonly CallKind[];
  /** Ids of the cases the call opened. */
  readonly caseIds: readonly string[];
}

export type { CallEvent };
