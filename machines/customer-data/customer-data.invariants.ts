/**
 * What must hold of a stored customer data case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import type { CustomerDataContext } from './customer-data.types.js';

/** Schema of the customer-data machine's context as stored. */
export const CustomerDataContextSchema = contextSchema({
  teamId: z.string().check(z.minLength(1)),
  agents: z.array(z.looseObject({ agentId: z.string().check(z.minLength(1)) })).check(z.minLength(1)),
  owners: z.record(z.string(), z.string()),
  loads: z.record(z.string(), z.int().check(z.nonnegative())),
  pending: z.array(z.looseObject({})),
  contacts: z.record(z.string(), z.looseObject({})),
  escalations: EscalationListSchema,
  flaggedDays: z.array(z.looseObject({})),
});

/** The customer-data machine's state invariants (DATA-ASSIGN). */
export const customerDataInvariants: readonly StateInvariant<CustomerDataContext>[] = [
  {
    name: 'customerData.owners',
    description: 'every category is owned by an agent of the team (DATA-ASSIGN)',
    states: ['*'],
    check: (c) => {
      const agents = new Set(c.agents.map((a) => a.agentId));
      for (const [category, agentId] of Object.entries(c.owners)) {
        if (!agents.has(agentId)) return { path: `owners.${category}`, message: `"${agentId}" is not an agent of the team` };
      }
      return undefined;
    },
  },
  {
    name: 'customerData.loads',
    description: 'customer loads are counted for agents of the team (DATA-ASSIGN)',
    states: ['*'],
    check: (c) => {
      const agents = new Set(c.agents.map((a) => a.agentId));
      const stray = Object.keys(c.loads).find((id) => !agents.has(id));
      return stray === undefined ? undefined : { path: `loads.${stray}`, message: `"${stray}" is not an agent of the team` };
    },
  },
];
