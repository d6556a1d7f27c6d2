import type { Policy } from '../../src/policy/index.js';
import type { DoNotCallEntry } from '../../src/dnc/index.js';
import type {
  Occasion,
  ReturnVisitEvent,
  Satisfaction,
  VisitCustomer,
  VisitMethod,
  VisitRecord,
  VisitRecordDraft,
  VisitService,
} from './return-visit.schemas.js';

/** How a visit ended. */
export type VisitOutcome =
  /** 已回访: the record is filed (RV-RECORD). */
  | 'recorded'
  /** 未联系上: no answer after every attempt (and the SMS for members), or no SMS reply in time. */
  | 'unreached'
  /** 非本人: the person who answered is not the customer (the archive's number is wrong). */
  | 'wrong-person'
  /** 拒绝回访: the customer asked not to be called again and is on the do-not-call list. */
  | 'opted-out'
  /** 取消: the visit was called off. */
  | 'cancelled';

/** The line of the script (回访规范及用语) the call is at (RV-SCRIPT). */
export type ScriptStep = 'opening' | 'satisfaction' | 'suggestion' | 'aspect' | 'closing';

/** Context of the return-visit machine: JSON-safe, timestamps are ISO strings. */
export interface ReturnVisitContext {
  readonly policy: Policy;
  readonly visitId: string;
  /** The cycle the visit belongs to, when a cycle opened it. */
  readonly cycleId?: string;
  /** Personal data: used for the script and the dial, never emitted. */
  readonly customer: VisitCustomer;
  readonly service: VisitService;
  readonly agentId: string;
  /** The current method: a member unreachable by phone falls back to SMS. */
  readonly method: VisitMethod;
  readonly occasion: Occasion;
  /** The occasion's date (holiday, anniversary, promotion, maintenance reminder). */
  readonly occasionDate?: string;
  /** This customer's entries of the do-not-call list (免打扰名单). */
  readonly doNotCall: readonly DoNotCallEntry[];
  /** Time of the last event applied (the clock of the visit). */
  readonly now: string;
  readonly createdAt: string;
  /** Due time (RV-3DAY): service + withinDays, or occasion date + withinDays. */
  readonly dueAt: string;
  /** The due time passed and was escalated to the supervisor (RV-3DAY). */
  readonly overdue: boolean;
  readonly escalations: readonly { readonly dueAt: string; readonly at: string }[];
  /** Contact attempts started (dials and SMS). */
  readonly attempts: number;
  /** Phone attempts that did not reach the customer (no answer, busy, dropped before the answer). */
  readonly failedAttempts: number;
  /** Earliest time of the next attempt (retry spacing, out of quiet hours). */
  readonly nextAttemptAt?: string;
  /** The time the busy customer booked (RV-RESCHEDULE). */
  readonly callbackAt?: string;
  /** The member was unreachable by phone and gets the SMS instead (RV-MEMBER-100). */
  readonly smsFallback: boolean;
  readonly attemptStartedAt?: string;
  readonly answeredAt?: string;
  readonly smsSentAt?: string;
  /** The script line the call is at (RV-SCRIPT). */
  readonly scriptStep?: ScriptStep;
  /** Length of the finished call (RV-BRIEF). */
  readonly durationSeconds?: number;
  /** The call went over the limit (RV-BRIEF). */
  readonly tooLong: boolean;
  /** The visit record as filled in so far (《回访记录表》). */
  readonly draft: VisitRecordDraft;
  /** The filed record (RV-RECORD). */
  readonly record?: VisitRecord;
  readonly outcome?: VisitOutcome;
  readonly endedAt?: string;
  readonly cancelReason?: string;
}

/** Events the return-visit machine emits for hosts (`actor.on(...)`): ids and states, never personal data. */
export type ReturnVisitEmitted =
  | { type: 'returnVisit.overdue'; visitId: string; customerId: string; agentId: string; dueAt: string }
  | { type: 'returnVisit.tooLong'; visitId: string; agentId: string; limitMinutes: number; at: string }
  | { type: 'returnVisit.dissatisfied'; visitId: string; customerId: string; agentId: string; satisfaction: 'dissatisfied'; aspects: readonly string[]; at: string }
  | { type: 'returnVisit.optedOut'; visitId: string; customerId: string; until: string; at: string }
  | { type: 'returnVisit.ended'; visitId: string; customerId: string; outcome: VisitOutcome; at: string; cycleId?: string };

/**
 * What a finished visit returns (to the host or the cycle that spawned it): ids and results,
 * no name or phone.
 */
export interface ReturnVisitOutput {
  readonly visitId: string;
  readonly customerId: string;
  readonly member: boolean;
  readonly agentId: string;
  readonly occasion: Occasion;
  readonly method: VisitMethod;
  readonly outcome: VisitOutcome;
  readonly satisfaction?: Satisfaction;
  readonly aspects?: readonly string[];
  readonly suggestion?: string | null;
  readonly durationSeconds?: number | null;
  readonly tooLong: boolean;
  readonly overdue: boolean;
  readonly attempts: number;
  readonly dueAt: string;
  readonly endedAt: string;
  /** Set when the customer opted out: the end of their do-not-call period. */
  readonly doNotCallUntil?: string;
}

export type { ReturnVisitEvent };
