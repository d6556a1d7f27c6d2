/**
 * Closing an audit (QA-AUDIT): the findings must feed back — every failed item gets feedback
 * (training, coaching, a revision of the standard, or a reasoned dismissal) before it closes.
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation-error.js';
import { type Violation } from '../rules/index.js';
import { violation } from '../rules/process.js';
import { toIso, type Instant } from '../time/index.js';
import { AuditFeedbackSchema, type AuditCloseResult, type AuditFeedback, type AuditReport, type ClosedAudit } from './quality.schemas.js';

/**
 * QA-AUDIT: an audit closes only with feedback recorded for each failed item; feedback must
 * refer to a finding of the report. `details.missing` / `details.unknown` list the finding ids.
 *
 * @example
 * checkAuditClosable(report, [])?.details //=> { missing: ['S07:greeting', 'S12:record-complete'] }
 */
export function checkAuditClosable(report: Pick<AuditReport, 'findings'>, feedback: readonly AuditFeedback[]): Violation | undefined {
  const ids = new Set(report.findings.map((f) => f.findingId));
  const given = new Set(feedback.map((f) => f.findingId));
  const missing = report.findings.map((f) => f.findingId).filter((id) => !given.has(id));
  const unknown = [...given].filter((id) => !ids.has(id)).sort();
  if (missing.length === 0 && unknown.length === 0) return undefined;
  const zh = [missing.length ? `${missing.length} 项不合格未反馈:${missing.join('、')}` : '', unknown.length ? `反馈不对应任何发现:${unknown.join('、')}` : ''].filter(Boolean).join(';');
  const en = [missing.length ? `${missing.length} failed item(s) without feedback: ${missing.join(', ')}` : '', unknown.length ? `feedback for no finding: ${unknown.join(', ')}` : ''].filter(Boolean).join('; ');
  return violation('QA-AUDIT', { reason: { zh, en }, details: { ...(missing.length ? { missing } : {}), ...(unknown.length ? { unknown } : {}) } });
}

/**
 * Close an audit with the feedback for its failed items. Refused (QA-AUDIT) while an item has
 * none. The closed audit carries the training plan (by agent) and the standards to revise that
 * the feedback asks for.
 *
 * @example
 * const result = closeAudit(report, feedback, { by: 'QA-1', at: '2026-12-31T17:00:00+08:00' });
 * result.accepted ? result.value.trainingPlan : result.violations[0].details
 * //=> [{ agentId: 'A2', standardIds: ['greeting'] }]
 */
export function closeAudit(report: AuditReport, feedback: readonly AuditFeedback[], options: { readonly by: string; readonly at: Instant }): AuditCloseResult {
  const entries = parseOrThrow(z.array(AuditFeedbackSchema), feedback, 'audit feedback');
  const refusal = checkAuditClosable(report, entries);
  if (refusal) return { accepted: false, violations: [refusal] };
  const { trainingPlan, standardRevisions } = feedbackPlan(report, entries);
  return {
    accepted: true,
    value: {
      ...report,
      feedbackRecorded: entries,
      trainingPlan,
      standardRevisions,
      closedBy: options.by,
      closedAt: toIso(options.at),
    },
  };
}

/**
 * What the feedback on an audit's findings asks for: the training plan by agent (制定培训计划:
 * `training` and `coaching` feedback) and the standards to revise (完善质量管理标准), in checklist
 * order. Feedback for no finding of the report is ignored (it is refused before it gets here).
 * Internal: not exported from `kefu/quality`; `closeAudit` and the quality-audit machine use it.
 */
export function feedbackPlan(
  report: Pick<AuditReport, 'findings' | 'checklist'>,
  feedback: readonly Pick<AuditFeedback, 'findingId' | 'action'>[],
): Pick<ClosedAudit, 'trainingPlan' | 'standardRevisions'> {
  const finding = new Map(report.findings.map((f) => [f.findingId, f]));
  const training = new Map<string, Set<string>>();
  const revisions = new Set<string>();
  for (const e of feedback) {
    const f = finding.get(e.findingId);
    if (!f) continue;
    if (e.action === 'training' || e.action === 'coaching') {
      const set = training.get(f.agentId) ?? new Set<string>();
      set.add(f.standardId);
      training.set(f.agentId, set);
    } else if (e.action === 'standard-revision') revisions.add(f.standardId);
  }
  const order = report.checklist.map((s) => s.id);
  const sortByChecklist = (ids: Iterable<string>) => [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return {
    trainingPlan: [...training].sort(([a], [b]) => (a < b ? -1 : 1)).map(([agentId, ids]) => ({ agentId, standardIds: sortByChecklist(ids) })),
    standardRevisions: sortByChecklist(revisions),
  };
}
