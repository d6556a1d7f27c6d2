import { describe, expect, it } from 'vitest';
import { createActor, transition, type EventObject } from 'xstate';
import {
  allowedRoles,
  checkRolePermit,
  complaintMachine,
  defaultPolicy,
  definePolicy,
  explain,
  isValidationError,
  PrincipalSchema,
  type Refusal,
  restrictedEvents,
  send,
  sendOrThrow,
  ValidationError,
} from 'kefu';
import { initialStep, step } from 'kefu/runtime';
// A machine's permission table is registered when its module loads: load the two read below, so this
// file does not depend on another test file having imported them first.
import 'kefu/machines/return-exchange';
import 'kefu/machines/customer-data';
import { complaintPermissions } from '../machines/complaint/complaint.permissions.js';
import { kefuMachineKeys, permissionTableOf } from '../src/policy/permissions.js';
import { loadCatalog } from '../src/catalog/index.js';
import { advanceUntil, form, happyPath, startComplaint, T } from './support/complaint.js';
import { people } from './support/principals.js';

/** A complaint waiting for the supervisor's approval, and the approval event without a principal. */
function awaitingApproval() {
  const actor = startComplaint();
  advanceUntil(actor, 'SUPERVISOR.APPROVE');
  const { by: _by, ...approve } = happyPath.find((e) => e.type === 'SUPERVISOR.APPROVE')!;
  return { actor, approve };
}

describe('ROLE-PERMIT: who may take a step', () => {
  it("ROLE-PERMIT: an agent's approval is refused, naming the supervisor; the supervisor's is applied", () => {
    const { actor, approve } = awaitingApproval();
    const refused = send(actor, approve, { by: people.agent }) as Refusal;
    expect(refused).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['supervisor'], by: people.agent } }] });
    expect(refused.message.zh).toContain('须由客服主管执行');
    expect(refused.message.en).toContain('it is taken by supervisor');
    expect(actor.getSnapshot().matches({ propose: 'awaitingApproval' })).toBe(true);
    expect(send(actor, approve, { by: people.supervisor })).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
    expect(actor.getSnapshot().matches('implement')).toBe(true);
  });

  it('ROLE-PERMIT: a restricted step with no principal is refused ("who is acting is unknown")', () => {
    const actor = startComplaint();
    const refused = send(actor, { type: 'COMPLAINT.REGISTER', at: T('09:40') }) as Refusal;
    expect(refused).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { by: null } }] });
    expect(refused.message.en).toContain('who is acting is unknown');
    expect(refused.message.zh).toContain('操作人未知');
    expect(actor.getSnapshot().value).toBe('register');
    expect(send(actor, { type: 'COMPLAINT.REGISTER', at: T('09:40') }, { by: people.agent }).accepted).toBe(true);
  });

  it('ROLE-PERMIT: actor.send straight to the actor cannot apply a forbidden step either (the guard is in the chart)', () => {
    const { actor, approve } = awaitingApproval();
    actor.send({ ...approve, by: people.agent });
    actor.send(approve);
    expect(actor.getSnapshot().matches({ propose: 'awaitingApproval' })).toBe(true);
    expect(actor.getSnapshot().can({ ...approve, by: people.supervisor })).toBe(true);
    actor.send({ ...approve, by: people.supervisor });
    expect(actor.getSnapshot().matches('implement')).toBe(true);
  });

  it("ROLE-PERMIT: XState's pure transition() refuses it too", () => {
    const { actor, approve } = awaitingApproval();
    const [next] = transition(complaintMachine, actor.getSnapshot(), { ...approve, by: people.customer });
    expect(next.matches({ propose: 'awaitingApproval' })).toBe(true);
    const [ok] = transition(complaintMachine, actor.getSnapshot(), { ...approve, by: people.supervisor });
    expect(ok.matches('implement')).toBe(true);
  });

  it('ROLE-PERMIT: a `by` in the payload that disagrees with the host\'s principal is refused; one that agrees is fine', () => {
    const { actor, approve } = awaitingApproval();
    const forged = send(actor, { ...approve, by: people.supervisor }, { by: people.agent });
    expect(forged).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { field: 'by' } }] });
    expect(explain(actor.getSnapshot(), { ...approve, by: people.supervisor } as EventObject, { by: people.agent }).accepted).toBe(false);
    expect(send(actor, { ...approve, by: people.supervisor }, { by: people.supervisor }).accepted).toBe(true);
  });

  it('ROLE-PERMIT: explain says the same as send, without sending', () => {
    const { actor, approve } = awaitingApproval();
    expect(explain(actor.getSnapshot(), approve, { by: people.agent })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(explain(actor.getSnapshot(), approve, { by: people.supervisor })).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
    expect(actor.getSnapshot().matches({ propose: 'awaitingApproval' })).toBe(true);
  });

  it('ROLE-PERMIT: sendOrThrow throws a RefusedError naming ROLE-PERMIT', () => {
    const { actor, approve } = awaitingApproval();
    expect(() => sendOrThrow(actor, approve, { by: people.customer })).toThrowError(/ROLE-PERMIT/);
    expect(sendOrThrow(actor, approve, { by: people.supervisor }).accepted).toBe(true);
  });

  it('ROLE-PERMIT: a malformed principal is an invalid event naming `by`', () => {
    const actor = startComplaint();
    const outcome = send(actor, { type: 'COMPLAINT.REGISTER', at: T('09:40') }, { by: { id: 'x'.repeat(500), role: 'agent' } });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'by.id' }] });
    expect(PrincipalSchema.safeParse(people.agent).success).toBe(true);
  });

  it('ROLE-PERMIT: step() and its `by` option refuse and apply like send', () => {
    const opened = initialStep(complaintMachine, { form }, { now: T('09:35'), caseId: form.caseId });
    const anonymous = step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER' }, { now: T('09:40'), caseId: form.caseId });
    expect(anonymous).toMatchObject({ status: 'refused', violations: [{ rule: 'ROLE-PERMIT' }] });
    const customer = step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER' }, { now: T('09:40'), by: people.customer });
    expect(customer).toMatchObject({ status: 'refused', violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['agent', 'supervisor', 'afterSales'] } }] });
    const agent = step(complaintMachine, opened.envelope, { type: 'COMPLAINT.REGISTER' }, { now: T('09:40'), by: people.agent });
    expect(agent.status).toBe('applied');
    expect(agent.event).toMatchObject({ by: people.agent });
  });
});

