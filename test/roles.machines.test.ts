/**
 * ROLE-PERMIT on every machine, on real actors: each step of each walk (test/support/role-walks.ts)
 * is first sent with no principal and from every role the default table does not give it — each
 * refused under ROLE-PERMIT with a zh/en message naming the roles that may take the step, the case
 * untouched, and the chart's own guard refusing it too (`snapshot.can`, `actor.send`) — then asked
 * (`explain`) from every role the table gives it, and sent from one of them: applied.
 */
import { describe, expect, it } from 'vitest';
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import { allowedRoles, builtinRoles, defaultPolicy, explain, restrictedEvents, roleName, send, type Principal, type Refusal } from 'kefu';
import { kefuMachineKeys } from '../src/policy/permissions.js';
import { machineModules } from '../src/catalog/machines.js';
import { loadCatalog, stateNodesOf, transitionsOf } from '../src/catalog/index.js';
import { permissionKey } from '../src/roles/permit.js';
import { isAction, moveClock, roleWalks, startWalk, type RoleWalk, type WalkEvent } from './support/role-walks.js';

/** Roles to try beside the built-in ones: a host role the default table gives nothing. */
const ROLES = [...builtinRoles, 'teamLead'] as const;

/** The persisted form of a snapshot, to compare a case before and after a refused step. */
const persisted = (actor: AnyActorRef) => JSON.stringify(actor.getPersistedSnapshot());

function expectRoleRefusal(outcome: ReturnType<typeof send>, type: string, allowed: readonly string[], by: Principal | null): void {
  expect(outcome, `${type} by ${by?.role ?? 'nobody'}`).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { eventType: type, allowed: [...allowed], by } }] });
  const { message } = outcome as Refusal;
  // The message names who may take the step, in both languages.
  for (const role of allowed) {
    expect(message.zh).toContain(roleName(role).zh);
    expect(message.en).toContain(roleName(role).en);
  }
  if (by === null) {
    expect(message.zh).toContain('操作人未知');
    expect(message.en).toContain('who is acting is unknown');
  } else {
    expect(message.zh).toContain(`${roleName(by.role).zh}不能执行 ${type}`);
    expect(message.en).toContain(`${roleName(by.role).en} may not send ${type}`);
  }
}

/** Replay one walk, checking every step from every role; returns the event types it applied. */
function replay(key: string, walk: RoleWalk): string[] {
  const { actor, clock } = startWalk(walk);
  const applied: string[] = [];
  for (const step of walk.steps) {
    if (isAction(step)) {
      step.run(actor, clock);
      continue;
    }
    const { by, ...bare } = step as WalkEvent;
    const type = bare.type;
    moveClock(clock, bare.at);
    const allowed = allowedRoles(defaultPolicy, key, type);
    expect(allowed, `${key} ${type} is in the permission table`).toBeDefined();
    expect(allowed, `the walk sends ${type} from a role the table gives it`).toContain(by.role);

    const before = actor.getSnapshot() as AnyMachineSnapshot;
    const stored = persisted(actor);

    // No principal: refused, the case as it was; the chart's guard refuses it too.
    expectRoleRefusal(send(actor, bare), type, allowed!, null);
    expect(actor.getSnapshot()).toBe(before);
    expect(before.can(bare)).toBe(false);

    // Every role outside the table.
    for (const role of ROLES.filter((r) => !allowed!.includes(r))) {
      const other = { id: `${role}-1`, role };
      expectRoleRefusal(send(actor, bare, { by: other }), type, allowed!, other);
      expect(actor.getSnapshot()).toBe(before);
      expect(before.can({ ...bare, by: other }), `${type} by ${role} (chart)`).toBe(false);
    }
    // Straight to the actor, past `send`: the chart still applies nothing.
    const outsider = ROLES.find((r) => !allowed!.includes(r))!;
    actor.send({ ...bare, by: { id: `${outsider}-1`, role: outsider } });
    expect(persisted(actor), `${type} by ${outsider} sent straight to the actor`).toBe(stored);

    // Every role the table gives the step may take it (asked without sending).
    for (const role of allowed!) {
      const principal = role === by.role ? by : { id: `${role}-1`, role };
      expect(explain(before, bare, { by: principal }), `${type} by ${role}`).toEqual({ accepted: true, eventType: type });
    }
    expect(before.can({ ...bare, by })).toBe(true);
    // ...and it is applied.
    expect(send(actor, bare, { by }), `${key}: ${walk.name}: ${type}`).toEqual({ accepted: true, eventType: type });
    applied.push(type);
  }
  actor.stop();
  return applied;
}

const keys = kefuMachineKeys.filter((k) => k !== 'complaint');

describe.each(keys)('ROLE-PERMIT: %s', (key) => {
  const walks = roleWalks[key] ?? [];

  it.each(walks.map((w) => [w.name, w] as const))(`ROLE-PERMIT: ${key}, %s — every step is refused from no one and from every other role, and applied from its own`, (_, walk) => {
    replay(key, walk);
  });

  it(`ROLE-PERMIT: the ${key} walks send every event the table restricts`, () => {
    const sent = new Set(walks.flatMap((w) => w.steps.filter((s) => !isAction(s)).map((s) => (s as WalkEvent).type)));
    expect([...restrictedEvents(key)].filter((t) => !sent.has(t))).toEqual([]);
    expect(walks.length).toBeGreaterThan(0);
  });
});

describe('ROLE-PERMIT: the table covers every chart', () => {
  /** Events a machine raises for itself (never in its event schema, so `send` refuses them as malformed). */
  const raisedByTheMachine: Record<string, readonly string[]> = { 'customer-data': ['CONTACTS.SCHEDULE'] };

  it('ROLE-PERMIT: every event a chart takes from outside is in the permission table, and every entry of the table is an event of its chart', async () => {
    const catalog = await loadCatalog();
    // Each machine carries its table; the list of kefu's machines that policy validation knows is the catalog's.
    expect(catalog.map((e) => permissionKey(e.machine.id)).sort()).toEqual([...kefuMachineKeys].sort());
    expect([...kefuMachineKeys].sort()).toEqual(Object.keys(machineModules).sort());
    for (const { machine } of catalog) {
      const key = permissionKey(machine.id);
      const taken = new Set<string>();
      for (const node of stateNodesOf(machine)) for (const t of transitionsOf(node)) if (t.eventType && !t.eventType.startsWith('xstate.')) taken.add(t.eventType);
      const own = raisedByTheMachine[key] ?? [];
      expect([...taken].filter((t) => !own.includes(t)).sort(), key).toEqual([...restrictedEvents(key)].sort());
    }
  });
});
