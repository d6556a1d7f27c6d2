/**
 * The QA-AUDIT checks of the quality-audit machine. Pure functions of the context and the event;
 * the guards are built from them with `ruleGuard`, and `explain` runs the same functions. The
 * scoring and the closing rule are `kefu/quality`'s own (`scoreRecord`, `checkAuditClosable`).
 */
import { checkAuditClosable } from '../../src/quality/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { checkActsForSelf } from '../../src/roles/permit.js';
import type { QualityAuditContext, QualityAuditEvent } from './quality-audit.types.js';

type Args = { context: QualityAuditContext; event: QualityAuditEvent };
type Of<T extends QualityAuditEvent['type']> = Extract<QualityAuditEvent, { type: T }>;

/** The agents an audit's results go to: every agent of the sample, sorted. */
export function auditedAgents(context: Pick<QualityAuditContext, 'report'>): string[] {
  return (context.report?.byAgent ?? []).map((a) => a.agentId);
}

/** QA-AUDIT (抽查): the population names each record once; a sample is `size` or `perAgent`, not both. */
export function checkSample({ event }: Args): Violation | undefined {
  const e = event as Of<'SAMPLE.DRAW'>;
  if (e.size !== undefined && e.perAgent !== undefined) {
    return violation('QA-AUDIT', {
      reason: { zh: '抽样数量与每人抽样数只能取其一', en: 'give a sample size or a number per agent, not both' },
      details: { size: e.size, perAgent: e.perAgent },
    });
  }
  const seen = new Set<string>();
  const duplicates = [...new Set(e.population.filter((r) => seen.has(r.id) || !seen.add(r.id)).map((r) => r.id))];
  if (duplicates.length) {
    return violation('QA-AUDIT', {
      reason: { zh: `服务记录重复:${duplicates.join('、')}`, en: `records listed twice: ${duplicates.join(', ')}` },
      details: { duplicates },
    });
  }
  return undefined;
}

/** QA-AUDIT (按质量控制标准审核): only a sampled record is scored, once, and it is the sampled agent's. */
export function checkRecordScorable({ context, event }: Args): Violation | undefined {
  const { record } = event as Of<'RECORD.SCORE'>;
  const ref = context.sample?.records.find((r) => r.id === record.id);
  if (!ref) {
    return violation('QA-AUDIT', {
      reason: { zh: `记录 ${record.id} 不在抽查样本中`, en: `record ${record.id} is not in the sample` },
      details: { recordId: record.id, sampled: (context.sample?.records ?? []).map((r) => r.id) },
    });
  }
  if (ref.agentId !== record.agentId) {
    return violation('QA-AUDIT', {
      reason: { zh: `记录 ${record.id} 的客服与样本不符`, en: `record ${record.id} was served by ${ref.agentId}, not ${record.agentId}` },
      details: { recordId: record.id, agentId: record.agentId, sampledAgentId: ref.agentId },
    });
  }
  if (context.results.some((r) => r.recordId === record.id)) {
    return violation('QA-AUDIT', {
      reason: { zh: `记录 ${record.id} 已评分`, en: `record ${record.id} is already scored` },
      details: { recordId: record.id },
    });
  }
  return undefined;
}

/** QA-AUDIT: the report is drawn up only when every sampled record is scored; `details.missing` lists the rest. */
export function checkScoringComplete({ context }: Args): Violation | undefined {
  const scored = new Set(context.results.map((r) => r.recordId));
  const missing = (context.sample?.records ?? []).map((r) => r.id).filter((id) => !scored.has(id));
  if (missing.length === 0) return undefined;
  return violation('QA-AUDIT', {
    reason: { zh: `${missing.length} 条抽查记录尚未评分`, en: `${missing.length} sampled record(s) not scored` },
    details: { missing },
  });
}

/** QA-AUDIT (反馈): feedback is about a finding of the report. */
export function checkFeedbackEntry({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FEEDBACK.RECORD'>;
  const known = (context.report?.findings ?? []).map((f) => f.findingId);
  if (known.includes(e.findingId)) return undefined;
  return violation('QA-AUDIT', {
    reason: { zh: `反馈不对应任何发现:${e.findingId}`, en: `feedback for no finding: ${e.findingId}` },
    details: { findingId: e.findingId, known },
  });
}

/** QA-AUDIT: the results go to the agents only when every failed item has feedback (`checkAuditClosable`). */
export function checkFeedbackComplete({ context }: Args): Violation | undefined {
  return checkAuditClosable(context.report ?? { findings: [] }, context.feedback);
}

/** QA-AUDIT: an agent acknowledges their own audit's results, once. */
export function checkAcknowledgement({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FEEDBACK.ACKNOWLEDGE'>;
  const agents = auditedAgents(context);
  if (!agents.includes(e.agentId)) {
    return violation('QA-AUDIT', {
      reason: { zh: `客服 ${e.agentId} 不在本次审核中`, en: `agent ${e.agentId} is not in this audit` },
      details: { agentId: e.agentId, agents },
    });
  }
  if (context.acknowledgements.some((a) => a.agentId === e.agentId)) {
    return violation('QA-AUDIT', {
      reason: { zh: `客服 ${e.agentId} 已确认`, en: `agent ${e.agentId} has already acknowledged` },
      details: { agentId: e.agentId },
    });
  }
  return undefined;
}

/**
 * ROLE-PERMIT (客服确认): the acknowledgement is the audited agent's own — the principal's id is the
 * `agentId` acknowledged (the table already holds the step to the `agent` role). A supervisor, the
 * quality specialist or another agent cannot acknowledge for them.
 */
export function checkOwnAcknowledgement({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FEEDBACK.ACKNOWLEDGE'>;
  return checkActsForSelf(context.policy, e, e.agentId, { zh: '确认本人的审核结果', en: 'acknowledge their audit results' });
}

/** QA-AUDIT (培训): a training item is recorded for an agent the plan names, once. */
export function checkTrainingEntry({ context, event }: Args): Violation | undefined {
  const e = event as Of<'TRAINING.RECORD'>;
  const planned = (context.plan?.trainingPlan ?? []).map((t) => t.agentId);
  if (!planned.includes(e.agentId)) {
    return violation('QA-AUDIT', {
      reason: { zh: `培训计划中没有客服 ${e.agentId}`, en: `the training plan has no item for agent ${e.agentId}` },
      details: { agentId: e.agentId, planned },
    });
  }
  if (context.training.some((t) => t.agentId === e.agentId)) {
    return violation('QA-AUDIT', {
      reason: { zh: `客服 ${e.agentId} 的培训已记录`, en: `the training of agent ${e.agentId} is already recorded` },
      details: { agentId: e.agentId },
    });
  }
  return undefined;
}

/** QA-AUDIT (结案): the audit closes once every training item of the plan is delivered; `details.missing` names the agents. */
export function checkTrainingComplete({ context }: Args): Violation | undefined {
  const done = new Set(context.training.map((t) => t.agentId));
  const missing = (context.plan?.trainingPlan ?? []).map((t) => t.agentId).filter((id) => !done.has(id));
  if (missing.length === 0) return undefined;
  return violation('QA-AUDIT', {
    reason: { zh: `培训尚未完成:${missing.join('、')}`, en: `training not yet delivered to ${missing.join(', ')}` },
    details: { missing },
  });
}
