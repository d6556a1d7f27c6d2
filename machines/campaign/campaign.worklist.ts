import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { CampaignContext } from './campaign.types.js';

/**
 * What a telemarketing campaign shows in worklists (CAMPAIGN): in the agents' queue while the list
 * is extracted (数据清单的提取), in the supervisor's while the live activity is monitored (现场活动的监控)
 * and summarized (项目活动的总结); no due time (the documents set none); held by nobody (the context
 * names the calling agents, not an owner). Not about one customer: `member` is `null`.
 */
export function campaignWorklist(s: ProjectedSnapshot<CampaignContext>): WorklistFields {
  return {
    assignee: null,
    role: inState(s.value, 'extracting') ? 'agent' : 'supervisor',
    nextDueAt: null,
    priority: 0,
    member: null,
  };
}
