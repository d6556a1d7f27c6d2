/**
 * ROLE-PERMIT: each machine carries its own default permission table (`withRolePermit(machine,
 * table)`), and a policy holds only a host's overrides. Runs in a module registry of its own
 * (vitest.config.ts, `isolated`): it checks what happens before and after a machine's module is
 * loaded, so no other test file may have loaded the email machine first.
 */
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import {
  allowedRoles,
  defaultPolicy,
  definePolicy,
  isPermissionTableConflictError,
  isValidationError,
  PermissionTableConflictError,
  restrictedEvents,
  send,
  withRolePermit,
  type Policy,
  type ValidationError,
} from 'kefu';

/** A customer's mail (test/support/email.ts imports the email machine, so it is not used here). */
const mail = {
  mailId: 'M-2026-0001',
  messageId: 'in-1',
  from: 'wang@example.com',
  subject: '保养发票抬头有误',
  body: '您好,上周保养的发票抬头写错了,请帮忙重开。',
  receivedAt: '2026-12-01T09:00:00+08:00',
  attachments: [],
};

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe("ROLE-PERMIT: a machine's default permissions travel with the machine", () => {
  it("ROLE-PERMIT: an override of one of kefu's machines that is not loaded yet is checked once the machine is loaded (definePolicy and the machine's input)", async () => {
    const typo = { roles: { permissions: { email: { 'MAIL.TRIAG': ['agent'] } } } };
    // Not loaded: the email machine's table is not known yet, so its event names cannot be checked...
    expect(restrictedEvents('email')).toEqual([]);
    const early = definePolicy(typo);
    // ...but its roles are, and a machine that is not kefu's is refused.
    expect(refusal(() => definePolicy({ roles: { permissions: { email: { 'MAIL.TRIAGE': ['boss'] } } } })).fields).toEqual(['roles.permissions.email.MAIL.TRIAGE.0']);
    expect(refusal(() => definePolicy({ roles: { permissions: { emial: { 'MAIL.TRIAGE': ['agent'] } } } })).fields).toEqual(['roles.permissions.emial']);

    const { emailMachine } = await import('kefu/machines/email');
    expect(restrictedEvents('email')).toContain('MAIL.TRIAGE');
    expect(allowedRoles(defaultPolicy, 'email', 'MAIL.TRIAGE')).toEqual(['agent', 'supervisor']);
    // Loaded: definePolicy refuses the typo, and so does the machine given the policy made before.
    expect(refusal(() => definePolicy(typo)).fields).toEqual(['roles.permissions.email.MAIL.TRIAG']);
    const errors: unknown[] = [];
    const actor = createActor(emailMachine, { input: { mail, policy: early } });
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect((errors[0] as ValidationError).fields).toEqual(['policy.roles.permissions.email.MAIL.TRIAG']);
    // A correct override of the same machine is taken.
    const policy = definePolicy({ roles: { permissions: { email: { 'MAIL.TRIAGE': ['supervisor'] } } } });
    expect(allowedRoles(policy, 'email', 'MAIL.TRIAGE')).toEqual(['supervisor']);
    expect(allowedRoles(policy, 'email', 'MAIL.CLOSE')).toEqual(['agent', 'supervisor']);
  });
});

describe('ROLE-PERMIT: a host machine with its own table', () => {
  const hostMachine = withRolePermit(
    setup({ types: { context: {} as { policy: Policy }, input: {} as { policy?: Policy } } }).createMachine({
      id: 'myProcess',
      context: ({ input }) => ({ policy: input.policy ?? defaultPolicy }),
      initial: 'open',
      states: {
        open: { on: { 'MY.APPROVE': 'approved', 'MY.NOTE': 'noted' } },
        noted: {},
        approved: { type: 'final' },
      },
    }),
    // `MY.NOTE` is restricted but given to no role: only a policy can open it.
    { 'MY.APPROVE': ['supervisor'], 'MY.NOTE': [] },
  );
  const start = (policy?: Policy) => createActor(hostMachine, { input: { policy } }).start();

  it('ROLE-PERMIT: the table of `withRolePermit` is enforced: an agent is refused, the supervisor applies the step', () => {
    expect(allowedRoles(defaultPolicy, 'my-process', 'MY.APPROVE')).toEqual(['supervisor']);
    const actor = start();
    expect(send(actor, { type: 'MY.APPROVE' }, { by: { id: 'a-1', role: 'agent' } })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['supervisor'] } }],
    });
    expect(send(actor, { type: 'MY.APPROVE' })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { by: null } }] });
    expect(send(actor, { type: 'MY.APPROVE' }, { by: { id: 's-1', role: 'supervisor' } }).accepted).toBe(true);
    expect(actor.getSnapshot().value).toBe('approved');
  });

  it('ROLE-PERMIT: a restricted event that no table gives to any role is refused to every role, until a policy gives it to one', () => {
    const actor = start();
    for (const role of ['agent', 'supervisor', 'system']) {
      expect(send(actor, { type: 'MY.NOTE' }, { by: { id: 'u-1', role } })).toMatchObject({
        accepted: false,
        violations: [{ rule: 'ROLE-PERMIT', details: { allowed: [] }, message: { en: expect.stringContaining('no role may send MY.NOTE') } }],
      });
    }
    const opened = start(definePolicy({ roles: { permissions: { 'my-process': { 'MY.NOTE': ['agent'] } } } }));
    expect(send(opened, { type: 'MY.NOTE' }, { by: { id: 'a-1', role: 'agent' } })).toEqual({ accepted: true, eventType: 'MY.NOTE' });
  });

  it("ROLE-PERMIT: definePolicy overrides a host machine's table and refuses a typo'd event of it, naming the field", () => {
    const policy = definePolicy({ roles: { extraRoles: ['teamLead'], permissions: { 'my-process': { 'MY.APPROVE': ['teamLead'] } } } });
    const actor = start(policy);
    expect(send(actor, { type: 'MY.APPROVE' }, { by: { id: 's-1', role: 'supervisor' } }).accepted).toBe(false);
    expect(send(actor, { type: 'MY.APPROVE' }, { by: { id: 't-1', role: 'teamLead' } }).accepted).toBe(true);
    expect(refusal(() => definePolicy({ roles: { permissions: { 'my-process': { 'MY.APROVE': ['supervisor'] } } } })).fields).toEqual([
      'roles.permissions.my-process.MY.APROVE',
    ]);
    expect(refusal(() => definePolicy({ roles: { permissions: { 'other-process': { 'MY.APPROVE': ['supervisor'] } } } })).fields).toEqual([
      'roles.permissions.other-process',
    ]);
  });
});