describe('ROLE-PERMIT: the permission table is policy data', () => {
  it('the default table gives approval to the supervisor and the signature to the customer', () => {
    expect(allowedRoles(defaultPolicy, 'complaint', 'SUPERVISOR.APPROVE')).toEqual(['supervisor']);
    expect(allowedRoles(defaultPolicy, 'complaint', 'CUSTOMER.ACKNOWLEDGE')).toEqual(['customer']);
    expect(allowedRoles(defaultPolicy, 'return-exchange', 'REQUEST.APPROVE')).toContain('afterSales');
    expect(allowedRoles(defaultPolicy, 'customer-data', 'CUSTOMERS.ASSIGN')).toEqual(['supervisor']);
    expect(restrictedEvents('complaint')).toEqual(Object.keys(complaintPermissions));
  });

  it('definePolicy overrides one entry and keeps the rest', () => {
    const policy = definePolicy({ roles: { extraRoles: ['teamLead'], permissions: { complaint: { 'SUPERVISOR.APPROVE': ['supervisor', 'teamLead'] } } } });
    expect(allowedRoles(policy, 'complaint', 'SUPERVISOR.APPROVE')).toEqual(['supervisor', 'teamLead']);
    expect(allowedRoles(policy, 'complaint', 'REVIEW.FILE')).toEqual(['supervisor']);
    const { actor, approve } = (() => {
      const actor = createActor(complaintMachine, { input: { form, policy } }).start();
      advanceUntil(actor, 'SUPERVISOR.APPROVE');
      return { actor, approve: { ...happyPath.find((e) => e.type === 'SUPERVISOR.APPROVE')!, by: undefined } };
    })();
    expect(send(actor, approve, { by: { id: 'lead-1', role: 'teamLead' } }).accepted).toBe(true);
  });

  it.each([
    ['an unknown event', { complaint: { 'SUPERVISOR.APROVE': ['supervisor'] } }, 'roles.permissions.complaint.SUPERVISOR.APROVE'],
    ['an unknown role', { complaint: { 'SUPERVISOR.APPROVE': ['boss'] } }, 'roles.permissions.complaint.SUPERVISOR.APPROVE.0'],
    ['an unknown machine', { complain: { 'SUPERVISOR.APPROVE': ['supervisor'] } }, 'roles.permissions.complain'],
    ['no role at all', { complaint: { 'SUPERVISOR.APPROVE': [] } }, 'roles.permissions.complaint.SUPERVISOR.APPROVE'],
  ])('ROLE-PERMIT: definePolicy refuses %s, naming the field', (_, permissions, field) => {
    let error: unknown;
    try {
      definePolicy({ roles: { permissions } as never });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
  });

  it('ROLE-PERMIT: the opt-out `roles.enforce: false` lets any caller, or none, take a step', () => {
    const policy = definePolicy({ roles: { enforce: false } });
    const actor = createActor(complaintMachine, { input: { form, policy } }).start();
    expect(send(actor, { type: 'COMPLAINT.REGISTER', at: T('09:40') }).accepted).toBe(true);
    expect(checkRolePermit(policy, 'complaint', { type: 'SUPERVISOR.APPROVE' })).toBeUndefined();
    expect(checkRolePermit(defaultPolicy, 'complaint', { type: 'SUPERVISOR.APPROVE' })?.rule).toBe('ROLE-PERMIT');
  });
});

describe('ROLE-PERMIT: every machine', () => {
  it('ROLE-PERMIT (property): for every machine, event and role, checkRolePermit accepts exactly the roles of the table', async () => {
    await loadCatalog();
    const roles = ['agent', 'supervisor', 'afterSales', 'quality', 'customer', 'system', 'teamLead'];
    for (const id of kefuMachineKeys) {
      const table = permissionTableOf(id)!;
      expect(Object.keys(table).length, id).toBeGreaterThan(0);
      for (const [type, allowed] of Object.entries(table)) {
        expect(checkRolePermit(defaultPolicy, id, { type })?.rule).toBe('ROLE-PERMIT');
        for (const role of roles) {
          const v = checkRolePermit(defaultPolicy, id, { type, by: { id: 'u-1', role } } as EventObject);
          expect(v === undefined, `${id} ${type} by ${role}`).toBe(allowed.includes(role));
        }
      }
    }
  });
});
