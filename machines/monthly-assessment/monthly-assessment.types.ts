import type { Policy } from '../../src/policy/index.js';
import type { MonthlyAssessment } from '../../src/staff/index.js';
import type { MonthlyAssessmentEvent } from './monthly-assessment.schemas.js';

/** A version of the draft: the assessment `assessMonth` computed, and the supervisor's note. */
export interface AssessmentDraft {
  /** 1 for the first draft, one more for each redraft. */
  readonly version: number;
  readonly assessment: MonthlyAssessment;
  /** The supervisor's note; answers the objections to the previous version. */
  readonly note?: string;
  readonly at: string;
}

/** An agent's acknowledgement of a version of the draft. */
export interface AssessmentAcknowledgement {
  readonly agentId: string;
  readonly version: number;
  readonly comment?: string;
  readonly at: string;
}

/** An agent's objection to a version of the draft. */
export interface AssessmentObjection {
  readonly agentId: string;
  readonly version: number;
  readonly reason: string;
  readonly at: string;
}

/** Context of the monthly-assessment machine: JSON-safe; ids, numbers and notes. */
export interface MonthlyAssessmentContext {
  readonly policy: Policy;
  readonly assessmentId: string;
  readonly month: string;
  readonly supervisor: string;
  readonly openedAt: string;
  /** Time of the last event applied. */
  readonly now: string;
  /** The current draft. */
  readonly draft?: AssessmentDraft;
  readonly sharedAt?: string;
  readonly acknowledgements: readonly AssessmentAcknowledgement[];
  readonly objections: readonly AssessmentObjection[];
  readonly publishedAt?: string;
}

/** Events the monthly-assessment machine emits for hosts. Ids and numbers only. */
export type MonthlyAssessmentEmitted =
  | { type: 'assessment.drafted'; assessmentId: string; version: number; agents: number; at: string }
  | { type: 'assessment.shared'; assessmentId: string; version: number; agentIds: readonly string[]; at: string }
  | { type: 'assessment.acknowledged'; assessmentId: string; agentId: string; version: number; at: string }
  | { type: 'assessment.objected'; assessmentId: string; agentId: string; version: number; at: string }
  | { type: 'assessment.published'; assessmentId: string; month: string; version: number; at: string };

/** What a published assessment returns: `assessMonth`'s result, with who published it and who saw it. */
export type MonthlyAssessmentOutput = MonthlyAssessment & {
  readonly assessmentId: string;
  readonly version: number;
  readonly publishedBy: string;
  readonly publishedAt: string;
  /** The acknowledgements of the published version. */
  readonly acknowledgements: readonly AssessmentAcknowledgement[];
  /** Every objection raised, with the version it was raised against. */
  readonly objections: readonly AssessmentObjection[];
};

export type { MonthlyAssessmentEvent };
