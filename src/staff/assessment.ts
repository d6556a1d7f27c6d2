/**
 * The monthly performance assessment (STAFF-SUMMARY: 每月进行绩效考核,奖优罚劣). A score per
 * agent from the month's activity records, daily summaries and quality-audit scores, weighted by
 * `policy.staff.scoreWeights`; a ranking; the best rewarded and the weakest marked for improvement.
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation-error.js';
import { defaultPolicy, type Policy } from '../policy/index.js';
import { localDate, workingPeriodsOn } from '../time/index.js';
import { shiftDate } from '../time/internal.js';
import { ActivityRecordSchema, type ActivityRecord, type AgentAssessment, type Band, type DailySummary, type MonthlyAssessment } from './staff.schemas.js';

/** What {@link assessMonth} takes. */
export interface MonthlyAssessmentInput {
  /** `YYYY-MM`, in the policy's zone. */
  readonly month: string;
  /** Activity records (others months' are ignored). */
  readonly records: readonly ActivityRecord[];
  /** Agents to assess; by default every agent in the records. */
  readonly agentIds?: readonly string[];
  /** Daily summaries, for the share of working days summarised; leave out to skip that part. */
  readonly summaries?: readonly DailySummary[];
  /** Average quality-audit score (0–100) per agent (QA-AUDIT); agents without one skip that part. */
  readonly qualityScores?: Readonly<Record<string, number>>;
  /** @default defaultPolicy */
  readonly policy?: Policy;
}

type Parts = AgentAssessment['parts'];

const share = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Assess each agent's month: parts (resolution, satisfaction, volume, quality, daily summaries),
 * each a share in [0, 1]; a score = 100 × weighted mean of the parts the agent has data for; a
 * ranking (equal scores share a rank); `reward` for the top `policy.staff.rewardTop` ranks,
 * `improve` for the bottom `policy.staff.improveBottom` (never when everyone scores the same).
 *
 * @example
 * assessMonth({ month: '2026-12', records, qualityScores: { A1: 92, A2: 70 } }).agents.map((a) => [a.agentId, a.rank, a.band])
 * //=> [['A1', 1, 'reward'], ['A3', 2, 'standard'], ['A2', 3, 'improve']]
 */
export function assessMonth(input: MonthlyAssessmentInput): MonthlyAssessment {
  const policy = input.policy ?? defaultPolicy;
  const zone = policy.calendar.timeZone;
  const weights = policy.staff.scoreWeights;
  const first = `${input.month}-01`;
  const days: string[] = [];
  for (let d = first; d.startsWith(input.month); d = shiftDate(d, 1)) if (workingPeriodsOn(policy.calendar, d).length > 0) days.push(d);

  const records = parseOrThrow(z.array(ActivityRecordSchema), input.records, 'activity records');
  const ofMonth = records.filter((r) => localDate(r.at, zone).startsWith(input.month));
  const ids = [...new Set(input.agentIds ?? ofMonth.map((r) => r.agentId))].sort();
  const handledBy = new Map(ids.map((id) => [id, ofMonth.filter((r) => r.agentId === id)]));
  const busiest = Math.max(0, ...[...handledBy.values()].map((r) => r.length));

  const scored = ids.map((agentId) => {
    const mine = handledBy.get(agentId)!;
    const answered = mine.filter((r) => r.satisfaction !== undefined);
    const summarised = input.summaries ? new Set(input.summaries.filter((s) => s.agentId === agentId).map((s) => s.date)) : undefined;
    const quality = input.qualityScores?.[agentId];
    const parts: Parts = {
      resolution: share(mine.filter((r) => r.outcome === 'resolved').length, mine.length),
      satisfaction: share(answered.filter((r) => r.satisfaction === 'satisfied').length, answered.length),
      volume: share(mine.length, busiest),
      quality: quality === undefined ? null : Math.min(1, Math.max(0, quality / 100)),
      summaries: summarised ? share(days.filter((d) => summarised.has(d)).length, days.length) : null,
    };
    let sum = 0;
    let weight = 0;
    for (const key of Object.keys(parts) as (keyof Parts)[]) {
      const value = parts[key];
      if (value === null) continue;
      sum += weights[key] * value;
      weight += weights[key];
    }
    const roundedParts = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v === null ? null : round(v, 3)])) as unknown as Parts;
    return { agentId, handled: mine.length, parts: roundedParts, score: weight === 0 ? 0 : round((100 * sum) / weight, 1) };
  });

  scored.sort((a, b) => b.score - a.score || (a.agentId < b.agentId ? -1 : 1));
  const { rewardTop, improveBottom } = policy.staff;
  const allEqual = scored.every((a) => a.score === scored[0]!.score);
  const agents: AgentAssessment[] = scored.map((a) => {
    const rank = 1 + scored.filter((b) => b.score > a.score).length;
    const fromBottom = 1 + scored.filter((b) => b.score < a.score).length;
    const band: Band = allEqual ? 'standard' : rank <= rewardTop ? 'reward' : fromBottom <= improveBottom ? 'improve' : 'standard';
    return { ...a, rank, band };
  });
  return { month: input.month, workingDays: days.length, agents, weights: { ...weights } };
}
