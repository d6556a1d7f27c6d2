/**
 * Key rotation for tamper evidence: `resignEnvelope` re-signs one envelope after checking it
 * against the old key, `previousSigningKeys` keeps old signatures loading during the rotation, and
 * `resignCases` re-signs a store's cases, leaving (and reporting) any that fail the check.
 */
import { describe, expect, it } from 'vitest';
import { complaintMachine } from 'kefu';
import {
  createCaseRuntime,
  defineMachine,
  initialStep,
  isMalformedSnapshotError,
  isTamperedSnapshotError,
  resignCases,
  resignEnvelope,
  restore,
  step,
  type CaseRuntime,
  type CaseStore,
} from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { pgBackends, postgresRuntimeForSuite } from './support/runtime-pg.js';
import { copy, thrown } from './support/envelopes.js';

const OLD = 'the-old-secret-of-at-least-32-characters';
const NEW = 'the-new-secret-of-at-least-32-characters';
const OTHER = 'someone-elses-secret-of-32-characters-or-more';
const oldDef = defineMachine(complaintMachine, { signingKey: OLD });
const newDef = defineMachine(complaintMachine, { signingKey: NEW });
const rotating = defineMachine(complaintMachine, { signingKey: NEW, previousSigningKeys: [OLD] });

const openedWith = (def: typeof oldDef, caseId = 'K-1') => initialStep(def, { form: { ...form, caseId } }, { now: T('09:30'), caseId }).envelope;

describe('resignEnvelope', () => {
  const old = openedWith(oldDef);

  it('re-signs an envelope signed with the old key; only the signature changes', () => {
    const fresh = resignEnvelope(copy(old), { from: OLD, to: NEW });
    expect(fresh.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(fresh.signature).not.toBe(old.signature);
    const { signature: _a, ...before } = copy(old);
    const { signature: _b, ...after } = fresh;
    expect(after).toEqual(before);
    expect(restore(newDef, fresh).snapshot.value).toBe('register');
    expect(isTamperedSnapshotError(thrown(() => restore(oldDef, fresh)))).toBe(true);
    // Already under the new key: the same signature again.
    expect(resignEnvelope(fresh, { from: OLD, to: NEW }).signature).toBe(fresh.signature);
    // Any of several old keys.
    expect(resignEnvelope(copy(old), { from: [OTHER, OLD], to: NEW }).signature).toBe(fresh.signature);
  });

  it('a tampered envelope is refused during re-signing, and nothing is signed', () => {
    const changed = copy(old);
    (changed.snapshot.context.form as Record<string, unknown>).complainant = '别人';
    const error = thrown(() => resignEnvelope(changed, { from: OLD, to: NEW }));
    expect(isTamperedSnapshotError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'KEFU_SNAPSHOT_TAMPERED', reason: 'tampered', machineId: 'complaint' });
    // Signed with a key that is not among `from`: refused too, even when adopting unsigned rows.
    const foreign = openedWith(defineMachine(complaintMachine, { signingKey: OTHER }));
    expect(isTamperedSnapshotError(thrown(() => resignEnvelope(foreign, { from: OLD, to: NEW })))).toBe(true);
    expect(isTamperedSnapshotError(thrown(() => resignEnvelope(foreign, { from: 'unsigned', to: NEW })))).toBe(true);
  });

  it("an unsigned envelope is refused unless the host opts in with from: 'unsigned'", () => {
    const plain = openedWith(defineMachine(complaintMachine));
    expect(plain.signature).toBeUndefined();
    expect(thrown(() => resignEnvelope(plain, { from: OLD, to: NEW }))).toMatchObject({ name: 'TamperedSnapshotError', message: expect.stringContaining('no signature') });
    const adopted = resignEnvelope(plain, { from: 'unsigned', to: NEW });
    expect(restore(newDef, adopted).snapshot.value).toBe('register');
  });

  it('what is not an envelope is a MalformedSnapshotError; a short key a RangeError', () => {
    expect(isMalformedSnapshotError(thrown(() => resignEnvelope({ machine: 'complaint' }, { from: OLD, to: NEW })))).toBe(true);
    expect(() => resignEnvelope(copy(old), { from: OLD, to: 'short' })).toThrow(RangeError);
    expect(() => resignEnvelope(copy(old), { from: 'short', to: NEW })).toThrow(RangeError);
  });
});

