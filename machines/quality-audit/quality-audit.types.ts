import type { Policy } from '../../src/policy/index.js';
import type { AuditFeedback, AuditReport, ClosedAudit, RecordResult, Standard } from '../../src/quality/index.js';
import type { AuditRecordRef, QualityAuditEvent } from './quality-audit.schemas.js';

/** An agent's acknowledgement of their audit results. */
export interface AuditAcknowledgement {
  readonly agentId: string;
  readonly comment?: string;
  readonly at: string;
}

/** A training item delivered to an agent. */
export interface TrainingDelivered {
  readonly agentId: string;
  readonly standardIds: readonly string[];
  readonly note: string;
  readonly at: string;
}

/** Context of the quality-audit machine: JSON-safe; ids, scores and notes, never the conversation. */
export interface QualityAuditContext {
  readonly policy: Policy;
  readonly auditId: string;
  /** The quality specialist running the audit. */
  readonly auditor: string;
  readonly openedAt: string;
  /** Time of the last event applied. */
  readonly now: string;
  readonly checklist: readonly Standard[];
  /** The sample drawn (抽查): the seed, the population's size, the sampled records. */
  readonly sample?: { readonly seed: string; readonly population: number; readonly records: readonly AuditRecordRef[]; readonly at: string };
  /** The sampled records scored so far. */
  readonly results: readonly RecordResult[];
  /** The report, drawn up once every sampled record is scored. */
  readonly report?: AuditReport;
  /** Feedback on the findings, one entry per finding (the latest). */
  readonly feedback: readonly AuditFeedback[];
  readonly feedbackSentAt?: string;
  readonly acknowledgements: readonly AuditAcknowledgement[];
  /** The training plan and the standards to revise the feedback asks for. */
  readonly plan?: Pick<ClosedAudit, 'trainingPlan' | 'standardRevisions'>;
  readonly training: readonly TrainingDelivered[];
  readonly closedAt?: string;
}

/** Events the quality-audit machine emits for hosts. Ids and numbers only. */
export type QualityAuditEmitted =
  | { type: 'qualityAudit.sampled'; auditId: string; population: number; sampled: number; at: string }
  | { type: 'qualityAudit.scored'; auditId: string; averageScore: number | null; findings: number; at: string }
  | { type: 'qualityAudit.feedbackSent'; auditId: string; agentIds: readonly string[]; at: string }
  | { type: 'qualityAudit.acknowledged'; auditId: string; agentId: string; at: string }
  | { type: 'qualityAudit.closed'; auditId: string; at: string };

/** What a closed audit returns: the closed audit of `kefu/quality`, with the acknowledgements and the training delivered. */
export type QualityAuditOutput = ClosedAudit & {
  readonly acknowledgements: readonly AuditAcknowledgement[];
  readonly trainingDelivered: readonly TrainingDelivered[];
};

export type { QualityAuditEvent };
