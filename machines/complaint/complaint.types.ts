import type { Policy } from '../../src/policy/index.js';
import type { Principal } from '../../src/roles/principal.js';
import type { EscalationLevel } from '../../src/time/index.js';
import type { ComplaintFormDraft, ComplaintEvent } from './complaint.schemas.js';

/** The seven steps, plus the branch for a complaint that does not stand. */
export type ComplaintStep =
  | 'register'
  | 'assess'
  | 'investigate'
  | 'propose'
  | 'implement'
  | 'followUp'
  | 'review'
  | 'notStands';

/** A step deadline that passed and was escalated to the supervisor (CP-TIMELINE). */
export interface Escalation {
  readonly step: ComplaintStep;
  readonly dueAt: string;
}

/** A remedy proposed by a department (CP-PROPOSE). */
export interface Proposal {
  readonly id: string;
  readonly description: string;
  readonly department: string;
  readonly at: string;
  /** Who proposed it (the event's principal); the approver must be someone else (four eyes). Absent when roles are not enforced and no principal was given. */
  readonly author?: Principal;
  /** The supervisor's verdict on it (一一过目); every proposal has one before any is approved. */
  readonly verdict?: ProposalVerdict;
}

/** The supervisor's verdict on one proposal (CP-PROPOSE). */
export interface ProposalVerdict {
  readonly decision: 'accept' | 'reject';
  /** Why it was rejected (always present with `reject`). */
  readonly reason?: string;
  readonly by?: Principal;
  readonly at: string;
}

/** A measure against a responsible person, with the provision applied (CP-ACCOUNTABILITY). */
export interface AccountabilityRecord {
  /** `direct`: the direct responsible person (直接责任者); `head`: the head of the responsible department (部门主管). */
  readonly target: 'direct' | 'head';
  readonly person: string;
  readonly department: string;
  readonly measure: string;
  /** The provision applied (按照有关规定). */
  readonly provision: string;
  readonly at: string;
}

/** A threshold of `policy.complaint.warnings` reached in a step. */
export interface StepWarning {
  readonly step: ComplaintStep;
  /** Index of the threshold in `policy.complaint.warnings`. */
  readonly index: number;
  /** When the step was entered (a step entered again warns again). */
  readonly stepStartedAt: string;
  /** When the threshold was reached. */
  readonly at: string;
  /** The step's due time. */
  readonly dueAt: string;
  /** Who was told. */
  readonly notify: EscalationLevel;
  /** `'warning'` before the due time, `'escalation'` at or after it. */
  readonly kind: 'warning' | 'escalation';
}

