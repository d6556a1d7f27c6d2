import type { Policy } from '../../src/policy/index.js';
import type { ContactKind, HandOff } from '../shared/handoff.js';
import type { WalkInEvent, WalkInRecordDraft } from './walk-in.schemas.js';
import type { ScriptLanguage } from '../call/call.script.js';

/** How a visit ended: solved on the spot, handed to its process, or the customer left unserved. */
export type WalkInOutcome = 'solved' | 'handed-over' | 'left';

/** Context of the walk-in machine: JSON-safe, timestamps are ISO strings. */
export interface WalkInContext {
  readonly policy: Policy;
  readonly visitId: string;
  /** Time of the last event applied (the clock of the visit). */
  readonly now: string;
  /** The department receiving the customer. */
  readonly department: string;
  /** When the customer should have been greeted by (arrival + `policy.walkIn.greetWithinSeconds`). */
  readonly greetDueAt: string;
  /** The agent serving the customer. */
  readonly agent?: string;
  /** The visit record (WALKIN). */
  readonly record: WalkInRecordDraft;
  /** The greeting said (主动问候). */
  readonly greeting?: { readonly language: ScriptLanguage; readonly text: string; readonly scripted: boolean; readonly at: string };
  /** Classifications of the matter, in order; each kind but inquiry opened a case. */
  readonly classifications: readonly { readonly kind: ContactKind; readonly caseId?: string; readonly at: string }[];
  /** Solutions given on the spot, each with whether the customer was satisfied. */
  readonly solutions: readonly { readonly solution: string; readonly satisfied: boolean; readonly at: string }[];
  /** What the agent told the customer, each checked for forbidden phrases (CP-LANGUAGE): the latest `policy.limits.recentReplies` of them (every reply stays in the case's history). */
  readonly replies: readonly { readonly text: string; readonly at: string }[];
  /** Replies sent in all; absent in cases stored before it was kept. */
  readonly replyCount?: number;
  /** A customer left waiting past the greeting time, flagged to the supervisor. */
  readonly escalations: readonly { readonly kind: 'greeting-overdue'; readonly dueAt: string }[];
  readonly finishedAt?: string;
  readonly outcome?: WalkInOutcome;
  readonly endedAt?: string;
}

/**
 * What the host receives to open the case a classification hands the visit to, through the
 * `openCase` action. It carries the customer's data: a side effect inside the host, never an
 * emitted event.
 */
export type WalkInOpenCaseParams = HandOff<WalkInRecordDraft> & { readonly visitId: string };

/** Events the walk-in machine emits for hosts (`actor.on(...)`). Ids and states only, never personal data. */
export type WalkInEmitted =
  | { type: 'walkIn.greeted'; visitId: string; waitedSeconds: number; at: string }
  | { type: 'walkIn.greetingOverdue'; visitId: string; dueAt: string }
  | { type: 'walkIn.classified'; visitId: string; kind: ContactKind; caseId?: string; at: string }
  | { type: 'walkIn.solved'; visitId: string; satisfied: boolean; at: string }
  | { type: 'walkIn.ended'; visitId: string; outcome: WalkInOutcome; at: string };

/** What an ended visit returns. */
export interface WalkInOutput {
  readonly visitId: string;
  readonly outcome: WalkInOutcome;
  readonly endedAt: string;
  /** Seconds from arrival to the greeting, when greeted. */
  readonly waitedSeconds?: number;
  readonly kinds: readonly ContactKind[];
  /** Ids of the cases the visit opened. */
  readonly caseIds: readonly string[];
}

export type { WalkInEvent };