describe('previousSigningKeys: old signatures load during the rotation', () => {
  it('loads envelopes signed with the old or the new key, signs what a step writes with the new one', () => {
    const old = openedWith(oldDef);
    expect(restore(rotating, copy(old)).snapshot.value).toBe('register');
    const next = step(rotating, copy(old), happyPath[0]!, { now: T('09:40') });
    expect(next.status).toBe('applied');
    expect(restore(newDef, copy(next.envelope)).snapshot.value).toBe('assess');
    // Another key, or a changed row, is still refused.
    expect(isTamperedSnapshotError(thrown(() => restore(rotating, openedWith(defineMachine(complaintMachine, { signingKey: OTHER })))))).toBe(true);
    const changed = copy(old);
    (changed.snapshot.context.form as Record<string, unknown>).complainant = '别人';
    expect(isTamperedSnapshotError(thrown(() => restore(rotating, changed)))).toBe(true);
  });

  it('needs a signingKey', () => {
    expect(() => defineMachine(complaintMachine, { previousSigningKeys: [OLD] })).toThrow(TypeError);
    expect(() => createCaseRuntime({ machines: [complaintMachine], previousSigningKeys: [OLD] })).toThrow(TypeError);
    expect(() => defineMachine(complaintMachine, { signingKey: NEW, previousSigningKeys: ['short'] })).toThrow(RangeError);
  });
});

/** Rotate OLD → NEW across a store while the runtime signs with NEW and still accepts OLD. */
async function rotationHolds(runtime: CaseRuntime<unknown>) {
  const store = runtime.store as CaseStore<unknown>;
  for (const id of ['R-1', 'R-2', 'R-3']) await store.create(id, openedWith(oldDef, id));
  // R-3 is changed outside kefu, keeping its old signature.
  const r3 = copy((await store.load('R-3'))!.envelope);
  (r3.snapshot.context.form as Record<string, unknown>).complainant = '别人';
  await store.save('R-3', r3, { expectedVersion: 1 });
  // A step on R-1 signs it with the new key already.
  expect((await runtime.send('R-1', happyPath[0]!, { now: T('09:40') })).status).toBe('applied');
  const historyBefore = (await runtime.history('R-2')).entries.length;

  const report = await resignCases(store, ['R-1', 'R-2', 'R-3', 'R-none'], { from: OLD, to: NEW });
  expect(report.resigned).toEqual(['R-2']);
  expect(report.current).toEqual(['R-1']);
  expect(report.missing).toEqual(['R-none']);
  expect(report.refused.map((r) => r.caseId)).toEqual(['R-3']);
  expect(isTamperedSnapshotError(report.refused[0]!.error)).toBe(true);

  // R-2 moved to the new key at the next version, with nothing else changed and no history entry.
  const r2 = (await store.load('R-2'))!;
  expect(r2.version).toBe(2);
  expect(restore(newDef, r2.envelope).snapshot.value).toBe('register');
  expect((await runtime.history('R-2')).entries.length).toBe(historyBefore);
  // R-3 was left as it was, and still does not load.
  expect((await store.load('R-3'))!.version).toBe(2);
  await expect(runtime.read('R-3')).rejects.toSatisfy(isTamperedSnapshotError);
  // Once re-signed, the old key can go: every good case loads under the new key alone.
  for (const id of ['R-1', 'R-2']) {
    const record = (await store.load(id))!;
    expect(() => restore(newDef, record.envelope)).not.toThrow();
  }
  // Running it again changes nothing.
  const again = await resignCases(store, ['R-1', 'R-2'], { from: OLD, to: NEW });
  expect(again).toMatchObject({ resigned: [], current: ['R-1', 'R-2'] });
}

describe('resignCases: rotating the key across a store', () => {
  it('in memory', async () => {
    const runtime = createCaseRuntime({ machines: [complaintMachine], signingKey: NEW, previousSigningKeys: [OLD], clock: () => T('09:30') }) as CaseRuntime<unknown>;
    await rotationHolds(runtime);
  });

  describe.each(pgBackends())('on PostgreSQL ($name)', (backend) => {
    const pg = postgresRuntimeForSuite(backend, { machines: [complaintMachine], signingKey: NEW, previousSigningKeys: [OLD] });

    it('re-signs in the row’s transaction; a tampered row is reported and left', async () => {
      await rotationHolds(pg() as unknown as CaseRuntime<unknown>);
    });
  });
});