describe('ROLE-PERMIT: one permission table per key', () => {
  /** A bare chart with the given id, as a host machine (or a second copy of a machine's module) builds it. */
  const chart = (id: string) =>
    setup({ types: { context: {} as { policy: Policy } } }).createMachine({
      id,
      context: { policy: defaultPolicy },
      initial: 'open',
      states: { open: { on: { 'DUP.APPROVE': 'approved', 'DUP.NOTE': 'open' } }, approved: { type: 'final' } },
    });
  const table = { 'DUP.APPROVE': ['supervisor'], 'DUP.NOTE': ['agent', 'supervisor'] };

  function conflict(fn: () => unknown): PermissionTableConflictError {
    try {
      fn();
    } catch (error) {
      if (isPermissionTableConflictError(error)) return error;
      throw error;
    }
    throw new Error('expected a PermissionTableConflictError');
  }

  it('ROLE-PERMIT: the same table registered again under its key — a copy, as the ESM and the CJS build each register their own — is accepted and enforced', () => {
    withRolePermit(chart('dupProcess'), table);
    // Another object with the same content (an event's roles in another order too): the second build's copy.
    const again = withRolePermit(chart('dupProcess'), { 'DUP.NOTE': ['supervisor', 'agent'], 'DUP.APPROVE': ['supervisor'] });
    expect(allowedRoles(defaultPolicy, 'dup-process', 'DUP.NOTE')).toEqual(['agent', 'supervisor']);
    const actor = createActor(again).start();
    expect(send(actor, { type: 'DUP.APPROVE' }, { by: { id: 'a-1', role: 'agent' } })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'DUP.APPROVE' }, { by: { id: 's-1', role: 'supervisor' } }).accepted).toBe(true);
  });

  it('ROLE-PERMIT: a different table under a key already registered is refused with PermissionTableConflictError naming the key and the events that differ; the first table stays in force', () => {
    withRolePermit(chart('dupOther'), table);
    const error = conflict(() => withRolePermit(chart('dupOther'), { 'DUP.APPROVE': ['agent', 'supervisor'], 'DUP.NOTE': ['agent', 'supervisor'], 'DUP.EXTRA': [] }));
    expect(error).toBeInstanceOf(PermissionTableConflictError);
    expect(error).toMatchObject({ code: 'KEFU_PERMISSION_TABLE_CONFLICT', key: 'dup-other', events: ['DUP.APPROVE', 'DUP.EXTRA'] });
    expect(error.message).toContain('"dup-other"');
    expect(allowedRoles(defaultPolicy, 'dup-other', 'DUP.APPROVE')).toEqual(['supervisor']);
    expect(restrictedEvents('dup-other')).toEqual(['DUP.APPROVE', 'DUP.NOTE']);
  });

  it("ROLE-PERMIT: a host machine that takes the id of one of kefu's machines cannot replace its table (the complaint's SUPERVISOR.APPROVE stays the supervisor's)", () => {
    const error = conflict(() => withRolePermit(chart('complaint'), { 'SUPERVISOR.APPROVE': ['agent'] }));
    expect(error.key).toBe('complaint');
    expect(error.events).toContain('SUPERVISOR.APPROVE');
    expect(allowedRoles(defaultPolicy, 'complaint', 'SUPERVISOR.APPROVE')).toEqual(['supervisor']);
  });
});
