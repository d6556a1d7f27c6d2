import type { AnyActorRef, EventObject } from 'xstate';
import { defaultPolicy } from '../../policy/index.js';
import type { Policy } from '../../policy/index.js';
import { allowedRoles, permissionKey } from '../../roles/permit.js';
import type { Principal } from '../../roles/principal.js';
import { send, type Outcome } from '../../rules/index.js';

/**
 * The demo's staff, one per role. A host takes the principal from its own authenticated
 * session; the simulation stands in for that session and lets the person whose job a step
 * is take it (the first role the policy's table gives the step).
 */
export const demoStaff = {
  agent: { id: 'A-01', role: 'agent' },
  supervisor: { id: 'S-01', role: 'supervisor' },
  afterSales: { id: 'AS-01', role: 'afterSales' },
  quality: { id: 'Q-01', role: 'quality' },
  customer: { id: 'customer', role: 'customer' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Principal>;

/** The member of {@link demoStaff} whose job it is to send `eventType` to `actor`'s machine. */
export function whoseStep(actor: AnyActorRef, eventType: string): Principal {
  const snapshot = actor.getSnapshot() as { machine?: { id: string }; context?: { policy?: Policy } };
  const policy = snapshot.context?.policy ?? defaultPolicy;
  const role = allowedRoles(policy, permissionKey(snapshot.machine?.id ?? ''), eventType)?.[0];
  return (role && (demoStaff as Record<string, Principal>)[role]) || demoStaff.agent;
}

/** `send`, by the given principal or the one whose job the step is. */
export function sendAs(actor: AnyActorRef, event: EventObject, by?: Principal): Outcome {
  return send(actor, event as never, { by: by ?? whoseStep(actor, event.type) });
}
