import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { QualityAuditContext } from './quality-audit.types.js';

/**
 * What a quality audit shows in worklists (QA-AUDIT): held by its auditor (the quality specialist,
 * 质量管理专员), in the quality specialists' queue — in the agents' while the audited agents
 * acknowledge their results (客服确认); no due time (the documents set none). Not about one customer:
 * `member` is `null`.
 */
export function qualityAuditWorklist(s: ProjectedSnapshot<QualityAuditContext>): WorklistFields {
  return {
    assignee: s.context.auditor,
    role: inState(s.value, 'acknowledging') ? 'agent' : 'quality',
    nextDueAt: null,
    priority: 0,
    member: null,
  };
}
