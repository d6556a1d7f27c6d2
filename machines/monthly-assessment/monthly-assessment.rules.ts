/**
 * The STAFF-SUMMARY checks of the monthly-assessment machine (每月进行绩效考核). Pure functions of
 * the context and the event; the guards are built from them with `ruleGuard`. The scoring is
 * `assessMonth` of `kefu/staff`.
 */
import { localDate } from '../../src/time/index.js';
import { assessMonth, type MonthlyAssessment } from '../../src/staff/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { checkActsForSelf } from '../../src/roles/permit.js';
import type { MonthlyAssessmentContext, MonthlyAssessmentEvent } from './monthly-assessment.types.js';

type Args = { context: MonthlyAssessmentContext; event: MonthlyAssessmentEvent };
type Of<T extends MonthlyAssessmentEvent['type']> = Extract<MonthlyAssessmentEvent, { type: T }>;

/** The assessment a draft event asks for: `assessMonth` of `kefu/staff` on the event's data. */
export function assessmentOf(context: Pick<MonthlyAssessmentContext, 'month' | 'policy'>, e: Of<'ASSESSMENT.DRAFT'>): MonthlyAssessment {
  return assessMonth({
    month: context.month,
    records: e.records,
    policy: context.policy,
    ...(e.agentIds ? { agentIds: e.agentIds } : {}),
    ...(e.summaries ? { summaries: e.summaries } : {}),
    ...(e.qualityScores ? { qualityScores: e.qualityScores } : {}),
  });
}

/** The agents the current draft assesses, best first. */
export function assessedAgents(context: Pick<MonthlyAssessmentContext, 'draft'>): string[] {
  return (context.draft?.assessment.agents ?? []).map((a) => a.agentId);
}

/** Objections raised against the current draft: open until a redraft answers them. */
export function openObjections(context: Pick<MonthlyAssessmentContext, 'draft' | 'objections'>): MonthlyAssessmentContext['objections'] {
  return context.objections.filter((o) => o.version === context.draft?.version);
}

/**
 * STAFF-SUMMARY (每月进行绩效考核): a month is assessed once it is over (in the policy's zone),
 * with at least one agent; a redraft answering an objection carries the supervisor's `note`.
 */
export function checkDraft({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSESSMENT.DRAFT'>;
  const today = localDate(e.at, context.policy.calendar.timeZone);
  if (today.slice(0, 7) <= context.month) {
    return violation('STAFF-SUMMARY', {
      reason: { zh: `${context.month} 尚未结束,月度考核须在月末之后进行`, en: `${context.month} is not over: the monthly assessment comes after the month` },
      details: { month: context.month, today },
    });
  }
  if (assessmentOf(context, e).agents.length === 0) {
    return violation('STAFF-SUMMARY', {
      reason: { zh: `${context.month} 没有可考核的客服人员`, en: `no agent to assess in ${context.month}` },
      details: { agents: 0 },
    });
  }
  const open = openObjections(context);
  if (open.length > 0 && !e.note) {
    return violation('STAFF-SUMMARY', {
      reason: { zh: '重新起草须答复客服的异议(note)', en: 'a redraft answers the agents\' objections: note is missing' },
      details: { missing: ['note'], objections: open.map((o) => o.agentId) },
    });
  }
  return undefined;
}

/** STAFF-SUMMARY: a draft goes to the agents once it exists and no objection to it is open. */
export function checkShare({ context }: Args): Violation | undefined {
  if (!context.draft) return violation('STAFF-SUMMARY', { reason: { zh: '尚无考核草稿', en: 'there is no draft yet' }, details: { missing: ['draft'] } });
  const open = openObjections(context);
  if (open.length === 0) return undefined;
  return violation('STAFF-SUMMARY', {
    reason: { zh: `客服的异议尚未答复:${open.map((o) => o.agentId).join('、')}`, en: `objections not yet answered: ${open.map((o) => o.agentId).join(', ')}` },
    details: { objections: open.map((o) => o.agentId) },
  });
}

/** STAFF-SUMMARY: an agent acknowledges or disputes their own result in the current draft, once. */
export function checkAgentResponse({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSESSMENT.ACKNOWLEDGE'> | Of<'ASSESSMENT.OBJECT'>;
  const agents = assessedAgents(context);
  if (!agents.includes(e.agentId)) {
    return violation('STAFF-SUMMARY', {
      reason: { zh: `客服 ${e.agentId} 不在本次考核中`, en: `agent ${e.agentId} is not assessed in this draft` },
      details: { agentId: e.agentId, agents },
    });
  }
  const version = context.draft!.version;
  if (context.acknowledgements.some((a) => a.agentId === e.agentId && a.version === version)) {
    return violation('STAFF-SUMMARY', {
      reason: { zh: `客服 ${e.agentId} 已确认本版考核`, en: `agent ${e.agentId} has already acknowledged this version` },
      details: { agentId: e.agentId, version },
    });
  }
  return undefined;
}

/**
 * ROLE-PERMIT: an agent acknowledges or disputes their *own* result — the principal's id is the
 * `agentId` answered for (the table already holds the step to the `agent` role). The supervisor
 * or another agent cannot answer for them.
 */
export function checkOwnResponse({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSESSMENT.ACKNOWLEDGE'> | Of<'ASSESSMENT.OBJECT'>;
  const step = e.type === 'ASSESSMENT.OBJECT' ? { zh: '对本人的考核结果提出异议', en: 'dispute their assessment' } : { zh: '确认本人的考核结果', en: 'acknowledge their assessment' };
  return checkActsForSelf(context.policy, e, e.agentId, step);
}

/** STAFF-SUMMARY: the assessment is published only when every agent assessed has seen and acknowledged the current draft. */
export function checkPublish({ context }: Pick<Args, 'context'>): Violation | undefined {
  const version = context.draft?.version;
  const seen = new Set(context.acknowledgements.filter((a) => a.version === version).map((a) => a.agentId));
  const missing = assessedAgents(context).filter((id) => !seen.has(id));
  if (missing.length === 0) return undefined;
  return violation('STAFF-SUMMARY', {
    reason: { zh: `以下客服尚未确认考核结果:${missing.join('、')}`, en: `not yet acknowledged by ${missing.join(', ')}` },
    details: { missing },
  });
}
