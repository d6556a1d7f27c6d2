import { describe, expect, it } from 'vitest';
import { complaintMachine } from 'kefu';
import {
  createCaseRuntime,
  defineMachine,
  initialStep,
  isSnapshotError,
  isTamperedSnapshotError,
  restore,
  step,
  type CaseEnvelope,
  type CaseRuntime,
  type CaseStore,
} from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { pgBackends, postgresRuntimeForSuite } from './support/runtime-pg.js';
import { copy, thrown } from './support/envelopes.js';

const KEY = 'a-secret-of-at-least-32-characters!!';
const signed = defineMachine(complaintMachine, { signingKey: KEY });


describe('tamper evidence: envelopes signed with the machine’s key', () => {
  const opened = initialStep(signed, { form }, { now: T('09:30') });
  const registered = step(signed, opened.envelope, happyPath[0]!, { now: T('09:40') }).envelope;

  it('every envelope carries an HMAC, and an unchanged copy restores (key order does not matter)', () => {
    expect(registered.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(copy(registered)).reverse());
    expect(restore(signed, reordered).snapshot.value).toBe('assess');
  });

  it('a row changed outside kefu is rejected with TamperedSnapshotError', () => {
    const changed = copy(registered);
    (changed.snapshot.context.form as Record<string, unknown>).complainant = '别人';
    const error = thrown(() => restore(signed, changed));
    expect(isTamperedSnapshotError(error)).toBe(true);
    expect(isSnapshotError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'KEFU_SNAPSHOT_TAMPERED', reason: 'tampered', machineId: 'complaint' });
    expect(() => step(signed, changed, happyPath[1]!, { now: T('10:30') })).toThrow(/changed outside kefu/);
  });

  it('an unsigned row, or one signed with another key, is rejected', () => {
    const { signature: _s, ...unsigned } = copy(registered);
    expect(thrown(() => restore(signed, unsigned))).toMatchObject({ name: 'TamperedSnapshotError', message: expect.stringContaining('no signature') });
    const other = defineMachine(complaintMachine, { signingKey: 'another-secret-of-32-characters-or-more' });
    expect(isTamperedSnapshotError(thrown(() => restore(other, copy(registered))))).toBe(true);
  });

  it('without a key, behaviour is as before: an edit that keeps the invariants restores', () => {
    const plain = initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope;
    expect(plain.signature).toBeUndefined();
    const changed = copy(plain);
    (changed.snapshot.context.form as Record<string, unknown>).complainant = '别人';
    expect(restore(complaintMachine, changed).snapshot.context.form.complainant).toBe('别人');
  });

  it('a key shorter than 32 characters is refused', () => {
    expect(() => defineMachine(complaintMachine, { signingKey: 'short' })).toThrow(RangeError);
  });
});

async function tamperIsCaught(runtime: CaseRuntime<unknown>, tamper: (caseId: string, envelope: CaseEnvelope) => Promise<void>) {
  await runtime.open('SIG-1', 'complaint', { form }, { now: T('09:30') });
  expect((await runtime.send('SIG-1', happyPath[0]!, { now: T('09:40') })).status).toBe('applied');
  const view = await runtime.read('SIG-1');
  expect(view!.envelope.signature).toMatch(/^hmac-sha256:/);
  const changed = copy(view!.envelope);
  changed.snapshot.context.escalations = [];
  changed.snapshot.context.deadlines = { ...(changed.snapshot.context.deadlines as object), assess: T('23:00', '2026-12-31') };
  await tamper('SIG-1', changed);
  await expect(runtime.read('SIG-1')).rejects.toSatisfy(isTamperedSnapshotError);
  await expect(runtime.send('SIG-1', happyPath[1]!, { now: T('10:30') })).rejects.toSatisfy(isTamperedSnapshotError);
}

describe('the runtime’s signingKey', () => {
  it('in memory', async () => {
    const runtime = createCaseRuntime({ machines: [complaintMachine], signingKey: KEY, clock: () => T('09:30') }) as CaseRuntime<unknown>;
    await tamperIsCaught(runtime, async (caseId, envelope) => {
      const record = await runtime.store.load(caseId);
      await (runtime.store as CaseStore<unknown>).save(caseId, envelope, { expectedVersion: record!.version });
    });
  });

  describe.each(pgBackends())('on PostgreSQL ($name)', (backend) => {
    const pg = postgresRuntimeForSuite(backend, { machines: [complaintMachine], signingKey: KEY });

    it('a row updated with SQL outside kefu', async () => {
      await tamperIsCaught(pg() as unknown as CaseRuntime<unknown>, async (caseId, envelope) => {
        await pg().db.query(`UPDATE ${pg().store.table} SET envelope = $2 WHERE case_id = $1`, [caseId, JSON.stringify(envelope)]);
      });
    });
  });
});
