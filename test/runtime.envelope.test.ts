import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine, isKefuError, sendOrThrow } from 'kefu';
import {
  CaseEnvelopeSchema,
  defineMachine,
  FutureVersionError,
  isFutureVersionError,
  isMalformedSnapshotError,
  isMigrationError,
  isSnapshotError,
  isUnknownMachineError,
  isUnknownStateError,
  MalformedSnapshotError,
  migrateEnvelope,
  restore,
  restoreActor,
  serialize,
  UnknownStateError,
  type CaseEnvelope,
} from 'kefu/runtime';
import { advanceUntil, form, T } from './support/complaint.js';
import { deployV1, deployV2, plus, ticketMachine } from './support/runtime-machines.js';
import { people } from './support/principals.js';

function complaintEnvelope(): CaseEnvelope {
  const actor = createActor(complaintMachine, { input: { form } }).start();
  advanceUntil(actor, 'PROPOSAL.SUBMIT');
  return serialize(complaintMachine, actor, { now: T('16:15') });
}

function expectThrows<E>(fn: () => unknown, check: (e: unknown) => e is E): E {
  try {
    fn();
  } catch (error) {
    expect(check(error)).toBe(true);
    return error as E;
  }
  throw new Error('expected an error');
}

describe('envelope: serialize and restore', () => {
  it('serializes an actor into { machine, version, snapshot, updatedAt } that survives JSON', () => {
    const envelope = complaintEnvelope();
    expect(envelope).toMatchObject({ machine: 'complaint', version: 2, updatedAt: '2026-12-01T08:15:00.000Z' });
    expect(envelope.snapshot.value).toEqual({ propose: 'drafting' });
    expect(CaseEnvelopeSchema.safeParse(JSON.parse(JSON.stringify(envelope))).success).toBe(true);
  });

  it('records the actor\'s pending delayed events as timers with absolute due times', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    const envelope = serialize(complaintMachine, actor, { now: T('09:31') });
    actor.stop();
    expect(envelope.timers).toHaveLength(1);
    expect(envelope.timers[0]!.id).toBe('xstate.after.acknowledgeDeadline.complaint.register');
  });

  it('restores into the machine from an object or JSON text, and the case continues', () => {
    const envelope = complaintEnvelope();
    for (const input of [envelope, JSON.stringify(envelope)]) {
      const { snapshot } = restore(complaintMachine, input);
      const actor = createActor(complaintMachine, { snapshot, input: undefined as never }).start();
      sendOrThrow(actor, { type: 'PROPOSAL.SUBMIT', by: people.agent, at: T('16:20') });
      expect(actor.getSnapshot().value).toEqual({ propose: 'awaitingApproval' });
      expect(actor.getSnapshot().context.proposals).toHaveLength(2);
    }
  });

  it('serializes a bare snapshot as well as an actor', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    const fromSnapshot = serialize(complaintMachine, actor.getSnapshot(), { now: T('09:31') });
    expect(fromSnapshot.snapshot).toEqual(serialize(complaintMachine, actor, { now: T('09:31') }).snapshot);
    expect(fromSnapshot.timers).toEqual([]);
  });

  it('restoreActor re-arms timers whose due time passed while nothing ran, so the escalation fires', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const actor = createActor(ticketMachine, { input: { ticketId: 'T-1', at, dueAt: plus(at, 30_000) } });
    const envelope = serialize(ticketMachine, actor.getSnapshot(), {
      timers: [{ id: 'xstate.after.deadline.test-ticket.open', event: { type: 'xstate.after.deadline.test-ticket.open' }, due: plus(at, 30_000) }],
    });
    const restored = restoreActor(ticketMachine, envelope);
    await new Promise((r) => setTimeout(r, 20));
    expect(restored.getSnapshot().context.escalations).toHaveLength(1);
    restored.stop();
  });
});

