/**
 * Complaints stored by an older kefu load through the complaint's registered migration
 * (version 1 → 2), and a stored case no migration can fix is refused naming the field while the
 * row stays as it was.
 *
 * The envelopes in support/complaint-v1.envelopes.json are literal rows of kefu at commit 4a3c060
 * (before CP-PROPOSE verdicts, CP-ACCOUNTABILITY targets and provisions, and `registeredBy`):
 * `runtime.send` on an InMemoryCaseStore, then `store.load(caseId).envelope`, as JSON. The first
 * (C-OLD-1) is in `implement` with a supervisor's approval of P2 and no verdicts; the second
 * (C-OLD-2) is in `followUp` with an accountability record without `target` or `provision`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine } from 'kefu';
import { complaintMigrations, COMPLAINT_VERSION } from 'kefu/machines/complaint';
import {
  createCaseRuntime,
  defineMachine,
  InMemoryCaseStore,
  isInvariantViolationError,
  restore,
  serialize,
  type CaseEnvelope,
  type CaseStore,
  type PersistedCaseSnapshot,
} from 'kefu/runtime';
import { migrateCasesTable, PostgresCaseStore } from 'kefu/postgres';
import { advanceUntil, form, T } from './support/complaint.js';
import { thrown } from './support/envelopes.js';
import { dropTarget, pgBackends } from './support/runtime-pg.js';

const text = readFileSync(new URL('./support/complaint-v1.envelopes.json', import.meta.url), 'utf8');
const [inImplement, inFollowUp] = JSON.parse(text) as [CaseEnvelope, CaseEnvelope];
const fresh = (e: CaseEnvelope): CaseEnvelope => structuredClone(e);
const customer = { id: 'cust-0001', role: 'customer' } as const;
const agent = { id: 'u-1042', role: 'agent' } as const;

interface Proposal {
  id: string;
  verdict?: { decision: string; at: string; by?: unknown };
}
interface Context {
  proposals: Proposal[];
  registeredBy?: unknown;
  accountability: Record<string, unknown>[];
}
const contextOf = (e: { snapshot: { context: unknown } }) => e.snapshot.context as Context;

describe('the complaint’s persisted version and migration', () => {
  it('the complaint machine is version 2 with its migration from 1, bare or in a definition', () => {
    expect(COMPLAINT_VERSION).toBe(2);
    expect(defineMachine(complaintMachine)).toMatchObject({ version: 2, migrations: { 1: complaintMigrations[1] } });
    expect(defineMachine(complaintMachine, { signingKey: 'k'.repeat(32) })).toMatchObject({ version: 2, migrations: { 1: complaintMigrations[1] } });
    const actor = createActor(complaintMachine, { input: { form } }).start();
    expect(serialize(complaintMachine, actor, { now: T('09:31') }).version).toBe(2);
    actor.stop();
  });

  it('a version-1 complaint in implement loads: the approved proposal gets the supervisor’s accept verdict at the approval time, the others none; nobody is invented as its registrar', () => {
    const stored = fresh(inImplement);
    const { envelope, fromVersion, snapshot } = restore(complaintMachine, stored);
    expect(fromVersion).toBe(1);
    expect(envelope.version).toBe(2);
    expect(snapshot.value).toBe('implement');
    const proposals = contextOf(envelope).proposals;
    expect(proposals.find((p) => p.id === 'P2')!.verdict).toEqual({ decision: 'accept', at: '2026-12-01T17:00:00+08:00' });
    expect(proposals.find((p) => p.id === 'P1')!.verdict).toBeUndefined();
    expect(contextOf(envelope).registeredBy).toBeUndefined();
    // The envelope given is left as it was.
    expect(stored).toEqual(inImplement);
  });

  it('without the migration the same row is refused under CP-PROPOSE, naming approval.proposalId', () => {
    const unmigrated = defineMachine(complaintMachine, { version: 1, migrations: {} });
    const error = thrown(() => restore(unmigrated, fresh(inImplement)));
    expect(isInvariantViolationError(error) && error.issues).toEqual([
      { path: 'snapshot.context.approval.proposalId', message: 'approves "P2", which has no verdict accepting it (CP-PROPOSE)' },
    ]);
  });

  it('a version-1 complaint in followUp whose accountability record has no provision cannot be brought up: refused naming accountability.0.provision (its target, the investigation’s responsible person, is derived)', () => {
    const error = thrown(() => restore(complaintMachine, fresh(inFollowUp)));
    expect(isInvariantViolationError(error)).toBe(true);
    const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(['snapshot.context.accountability.0.provision']);
  });

  it('a host composes its own step after kefu’s to supply what the old case lacks (the provision and the head’s measure, from its files)', () => {
    const fromFiles = (s: PersistedCaseSnapshot): PersistedCaseSnapshot => {
      const c = s.context as unknown as Context;
      return {
        ...s,
        context: {
          ...s.context,
          accountability: [
            ...c.accountability.map((a) => ({ ...a, provision: '《售后服务质量考核办法》第十二条' })),
            { target: 'head', person: '维修主管赵六', department: 'repair', measure: '通报批评', provision: '《售后服务质量考核办法》第十三条', at: '2026-12-02T10:40:00+08:00' },
          ],
        },
      };
    };
    const host = defineMachine(complaintMachine, { migrations: { 1: (s) => fromFiles(complaintMigrations[1](s)) } });
    const { envelope } = restore(host, fresh(inFollowUp));
    expect(envelope.version).toBe(2);
    expect(contextOf(envelope).accountability.map((a) => a.target)).toEqual(['direct', 'head']);
  });

  it('a version-1 row already in the current shape (written after these fields existed) comes through unchanged', () => {
    const actor = createActor(complaintMachine, { input: { form } }).start();
    advanceUntil(actor, 'CUSTOMER.NOTIFY');
    const current = serialize(complaintMachine, actor, { now: T('17:00') });
    actor.stop();
    const { envelope } = restore(complaintMachine, { ...current, version: 1 });
    expect(envelope.snapshot).toEqual(current.snapshot);
  });
});

type Backend = { name: string; open: () => Promise<{ store: CaseStore<unknown>; close: () => Promise<void> }> };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
const backends: Backend[] = [
  { name: 'in-memory', open: async () => ({ store: new InMemoryCaseStore() as CaseStore<unknown>, close: async () => {} }) },
  ...pgBackends().map((pg) => ({
    name: pg.name,
    async open() {
      const opened = await pg.open();
      await migrateCasesTable(opened.db, { schema: opened.target.schema });
      return {
        store: new PostgresCaseStore(opened.db, { schema: opened.target.schema }) as CaseStore<unknown>,
        close: async () => {
          await opened.cleanup();
          await dropTarget(pg, opened.target);
        },
      };
    },
  })),
];

describe.each(backends)('version-1 complaint rows in a store ($name)', (backend) => {
  it('a row of the older kefu reads as version 2 and takes the next step; the step writes it back as version 2, unassigned in worklists', async () => {
    const { store, close } = await backend.open();
    cleanups.push(close);
    await store.create('C-OLD-1', fresh(inImplement));
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => '2026-12-02T10:00:00+08:00' });

    const view = await runtime.read('C-OLD-1');
    expect(view).toMatchObject({ version: 1, value: 'implement' });
    expect(view!.envelope.version).toBe(2);
    expect((await store.load('C-OLD-1'))!.envelope).toEqual(inImplement); // reading does not write

    const accepted = await runtime.send('C-OLD-1', { type: 'CUSTOMER.ACCEPT', by: customer, signedBy: '王先生', at: '2026-12-02T10:00:00+08:00' });
    expect(accepted.status).toBe('applied');
    const saved = (await store.load('C-OLD-1'))!;
    expect(saved.version).toBe(2);
    expect(saved.envelope.version).toBe(2);
    expect(contextOf(saved.envelope).proposals.find((p) => p.id === 'P2')!.verdict).toMatchObject({ decision: 'accept' });
    const unassigned = await runtime.worklist({ assignee: null, machine: 'complaint' });
    expect(unassigned.items.map((i) => [i.caseId, i.assignee])).toEqual([['C-OLD-1', null]]);
  });

  it('a row no migration can fix is refused on read and on send naming the field, and stays as it was', async () => {
    const { store, close } = await backend.open();
    cleanups.push(close);
    await store.create('C-OLD-2', fresh(inFollowUp));
    const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => '2026-12-04T10:00:00+08:00' });

    // One attempt at a time: a second promise made up front would reject, unawaited, on a slower store.
    for (const attempt of [
      () => runtime.read('C-OLD-2'),
      () => runtime.send('C-OLD-2', { type: 'FOLLOWUP.RECORD', by: agent, method: 'phone', satisfaction: 'satisfied', agent: '客服小周', at: '2026-12-04T10:00:00+08:00' }),
    ]) {
      const refused = attempt();
      await expect(refused).rejects.toSatisfy(isInvariantViolationError);
      await expect(refused).rejects.toMatchObject({ issues: [{ path: 'snapshot.context.accountability.0.provision' }] });
    }
    const row = (await store.load('C-OLD-2'))!;
    expect(row.version).toBe(1);
    expect(row.envelope).toEqual(inFollowUp);
  });
});
