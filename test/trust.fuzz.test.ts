/**
 * Fuzzing every machine through the public entry with valid, malformed and hostile events.
 * A fixed seed and a modest run count in CI; more with `KEFU_FUZZ_RUNS=2000` (and another seed
 * with `KEFU_FUZZ_SEED=<n>`). Each run starts a fresh actor and sends a random sequence; after
 * every event: no uncaught exception, every refusal typed, a refused event leaves the snapshot
 * as it was, the actor is never in `error`, the snapshot survives a JSON round trip, the
 * machine's context schema and state invariants hold, and `Object.prototype` is untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import { invariantFailures, send, type RefusalReason } from 'kefu';
import { trustCases, type AnyEvent } from './support/trust-cases.js';

const RUNS = Number(process.env.KEFU_FUZZ_RUNS ?? 15);
const SEED = Number(process.env.KEFU_FUZZ_SEED ?? 20261201);
const REASONS: readonly RefusalReason[] = ['invalid-event', 'rule', 'no-matching-guard', 'unexpected-event', 'not-active', 'failed'];

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('', '\u0000', '\u202e‮abc', '👨‍👩‍👧‍👦'.repeat(50), 'x'.repeat(5000), '不行', '<script>', '__proto__', 'constructor'),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, null, true, [], {}),
  fc.constantFrom('2026-02-30T10:00:00+08:00', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z', 'yesterday', '2026-12-01T10:00'),
  fc.integer(),
);
const hostileType = fc.constantFrom('xstate.init', 'xstate.after.1000.complaint.register', 'xstate.done.actor.x', 'UNKNOWN', '', '*', '__proto__');

/** One event to send: valid, or mutated from a valid one. */
function eventArb(events: readonly AnyEvent[]): fc.Arbitrary<unknown> {
  const valid = fc.constantFrom(...events);
  const shifted = fc.tuple(valid, fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([e, ms]) => ({ ...e, at: new Date(Date.parse(e.at as string) + ms).toISOString() }));
  const fieldSet = fc.tuple(valid, fc.oneof(fc.constantFrom(...new Set(events.flatMap((e) => Object.keys(e)))), fc.string()), hostileValue).map(([e, k, v]) => ({ ...e, [k]: v }));
  const fieldDropped = fc.tuple(valid, fc.nat()).map(([e, i]) => {
    const keys = Object.keys(e).filter((k) => k !== 'type');
    const copy: Record<string, unknown> = { ...e };
    if (keys.length > 0) delete copy[keys[i % keys.length]!];
    return copy;
  });
  const retyped = fc.tuple(valid, hostileType).map(([e, type]) => ({ ...e, type }));
  const proto = valid.map((e) => JSON.parse(`{"type":${JSON.stringify(e.type)},"at":${JSON.stringify(e.at)},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`) as unknown);
  const notAnEvent = fc.constantFrom(null, undefined, 42, 'EVENT', [], [{ type: 'X' }]);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: shifted },
    { weight: 3, arbitrary: fieldSet },
    { weight: 1, arbitrary: fieldDropped },
    { weight: 1, arbitrary: retyped },
    { weight: 1, arbitrary: proto },
    { weight: 1, arbitrary: notAnEvent },
  );
}

describe.each(trustCases)('fuzz: $id', (c) => {
  it(`holds its invariants under ${RUNS} random sequences (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(eventArb(c.events), { minLength: 1, maxLength: 12 }), (sequence) => {
        const actor: AnyActorRef = createActor(c.machine, { input: c.input, clock: new SimulatedClock() } as never).start();
        for (const event of sequence) {
          const before = actor.getSnapshot() as AnyMachineSnapshot;
          const outcome = send(actor, event as never);
          const after = actor.getSnapshot() as AnyMachineSnapshot;
          expect(typeof outcome.accepted).toBe('boolean');
          if (!outcome.accepted) {
            expect(REASONS).toContain(outcome.reason);
            expect(typeof outcome.message.en).toBe('string');
            expect(after).toBe(before);
          }
          expect(after.status).not.toBe('error');
          // The snapshot survives a JSON round trip: revived from its JSON, it is the same case.
          const revived = createActor(c.machine, { snapshot: JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) } as never).getSnapshot() as AnyMachineSnapshot;
          expect(revived.value).toEqual(after.value);
          expect(revived.context).toEqual(JSON.parse(JSON.stringify(after.context)));
          expect(invariantFailures(c.machine.id, after)).toEqual([]);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty('polluted');
        }
        actor.stop();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);
});
