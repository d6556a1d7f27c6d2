/**
 * ROLE-PERMIT as a property, on every machine: along a walk of the machine (test/support/role-walks.ts,
 * the complaint's happy path), each step is attempted by random principals — nobody, each built-in
 * role, a host role — sent through `send` or straight to the actor, before the walk goes on as the
 * permitted role. The table is the default one or one with a random entry overridden. Whatever the
 * sequence, an event from a role outside the table is never applied: `send` refuses it under
 * ROLE-PERMIT and the case is exactly as it was. A fixed seed and a modest run count;
 * `KEFU_FUZZ_RUNS` / `KEFU_FUZZ_SEED` as in test/trust.fuzz.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import { allowedRoles, builtinRoles, complaintMachine, definePolicy, send, type Policy, type Principal } from 'kefu';
import { kefuMachineKeys, permissionTableOf } from '../src/policy/permissions.js';
import { form, happyPath as complaintPath } from './support/complaint.js';
import { isAction, moveClock, roleWalks, startWalk, type RoleWalk, type WalkEvent } from './support/role-walks.js';

const RUNS = Number(process.env.KEFU_FUZZ_RUNS ?? 15);
const SEED = Number(process.env.KEFU_FUZZ_SEED ?? 20261206);

const ROLES = [...builtinRoles, 'teamLead'] as const;

const walks: Record<string, readonly RoleWalk[]> = {
  ...roleWalks,
  complaint: [{ name: 'the happy path', machine: complaintMachine, input: { form }, start: form.receivedAt, steps: complaintPath as unknown as WalkEvent[] }],
};

/** One attempt at a step: who (no one, or a role) and how (through `send`, or straight to the actor). */
const attempt = fc.record({ role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }), straight: fc.boolean() });
/** Per step of the walk: some attempts by random principals, then (usually) the step by its own role. */
const plan = (steps: number) => fc.array(fc.record({ attempts: fc.array(attempt, { maxLength: 3 }), proceed: fc.boolean() }).map((s) => ({ ...s, proceed: s.proceed || s.attempts.length === 0 })), { minLength: steps, maxLength: steps });

const persisted = (actor: AnyActorRef) => JSON.stringify(actor.getPersistedSnapshot());

// Every machine is loaded (test/support/role-walks.ts imports them all), so each table is registered.
describe.each(kefuMachineKeys)('ROLE-PERMIT (property): %s', (key) => {
  const table = permissionTableOf(key)!;
  const events = Object.keys(table);
  /** The default table, or one whose entry for a random event is a random set of roles (a host role among them). */
  const policyArb = fc.option(
    fc.record({ event: fc.constantFrom(...events), roles: fc.subarray([...ROLES.filter((r) => r !== 'system')], { minLength: 1 }) }),
    { nil: undefined },
  );

  it(`ROLE-PERMIT (property): no ${key} event from a role outside the table is ever applied (${RUNS} runs, seed ${SEED})`, () => {
    let refusedChecked = 0;
    fc.assert(
      fc.property(
        // The walk by its index, so a counterexample prints small.
        fc.nat({ max: walks[key]!.length - 1 }).chain((w) => fc.tuple(fc.constant(w), plan(walks[key]![w]!.steps.length), policyArb)),
        ([w, steps, override]) => {
          const walk = walks[key]![w]!;
          const policy: Policy = definePolicy({
            roles: { extraRoles: ['teamLead'], ...(override ? { permissions: { [key]: { [override.event]: override.roles } } } : {}) },
          } as never);
          const { actor, clock } = startWalk({ ...walk, input: { ...(walk.input as object), policy } });
          // Whether every step so far was applied: a walk's own actions (a cycle's visits) need the steps before them.
          let onTrack = true;
          for (const [i, step] of walk.steps.entries()) {
            if (isAction(step)) {
              if (!onTrack) break;
              step.run(actor, clock);
              continue;
            }
            const { by, ...bare } = step as WalkEvent;
            moveClock(clock, bare.at);
            const allowed = allowedRoles(policy, key, bare.type)!;
            for (const { role, straight } of steps[i]!.attempts) {
              const principal: Principal | undefined = role === undefined ? undefined : { id: `${role}-7`, role };
              const permitted = principal !== undefined && allowed.includes(principal.role);
              const before = actor.getSnapshot();
              const stored = persisted(actor);
              if (straight) actor.send(principal ? { ...bare, by: principal } : bare);
              else {
                const outcome = send(actor, bare, principal ? { by: principal } : {});
                if (!permitted) {
                  // Who acts is checked first: a running case names ROLE-PERMIT whatever the step (one that has ended takes nothing).
                  expect(outcome).toMatchObject(before.status === 'active' ? { accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT' }] } : { accepted: false, reason: 'not-active' });
                  expect(actor.getSnapshot()).toBe(before);
                }
              }
              if (!permitted) {
                expect(persisted(actor), `${key} ${bare.type} by ${role ?? 'nobody'}`).toBe(stored);
                refusedChecked++;
              }
            }
            // The walk goes on as its own role when that role is still in the table (an override may have taken it away).
            const applied = steps[i]!.proceed && allowed.includes(by.role) ? send(actor, bare, { by }).accepted : false;
            onTrack &&= applied;
          }
          actor.stop();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // The property was exercised: some attempts came from outside the table.
    expect(refusedChecked).toBeGreaterThan(0);
  }, 300_000);
});