/** Context of the complaint machine: JSON-safe, timestamps are ISO strings. */
export interface ComplaintContext {
  readonly policy: Policy;
  /** The complaint form as filled in so far (《顾客投诉登记表》). */
  readonly form: ComplaintFormDraft;
  /** The step the case is in. */
  readonly step: ComplaintStep;
  /** Time of the last event applied (the clock of the case). */
  readonly now: string;
  /** Due time of each step, computed from the policy and the business calendar. */
  readonly deadlines: Partial<Record<ComplaintStep | 'result', string>>;
  /** Deadlines that were missed and escalated. */
  readonly escalations: readonly Escalation[];
  /** When the current step was entered: the start of its allowed time, for `policy.complaint.warnings`. */
  readonly stepStartedAt?: string;
  /** Thresholds of `policy.complaint.warnings` reached: warnings before a step's due time, escalation levels after it. */
  readonly warnings?: readonly StepWarning[];
  readonly registeredAt?: string;
  /**
   * Who registered the complaint (受理: the agent who took it and filled in the form), when the
   * event named a principal. The case's holder in worklists: the agent keeps the closed loop with
   * the customer (notification, signature, follow-up). Absent in cases stored before it was kept.
   */
  readonly registeredBy?: Principal;
  /** The apology and the promised time (CP-TIMELINE). */
  readonly promise?: { readonly apology: string; readonly promisedBy: string; readonly at: string };
  readonly assessment?:
    | { readonly verdict: 'valid'; readonly department: string; readonly investigationDays: number; readonly at: string }
    | { readonly verdict: 'invalid'; readonly reason: string; readonly at: string };
  /** The tactful explanation given when the complaint does not stand. */
  readonly explanation?: { readonly text: string; readonly at: string };
  readonly disputes: readonly { readonly reason: string; readonly at: string }[];
  readonly investigation?: {
    readonly cause: 'repair-quality' | 'service' | 'product' | 'other';
    readonly detail: string;
    readonly responsiblePerson: string;
    readonly handler: string;
    readonly at: string;
  };
  readonly proposals: readonly Proposal[];
  /** The customer's choice among the accepted proposals (请顾客参与共同选择), when one was recorded; the approval must follow it. */
  readonly customerChoice?: { readonly proposalId: string; readonly by?: Principal; readonly at: string };
  /** The supervisor's approval (主管批示); `by` is the approving principal, `supervisor` the name written on it. */
  readonly approval?: { readonly proposalId: string; readonly supervisor: string; readonly note?: string; readonly by?: Principal; readonly at: string };
  /** Remedies the supervisor sent back or the customer rejected, with the reason. */
  readonly rejections: readonly { readonly by: 'supervisor' | 'customer'; readonly proposalId?: string; readonly reason: string; readonly at: string }[];
  /** Times the case went back to proposal because the follow-up found the customer not satisfied. */
  readonly reopenings: number;
  readonly notifiedAt?: string;
  /** The customer's signature (CP-SIGNOFF): `by` who recorded it (the customer, or staff with `evidence`). */
  readonly signature?: {
    readonly signedBy: string;
    readonly by?: Principal;
    readonly evidence?: { readonly kind: 'in-person' | 'e-signature' | 'sms-code'; readonly ref: string };
    readonly at: string;
  };
  /** Measures against the direct responsible person and the department head (CP-ACCOUNTABILITY). */
  readonly accountability: readonly AccountabilityRecord[];
  readonly feedback: readonly { readonly text: string; readonly at: string }[];
  readonly implementedAt?: string;
  readonly followUp?: {
    readonly method: 'phone' | 'sms' | 'visit';
    readonly satisfaction: 'satisfied' | 'average' | 'dissatisfied';
    readonly agent: string;
    readonly notes?: string;
    /** Set when the visit was made past its due time (RV-3DAY: three days after the handling): still made, flagged late. */
    readonly overdue?: { readonly rule: 'RV-3DAY'; readonly dueAt: string };
    readonly at: string;
  };
  readonly review?: { readonly category: string; readonly analysis: string; readonly measures: readonly string[]; readonly supervisor: string; readonly at: string };
  /** Replies sent to the customer, each checked for forbidden phrases (CP-LANGUAGE): the latest `policy.limits.recentReplies` of them (every reply stays in the case's history). */
  readonly replies: readonly { readonly text: string; readonly at: string }[];
  /** Replies sent in all; absent in cases stored before it was kept. */
  readonly replyCount?: number;
  readonly closedAt?: string;
}

/** Events the complaint machine emits for hosts (`actor.on(...)`). Personal data is never included. */
export type ComplaintEmitted =
  | { type: 'complaint.stepEntered'; caseId: string; step: ComplaintStep; zh: string; at: string; dueAt?: string }
  | { type: 'complaint.deadlineMissed'; caseId: string; step: ComplaintStep; dueAt: string }
  | { type: 'complaint.deadlineApproaching'; caseId: string; step: ComplaintStep; notify: EscalationLevel; dueAt: string; at: string }
  | { type: 'complaint.deadlineEscalated'; caseId: string; step: ComplaintStep; notify: EscalationLevel; dueAt: string; at: string }
  | { type: 'complaint.closed'; caseId: string; outcome: 'resolved' | 'not-stands'; at: string };

/** What a closed complaint returns. */
export interface ComplaintOutput {
  readonly caseId: string;
  readonly outcome: 'resolved' | 'not-stands';
  readonly closedAt: string;
}

export type { ComplaintEvent };
