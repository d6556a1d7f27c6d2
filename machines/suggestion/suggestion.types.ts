import type { Policy } from '../../src/policy/index.js';
import type { Channel } from '../../src/schemas/index.js';
import type { SuggestionEvent, SuggestionRecordDraft } from './suggestion.schemas.js';

/** The steps of the loop (SUGGEST-LOOP). */
export type SuggestionStep = 'recording' | 'forwarded' | 'improving' | 'confirming' | 'closed';

/** Context of the suggestion machine: JSON-safe, timestamps are ISO strings. */
export interface SuggestionContext {
  readonly policy: Policy;
  readonly caseId: string;
  readonly channel: Channel;
  readonly receivedAt: string;
  readonly sourceCallId?: string;
  /** The walk-in visit it came from (WALKIN). */
  readonly sourceVisitId?: string;
  /** Time of the last event applied. */
  readonly now: string;
  /** The suggestion as recorded so far. */
  readonly record: SuggestionRecordDraft;
  /** Where and when it was passed on (将建议反馈给相关部门). */
  readonly forward?: { readonly department: string; readonly respondBy?: string; readonly at: string };
  /** The department's answer. */
  readonly response?: {
    readonly decision: 'adopt' | 'decline';
    readonly plan?: string;
    readonly reason?: string;
    readonly expectedBy?: string;
    readonly responder?: string;
    readonly at: string;
  };
  /** Follow-up notes on the improvement (跟进改进情况). */
  readonly progress: readonly { readonly note: string; readonly at: string }[];
  /** The improvement made. */
  readonly improvement?: { readonly description: string; readonly at: string };
  /** What the customer was told, each text checked for forbidden phrases (CP-LANGUAGE): the latest `policy.limits.recentReplies` of them (every reply stays in the case's history). */
  readonly replies: readonly { readonly text: string; readonly at: string }[];
  /** Replies sent in all; absent in cases stored before it was kept. */
  readonly replyCount?: number;
  /** The customer's confirmation that the problem is solved (确保问题得到解决). */
  readonly confirmation?: { readonly satisfied: true; readonly note?: string; readonly at: string };
  /** Times the customer was not satisfied with the improvement; each sent it back to improving. */
  readonly dissatisfactions: readonly { readonly note?: string; readonly at: string }[];
  /** Deadlines that passed and were escalated. */
  readonly escalations: readonly { readonly step: 'forwarded' | 'improving'; readonly dueAt: string }[];
  readonly closedAt?: string;
}

/** Events the suggestion machine emits for hosts. Ids and states only, never personal data. */
export type SuggestionEmitted =
  | { type: 'suggestion.forwarded'; caseId: string; department: string; at: string; respondBy?: string }
  | { type: 'suggestion.responded'; caseId: string; department: string; decision: 'adopt' | 'decline'; at: string }
  | { type: 'suggestion.improved'; caseId: string; at: string }
  | { type: 'suggestion.deadlineMissed'; caseId: string; step: 'forwarded' | 'improving'; dueAt: string }
  | { type: 'suggestion.closed'; caseId: string; outcome: 'improved' | 'declined'; at: string };

/** What a closed suggestion returns. */
export interface SuggestionOutput {
  readonly caseId: string;
  readonly outcome: 'improved' | 'declined';
  readonly department?: string;
  readonly closedAt: string;
}

export type { SuggestionEvent };
