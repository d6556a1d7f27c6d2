/**
 * What must hold of a stored campaign case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { CampaignContext } from './campaign.types.js';

/** Schema of the campaign machine's context as stored. */
export const CampaignContextSchema = contextSchema({
  campaignId: z.string().check(z.minLength(1)),
  target: z.looseObject({ sales: z.number().check(z.nonnegative()) }),
  list: z.record(z.string(), z.looseObject({})),
  agentIds: z.array(z.string().check(z.minLength(1))),
  calls: StampedListSchema,
  launchedAt: z.optional(StoredInstantSchema),
  monitoringEndedAt: z.optional(StoredInstantSchema),
  completedAt: z.optional(StoredInstantSchema),
});

/** The campaign's state invariants (CAMPAIGN). */
export const campaignInvariants: readonly StateInvariant<CampaignContext>[] = [
  fieldInvariant('campaign.launched', ['monitoring', 'summarizing', 'completed'], 'launchedAt', 'a campaign being monitored was launched (CAMPAIGN)'),
  {
    name: 'campaign.agents',
    description: 'a launched campaign has agents to call',
    states: ['monitoring', 'summarizing', 'completed'],
    check: (c) => (c.agentIds.length > 0 ? undefined : { path: 'agentIds', message: 'no agents assigned' }),
  },
  fieldInvariant('campaign.monitored', ['summarizing', 'completed'], 'monitoringEndedAt', 'a campaign being summarized ended its monitoring (CAMPAIGN)'),
  fieldInvariant('campaign.completed', ['completed'], 'completedAt', 'a completed campaign has its completion time'),
];
