/**
 * Assigning customers to agents (资料处理, DATA-ASSIGN): 按照负责客户数量均衡、兼顾业务能力的原则.
 * Pure functions; the machine's assignment step uses them, hosts may call them to preview.
 *
 * "Balanced" is defined by what one agent could take over from another: an assignment is
 * unbalanced when a newly assigned customer sits with an agent holding more than `tolerance`
 * customers more than another agent equally able to hold that customer. That is always
 * achievable, whatever the agents' categories and levels, and it is what {@link assignCustomers}
 * produces.
 */
import type { AbilityRule, AgentProfile, Assignment, CustomerToAssign } from './customer-data.schemas.js';

/** Options of {@link assignCustomers} and {@link findAssignmentProblems}. */
export interface AssignOptions {
  /** How agents' ability is honoured. @default 'match' */
  readonly ability?: AbilityRule;
  /** How many customers each agent already holds, by agent id. @default {} */
  readonly loads?: Readonly<Record<string, number>>;
  /** How far apart the counts of two agents equally able to hold a customer may be. @default 1 (policy `data.assignmentTolerance`) */
  readonly tolerance?: number;
}

/** What {@link assignCustomers} returns. */
export interface AssignResult {
  /** One entry per assigned customer, in the customers' order. */
  readonly assignments: Assignment[];
  /** Customers no agent is able to hold (no agent with the category or the level). */
  readonly unassigned: string[];
  /** Customers held per agent after the assignment (every agent listed). */
  readonly loads: Record<string, number>;
}

/** Something wrong with an assignment submitted by hand. */
export type AssignmentProblem =
  | { readonly kind: 'unknown-agent'; readonly customerId: string; readonly agentId: string }
  | { readonly kind: 'unknown-customer'; readonly customerId: string }
  | { readonly kind: 'duplicate'; readonly customerId: string }
  | { readonly kind: 'not-able'; readonly customerId: string; readonly agentId: string }
  | {
      readonly kind: 'unbalanced';
      readonly customerId: string;
      /** The agent the customer was given to, and how many they hold then. */
      readonly agentId: string;
      readonly load: number;
      /** An agent equally able to hold the customer who holds fewer. */
      readonly betterAgentId: string;
      readonly betterLoad: number;
    };

const level = (a: AgentProfile) => a.level ?? 1;

/**
 * Whether an agent is able to hold a customer (兼顾业务能力): level at least the customer's
 * `minLevel`, and the customer's category among the agent's categories when the agent lists any.
 *
 * @example
 * canHold({ agentId: 'A1', level: 2, categories: ['vip'] }, { customerId: 'K1', category: 'vip', minLevel: 3 })
 * //=> false (level 2 < 3)
 */
