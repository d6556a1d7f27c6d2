import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import type { Policy } from '../../src/policy/index.js';
import type { DoNotCallEntry } from '../../src/dnc/index.js';
import type { Occasion, ReturnVisitInput, ReturnVisitOutput, Satisfaction, VisitMethod, VisitOutcome } from '../return-visit/index.js';
import type { ArchiveRow, ReturnVisitCycleEvent, SelectionCriteria } from './return-visit-cycle.schemas.js';

/** A selected customer before assignment: the archive row (personal data) and the occasion's date. */
export interface Candidate {
  readonly row: ArchiveRow;
  readonly occasionDate?: string;
}

/** Where a visit of the cycle stands. */
export type CycleVisitStatus = 'open' | 'settled' | 'failed';

/**
 * The cycle's tracking of one visit: ids and results only, no name or phone. The latest visit of
 * each customer; earlier ones (reissued) are listed by id.
 */
export interface CycleVisit {
  readonly visitId: string;
  readonly customerId: string;
  readonly member: boolean;
  readonly agentId: string;
  readonly method: VisitMethod;
  /** 1 for the first visit, 2… for reissued ones. */
  readonly round: number;
  /** The occasion's date (holiday, anniversary, promotion, maintenance reminder). */
  readonly occasionDate?: string;
  readonly dueAt: string;
  readonly status: CycleVisitStatus;
  readonly outcome?: VisitOutcome;
  readonly satisfaction?: Satisfaction;
  readonly aspects?: readonly string[];
  readonly suggestion?: string | null;
  readonly durationSeconds?: number | null;
  readonly tooLong: boolean;
  readonly overdue: boolean;
  readonly attempts: number;
  readonly endedAt?: string;
  readonly previousVisitIds: readonly string[];
}

/** What the selection and compilation found (统计整理). */
export interface CompiledList {
  /** Archive rows read. */
  readonly rowsRead: number;
  /** Customers selected (one visit each). */
  readonly selected: number;
  readonly members: number;
  /** Customers left out because they are on the do-not-call list. */
  readonly excludedDoNotCall: readonly string[];
  /** Rows merged because the customer had several services that fit (the latest is kept). */
  readonly duplicatesMerged: number;
}

/** Numbers of one agent (客服专员) in the report. */
export interface AgentSummary {
  readonly agentId: string;
  readonly assigned: number;
  readonly members: number;
  readonly recorded: number;
  readonly unreached: number;
  readonly wrongPerson: number;
  readonly optedOut: number;
  readonly cancelled: number;
  readonly open: number;
  readonly satisfied: number;
  readonly average: number;
  readonly dissatisfied: number;
  readonly overdue: number;
  readonly tooLong: number;
  /** Mean length of the agent's recorded phone visits, in seconds; `null` when none. */
  readonly averageDurationSeconds: number | null;
}

/** The summary report of a cycle (《回访总结报告》). Ids only, no names or phones. */
export interface ReturnVisitReport {
  readonly cycleId: string;
  readonly occasion: Occasion;
  /** The selection range (service dates, or reminder window). */
  readonly period: { readonly from: string; readonly to: string };
  readonly occasionDate?: string;
  /** Zone the report's dates are shown in (the department's). */
  readonly timeZone: string;
  readonly generatedAt: string;
  /** Visits in the cycle (one per customer). */
  readonly visits: number;
  readonly excludedDoNotCall: number;
  /** RV-MEMBER-100: members visited (recorded, or reached and opted out) and those still missing. */
  readonly members: { readonly total: number; readonly visited: number; readonly missing: readonly string[] };
  readonly byOutcome: Readonly<Record<VisitOutcome | 'open' | 'failed', number>>;
  /** `rate` = satisfied / answered (0–1), `null` when nobody answered. */
  readonly satisfaction: { readonly answered: number; readonly satisfied: number; readonly average: number; readonly dissatisfied: number; readonly rate: number | null };
  /** Dissatisfied aspects (from dissatisfied and average answers), most frequent first. */
  readonly aspects: readonly { readonly aspect: string; readonly count: number }[];
  readonly suggestions: readonly { readonly visitId: string; readonly suggestion: string }[];
  /** Visits made late (escalated) or still open past their due time (RV-3DAY). */
  readonly overdue: { readonly count: number; readonly visitIds: readonly string[] };
  /** Calls over the time limit (RV-BRIEF). */
  readonly tooLong: { readonly count: number; readonly visitIds: readonly string[] };
  readonly agents: readonly AgentSummary[];
  /** Set when the supervisor writes the report. */
  readonly author?: string;
  readonly conclusions?: readonly string[];
  readonly writtenAt?: string;
}

/**
 * What the `openVisit` effect asks the host for (`visitsAs: 'cases'`): open the visit as a case of
 * its own, with id `visitId`, under `returnVisitMachine`, with `input` (which holds the customer's
 * name and phone: the effect carries personal data, like `dial`).
 */
export interface OpenVisitParams {
  readonly cycleId: string;
  readonly visitId: string;
  readonly input: ReturnVisitInput;
}

/** Context of the cycle machine: JSON-safe. Visit actors live in `snapshot.children`, not here. */
export interface ReturnVisitCycleContext {
  readonly policy: Policy;
  readonly cycleId: string;
  /** How the visits run: child actors (absent means `'actors'`) or cases of their own under the runtime. */
  readonly visitsAs?: 'actors' | 'cases';
  /** Time of the last event applied. */
  readonly now: string;
  readonly openedAt: string;
  readonly criteria?: SelectionCriteria;
  /** Selected customers with their archive rows: personal data, dropped once visits are spawned. */
  readonly candidates: readonly Candidate[];
  readonly compiled?: CompiledList;
  readonly agentIds: readonly string[];
  /** The tracking of every visit, one per customer, in assignment order (members first). */
  readonly visits: readonly CycleVisit[];
  /** Position of each customer's visit in `visits`, by customer id. */
  readonly visitIndex: Readonly<Record<string, number>>;
  /** The do-not-call list, with the cycle's opt-outs added. */
  readonly doNotCall: readonly DoNotCallEntry[];
  /** The analysis (the report before the supervisor writes it). */
  readonly analysis?: ReturnVisitReport;
  /** The written summary report (《回访总结报告》). */
  readonly report?: ReturnVisitReport;
  readonly archivedAt?: string;
}

/** Events the cycle receives: the host's (with `VISIT.OUTCOME` from visit cases), and the visit actors' completion. */
export type ReturnVisitCycleMachineEvent = ReturnVisitCycleEvent | DoneActorEvent<ReturnVisitOutput> | ErrorActorEvent;

/** Events the cycle emits for hosts: ids and counts, never personal data. */
export type ReturnVisitCycleEmitted =
  | { type: 'returnVisitCycle.compiled'; cycleId: string; selected: number; members: number; excludedDoNotCall: number }
  | { type: 'returnVisitCycle.assigned'; cycleId: string; agents: readonly { agentId: string; visits: number }[] }
  | { type: 'returnVisitCycle.visitSettled'; cycleId: string; visitId: string; customerId: string; outcome: VisitOutcome | 'failed' }
  | { type: 'returnVisitCycle.archived'; cycleId: string; at: string };

/** What an archived cycle returns. */
export interface ReturnVisitCycleOutput {
  readonly cycleId: string;
  readonly report: ReturnVisitReport;
  /** The do-not-call list with the cycle's opt-outs: the host saves it for later visits and cycles. */
  readonly doNotCall: readonly DoNotCallEntry[];
  readonly archivedAt: string;
}

export type { ReturnVisitCycleEvent };
