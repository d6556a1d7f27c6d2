import type { Principal } from 'kefu';

/** One principal per role, as a host's session would give them (ROLE-PERMIT). */
export const people = {
  agent: { id: 'agent-zhou', role: 'agent' },
  agent2: { id: 'agent-li', role: 'agent' },
  supervisor: { id: 'sup-zhang', role: 'supervisor' },
  supervisor2: { id: 'sup-wang', role: 'supervisor' },
  afterSales: { id: 'as-chen', role: 'afterSales' },
  quality: { id: 'qa-zhao', role: 'quality' },
  customer: { id: 'cust-wang', role: 'customer' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Principal>;

/**
 * An agent as the host's session names them when the records use the same id: the audited or
 * assessed agent acknowledging their own results (ROLE-PERMIT: the principal's id is the `agentId`).
 */
export const agentOf = (id: string) => ({ id, role: 'agent' }) as const satisfies Principal;