describe('envelope: corrupt envelopes are rejected with a typed error that says which', () => {
  it('malformed JSON → MalformedSnapshotError', () => {
    const error = expectThrows(() => restore(complaintMachine, '{"machine": "complaint", "version": 1, "snap'), isMalformedSnapshotError);
    expect(error.code).toBe('KEFU_SNAPSHOT_MALFORMED');
    expect(error.reason).toBe('malformed');
    expect(error.message).toContain('not valid JSON');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('valid JSON that is not an envelope → MalformedSnapshotError naming the fields', () => {
    const envelope = complaintEnvelope();
    const broken = { ...envelope, version: 'one', snapshot: { ...envelope.snapshot, status: 'sleeping' }, updatedAt: 'yesterday' };
    const error = expectThrows(() => restore(complaintMachine, broken), isMalformedSnapshotError);
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['version', 'snapshot.status', 'updatedAt']));
    expectThrows(() => restore(complaintMachine, null), isMalformedSnapshotError);
    expectThrows(() => restore(complaintMachine, { ...envelope, snapshot: { ...envelope.snapshot, value: 42 } }), isMalformedSnapshotError);
  });

  it('an unknown machine → UnknownMachineError', () => {
    const envelope = { ...complaintEnvelope(), machine: 'return-visit' };
    const error = expectThrows(() => restore(complaintMachine, envelope), isUnknownMachineError);
    expect(error).toMatchObject({ code: 'KEFU_SNAPSHOT_UNKNOWN_MACHINE', reason: 'unknown-machine', machineId: 'return-visit', known: ['complaint'] });
  });

  it('a future version → FutureVersionError', () => {
    const envelope = { ...complaintEnvelope(), version: 3 };
    const error = expectThrows(() => restore(complaintMachine, envelope), isFutureVersionError);
    expect(error).toBeInstanceOf(FutureVersionError);
    expect(error).toMatchObject({ code: 'KEFU_SNAPSHOT_FUTURE_VERSION', found: 3, supported: 2 });
  });

  it('a state that no longer exists → UnknownStateError naming it (top level and nested)', () => {
    const envelope = complaintEnvelope();
    const renamed = { ...envelope, snapshot: { ...envelope.snapshot, value: 'triage' } };
    const error = expectThrows(() => restore(complaintMachine, renamed), isUnknownStateError);
    expect(error).toBeInstanceOf(UnknownStateError);
    expect(error).toMatchObject({ code: 'KEFU_SNAPSHOT_UNKNOWN_STATE', state: 'triage', machineId: 'complaint' });
    const nested = { ...envelope, snapshot: { ...envelope.snapshot, value: { propose: 'brainstorming' } } };
    expect(expectThrows(() => restore(complaintMachine, nested), isUnknownStateError).state).toBe('propose.brainstorming');
  });

  it('a context that fails the definition\'s schema → MalformedSnapshotError on snapshot.context', () => {
    const at = '2026-12-01T01:00:00.000Z';
    const v2 = serialize(deployV2, deployV2.machine.resolveState({ value: 'queued', context: { now: at, dueAt: at, reminders: 0, priority: 'normal' } }), { now: at });
    const tampered = { ...v2, snapshot: { ...v2.snapshot, context: { ...v2.snapshot.context, reminders: 'many' } } };
    const error = expectThrows(() => restore(deployV2, tampered), isMalformedSnapshotError);
    expect(error.issues[0]!.path).toBe('snapshot.context.reminders');
  });

  it('a missing or failing migration → MigrationError', () => {
    const at = '2026-12-01T01:00:00.000Z';
    const v1 = serialize(deployV1, deployV1.machine.resolveState({ value: 'waiting', context: { now: at, dueAt: at, reminders: 0 } }), { now: at });
    const noMigration = defineMachine(deployV2.machine, { version: 2 });
    expect(expectThrows(() => restore(noMigration, v1), isMigrationError)).toMatchObject({ fromVersion: 1, code: 'KEFU_SNAPSHOT_MIGRATION' });
    const failing = defineMachine(deployV2.machine, { version: 2, migrations: { 1: () => { throw new Error('boom'); } } });
    const error = expectThrows(() => restore(failing, v1), isMigrationError);
    expect(error.message).toContain('boom');
    expect((error.cause as Error).message).toBe('boom');
  });

  it('every snapshot error is a KefuError and a SnapshotError', () => {
    for (const bad of ['not json', { ...complaintEnvelope(), version: 9 }]) {
      const error = expectThrows(() => restore(complaintMachine, bad), isSnapshotError);
      expect(isKefuError(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new MalformedSnapshotError('x').name).toBe('MalformedSnapshotError');
  });
});

describe('envelope: migrations', () => {
  it('migrates a version-1 envelope to version 2: state renamed, context extended, timer renamed', () => {
    const at = '2026-12-01T01:00:00.000Z';
    const v1: CaseEnvelope = {
      ...serialize(deployV1, deployV1.machine.resolveState({ value: 'waiting', context: { now: at, dueAt: plus(at, 1000), reminders: 0 } }), { now: at }),
      timers: [{ id: 'xstate.after.reminder.test-deploy.waiting', event: { type: 'xstate.after.reminder.test-deploy.waiting' }, due: plus(at, 1000) }],
    };
    const migrated = migrateEnvelope(deployV2, v1);
    expect(migrated.version).toBe(2);
    expect(migrated.snapshot.value).toBe('queued');
    expect(migrated.snapshot.context).toMatchObject({ priority: 'normal' });
    expect(migrated.timers[0]!.id).toBe('xstate.after.reminder.test-deploy.queued');
    const { snapshot, fromVersion } = restore(deployV2, v1);
    expect(fromVersion).toBe(1);
    expect(snapshot.value).toBe('queued');
  });
});
