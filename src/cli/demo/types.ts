import type { AnyStateMachine } from 'xstate';
import type { Policy } from '../../policy/index.js';
import type { RuleId } from '../../rules/index.js';
import type { Customer } from './people.js';
import type { Random } from './random.js';
import type { DemoClock } from './engine.js';

/**
 * The simulated day's records: what the scenarios saw, from which the report tables are
 * made. Scenarios only append; nothing here is printed as such (personal data stays inside).
 */
export interface DemoRecords {
  /** One per case, of any process. */
  readonly cases: CaseRecord[];
  /** One per deadline that applied (met or missed), of any process. */
  readonly sla: SlaRecord[];
  /** One per return visit made (complaint follow-ups, return-visit calls). */
  readonly visits: VisitRecord[];
  /** One per complaint, for 《顾客投诉分类统计表》. */
  readonly complaints: ComplaintRecord[];
  /** One per event a rule refused (on purpose in the script, or not). */
  readonly refusals: RefusalRecord[];
  /** One per transfer attempt (calls, chats), whatever became of it (CALL-TRANSFER). */
  readonly transfers: TransferRecord[];
}

export interface CaseRecord {
  /** The scenario's id, e.g. `complaint`. */
  readonly process: string;
  readonly caseId: string;
  readonly customer: Customer;
  readonly arrivedAt: string;
  /** `resolved`, `not-stands`, `transferred`, `replied`, `open`, `aborted`… */
  outcome: string;
  closedAt?: string;
  /** Deadlines missed and escalated. */
  escalations: number;
}

export interface SlaRecord {
  readonly process: string;
  /** What was due, e.g. `register 投诉受理`, `reply 回复邮件`. */
  readonly item: string;
  readonly rule: RuleId;
  readonly met: boolean;
}

export interface VisitRecord {
  readonly process: string;
  readonly caseId: string;
  readonly method: 'phone' | 'sms' | 'visit';
  readonly satisfaction: 'satisfied' | 'average' | 'dissatisfied';
  /** Made within the policy's days after the service (RV-3DAY). */
  readonly withinDays: boolean;
  /** Made in the customer's rest time (RV-QUIET): should never be true. */
  readonly inQuietHours: boolean;
}

export interface ComplaintRecord {
  readonly caseId: string;
  /** Category of the classification statistics, e.g. 维修质量. */
  readonly category: string;
  readonly stands: boolean;
  readonly closed: boolean;
  /** Working hours from receipt to closure. */
  readonly workingHoursToClose?: number;
  readonly satisfaction?: VisitRecord['satisfaction'];
}

export interface RefusalRecord {
  readonly process: string;
  readonly caseId: string;
  readonly eventType: string;
  /** The rule that refused, or the refusal reason when no rule did. */
  readonly rule: string;
  /** Whether the script meant it (an agent's mistake the rules catch) or it is a bug. */
  readonly expected: boolean;
}

export interface TransferRecord {
  readonly process: string;
  readonly caseId: string;
  /** `cold` / `warm` for calls; `chat` for chats. */
  readonly mode: 'cold' | 'warm' | 'chat';
  /** The department asked to take the customer. */
  readonly to: string;
  readonly outcome: 'completed' | 'timeout' | 'declined' | 'cancelled' | 'hung-up';
  /** Where a failed transfer left the customer: back with the agent, or a callback task. */
  readonly fallback?: 'agent' | 'callback';
}

/** What a scenario gets to plan and run its cases. */
export interface ScenarioContext {
  readonly policy: Policy;
  /** The day simulated, `YYYY-MM-DD` in the policy's time zone. */
  readonly date: string;
  /** The clock every actor runs on: XState's delays (deadline escalations) fire on it. */
  readonly clock: DemoClock;
  /** The machine the scenario drives, from the catalogue. */
  readonly machine: AnyStateMachine;
  /**
   * Another machine of the catalogue, by name, for cases one process opens in another (a call
   * classified as a complaint opens a complaint case). `undefined` when it is not there.
   */
  machineOf(name: string): AnyStateMachine | undefined;
  readonly records: DemoRecords;
  /** Run `step` when the simulated clock reaches `at` (epoch ms); same-time steps run in order. */
  schedule(at: number, step: () => void): void;
}

/**
 * One process of the service desk in the simulation (calls, complaints, return visits,
 * emails…): a module under `src/cli/demo/`, listed in `scenarios.ts`.
 */
export interface Scenario {
  /** Short id, e.g. `complaint`; also the process name in the report. */
  readonly id: string;
  readonly title: { readonly zh: string; readonly en: string };
  /** The catalogue name of the machine it drives (`kefu diagram <name>`). */
  readonly machine: string;
  /** Relative share of the day's arrivals. */
  readonly weight: number;
  /**
   * Plan one case arriving at `arrival` (epoch ms, working time): create its actor and
   * schedule its steps. `random` is the case's own generator, `customer` its made-up customer.
   */
  plan(ctx: ScenarioContext, input: { readonly caseNo: number; readonly arrival: number; readonly random: Random; readonly customer: Customer }): void;
}