export function canHold(agent: AgentProfile, customer: CustomerToAssign, ability: AbilityRule = 'match'): boolean {
  if (ability === 'ignore') return true;
  if (customer.minLevel !== undefined && level(agent) < customer.minLevel) return false;
  if (customer.category !== undefined && agent.categories !== undefined && !agent.categories.includes(customer.category)) return false;
  return true;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Assign customers to agents, balancing how many each holds and honouring their ability
 * (DATA-ASSIGN). Deterministic: the customers with the fewest able agents go first, each to the
 * able agent holding the fewest (ties by agent id); then customers are moved while one could go
 * to an equally able agent holding more than `tolerance` fewer.
 *
 * @example
 * assignCustomers(
 *   [{ customerId: 'K1' }, { customerId: 'K2' }, { customerId: 'K3', minLevel: 3 }],
 *   [{ agentId: 'A1', level: 1 }, { agentId: 'A2', level: 3 }],
 *   { ability: 'match' },
 * ).assignments
 * //=> [{ customerId: 'K1', agentId: 'A1' }, { customerId: 'K2', agentId: 'A1' }, { customerId: 'K3', agentId: 'A2' }]
 */
export function assignCustomers(
  customers: readonly CustomerToAssign[],
  agents: readonly AgentProfile[],
  options: AssignOptions = {},
): AssignResult {
  const ability = options.ability ?? 'match';
  const tolerance = options.tolerance ?? 1;
  const loads: Record<string, number> = {};
  for (const a of agents) loads[a.agentId] = options.loads?.[a.agentId] ?? 0;
  const sortedAgents = [...agents].sort((a, b) => byId(a.agentId, b.agentId));
  const able = new Map(customers.map((c) => [c.customerId, sortedAgents.filter((a) => canHold(a, c, ability)).map((a) => a.agentId)]));

  const chosen = new Map<string, string>();
  const unassigned: string[] = [];
  const order = [...customers].sort((a, b) => able.get(a.customerId)!.length - able.get(b.customerId)!.length || byId(a.customerId, b.customerId));
  for (const c of order) {
    const candidates = able.get(c.customerId)!;
    if (candidates.length === 0) {
      unassigned.push(c.customerId);
      continue;
    }
    let best = candidates[0]!;
    for (const id of candidates) if (loads[id]! < loads[best]!) best = id;
    chosen.set(c.customerId, best);
    loads[best]!++;
  }

  // Greedy choices can leave an agent who took an early customer behind one who could have
  // taken it; move such customers until none can improve the balance. Each move lowers the sum
  // of squared loads, so this ends.
  for (let moved = true; moved; ) {
    moved = false;
    for (const c of order) {
      const from = chosen.get(c.customerId);
      if (from === undefined) continue;
      const to = able.get(c.customerId)!.find((id) => loads[from]! - loads[id]! > tolerance);
      if (to !== undefined) {
        chosen.set(c.customerId, to);
        loads[from]!--;
        loads[to]!++;
        moved = true;
      }
    }
  }

  const assignments = customers.filter((c) => chosen.has(c.customerId)).map((c) => ({ customerId: c.customerId, agentId: chosen.get(c.customerId)! }));
  return { assignments, unassigned: unassigned.sort(byId), loads };
}

/**
 * What is wrong with an assignment made by hand (DATA-ASSIGN): unknown agents or customers,
 * customers given twice, agents not able to hold their customer, and customers given to an
 * agent holding more than `tolerance` customers more than another agent equally able to hold
 * them. An empty list means the assignment is acceptable.
 *
 * @example
 * findAssignmentProblems(
 *   [{ customerId: 'K1', agentId: 'A1' }, { customerId: 'K2', agentId: 'A1' }],
 *   [{ customerId: 'K1' }, { customerId: 'K2' }],
 *   [{ agentId: 'A1' }, { agentId: 'A2' }],
 * )
 * //=> [{ kind: 'unbalanced', customerId: 'K1', agentId: 'A1', load: 2, betterAgentId: 'A2', betterLoad: 0 }, ... K2]
 */
export function findAssignmentProblems(
  assignments: readonly Assignment[],
  customers: readonly CustomerToAssign[],
  agents: readonly AgentProfile[],
  options: AssignOptions = {},
): AssignmentProblem[] {
  const ability = options.ability ?? 'match';
  const tolerance = options.tolerance ?? 1;
  const agentById = new Map(agents.map((a) => [a.agentId, a]));
  const customerById = new Map(customers.map((c) => [c.customerId, c]));
  const problems: AssignmentProblem[] = [];
  const seen = new Set<string>();
  const loads: Record<string, number> = {};
  for (const a of agents) loads[a.agentId] = options.loads?.[a.agentId] ?? 0;
  const valid: Assignment[] = [];
  for (const a of assignments) {
    const customer = customerById.get(a.customerId);
    const agent = agentById.get(a.agentId);
    if (seen.has(a.customerId)) problems.push({ kind: 'duplicate', customerId: a.customerId });
    else if (!customer) problems.push({ kind: 'unknown-customer', customerId: a.customerId });
    else if (!agent) problems.push({ kind: 'unknown-agent', customerId: a.customerId, agentId: a.agentId });
    else if (!canHold(agent, customer, ability)) problems.push({ kind: 'not-able', customerId: a.customerId, agentId: a.agentId });
    else {
      valid.push(a);
      loads[a.agentId]!++;
    }
    seen.add(a.customerId);
  }
  const sortedAgents = [...agents].sort((a, b) => byId(a.agentId, b.agentId));
  for (const a of valid) {
    const customer = customerById.get(a.customerId)!;
    let better: string | undefined;
    for (const other of sortedAgents) {
      if (other.agentId === a.agentId || !canHold(other, customer, ability)) continue;
      if (loads[a.agentId]! - loads[other.agentId]! > tolerance && (better === undefined || loads[other.agentId]! < loads[better]!)) better = other.agentId;
    }
    if (better !== undefined) {
      problems.push({ kind: 'unbalanced', customerId: a.customerId, agentId: a.agentId, load: loads[a.agentId]!, betterAgentId: better, betterLoad: loads[better]! });
    }
  }
  return problems;
}
