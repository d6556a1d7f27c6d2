import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { complaintMachine, invariantFailures, machineSchemasFor } from 'kefu';
import {
  createCaseRuntime,
  initialStep,
  isInvariantViolationError,
  isSnapshotError,
  restore,
  step,
  type CaseEnvelope,
  type CaseRuntime,
  type CaseStore,
} from 'kefu/runtime';
import { form, happyPath, T } from './support/complaint.js';
import { pgBackends, postgresRuntimeForSuite } from './support/runtime-pg.js';
import { trustCases } from './support/trust-cases.js';

type Edit = (e: CaseEnvelope & { snapshot: { context: Record<string, unknown> } }) => void;

/** The complaint walked through the runtime's `step` up to (not including) the event of type `until`. */
function walkTo(until: string | null): CaseEnvelope {
  let envelope = initialStep(complaintMachine, { form }, { now: T('09:30') }).envelope;
  for (const event of happyPath) {
    if (event.type === until) break;
    envelope = step(complaintMachine, envelope, event, { now: event.at }).envelope;
  }
  return envelope;
}

const edited = (envelope: CaseEnvelope, edit: Edit): CaseEnvelope => {
  const copy = JSON.parse(JSON.stringify(envelope));
  edit(copy);
  return copy;
};

describe.each(trustCases)('state invariants of $id', (c) => {
  it('registers a context schema and invariants', () => {
    expect(machineSchemasFor(c.machine.id)?.context).toBeDefined();
    expect(machineSchemasFor(c.machine.id)?.invariants?.length).toBeGreaterThan(0);
  });

  it('hold after every step of the valid walk (and the context fits its schema)', () => {
    let envelope = initialStep(c.machine, c.input as never, { now: (c.input as { at?: string }).at ?? c.first.at as string }).envelope;
    const check = (s: { status: string; value: unknown; context: unknown }) => expect(invariantFailures(c.machine.id, s as never)).toEqual([]);
    check(envelope.snapshot);
    for (const event of c.events) {
      try {
        envelope = step(c.machine, envelope, event as never, { now: event.at as string }).envelope;
      } catch (error) {
        // The cycle's visits are child actors: the stateless step refuses them (docs/runtime.md).
        if ((error as { code?: string }).code === 'KEFU_CHILD_ACTORS') return;
        throw error;
      }
      check(envelope.snapshot);
    }
  });

  it('an escalation stored without the due time it missed breaks the context schema, naming escalations.0.dueAt (one escalation record schema for every machine)', () => {
    const { snapshot } = initialStep(c.machine, c.input as never, { now: (c.input as { at?: string }).at ?? c.first.at as string }).envelope;
    const context = snapshot.context as Record<string, unknown>;
    if (!('escalations' in context)) return;
    const withEscalations = (escalations: unknown[]) => invariantFailures(c.machine.id, { ...snapshot, context: { ...context, escalations } } as never);
    expect(withEscalations([{ step: 'register', dueAt: '2026-12-01T02:30:00.000Z' }])).toEqual([]);
    expect(withEscalations([{ step: 'register' }])).toEqual([{ name: 'context', issues: [expect.objectContaining({ path: 'snapshot.context.escalations.0.dueAt' })] }]);
  });

  it('a snapshot in status error is rejected by restore', () => {
    const envelope = initialStep(c.machine, c.input as never, { now: (c.input as { at?: string }).at ?? c.first.at as string }).envelope;
    const broken = edited(envelope, (e) => {
      (e.snapshot as { status: string }).status = 'error';
    });
    const error = (() => {
      try {
        restore(c.machine, broken);
      } catch (e) {
        return e;
      }
    })();
    expect(isInvariantViolationError(error)).toBe(true);
    expect(error).toMatchObject({ invariant: 'status', reason: 'invariant', code: 'KEFU_SNAPSHOT_INVARIANT' });
  });
});

describe('complaint: rows edited outside kefu are rejected, naming the invariant or field', () => {
  const rejects = (envelope: CaseEnvelope, invariant: string, path: string) => {
    let caught: unknown;
    try {
      restore(complaintMachine, envelope);
    } catch (error) {
      caught = error;
    }
    expect(isInvariantViolationError(caught)).toBe(true);
    expect(isSnapshotError(caught)).toBe(true);
    expect(caught).toMatchObject({ invariant, issues: expect.arrayContaining([expect.objectContaining({ path })]) });
    // step refuses the same row: nothing is applied to it.
    expect(() => step(complaintMachine, envelope, { type: 'REVIEW.FILE', category: 'x', analysis: 'y', measures: ['z'], supervisor: '主管', at: T('16:00', '2026-12-04') }, { now: T('16:00', '2026-12-04') })).toThrow(
      /breaks/,
    );
  };

  it('a case moved to review with no approval, signature or follow-up', () => {
    const envelope = edited(walkTo('ASSESS.VALID'), (e) => {
      (e.snapshot as { value: unknown }).value = 'review';
    });
    rejects(envelope, 'complaint.stands', 'snapshot.context.assessment');
    const all = invariantFailures('complaint', envelope.snapshot as never).map((f) => f.name);
    expect(all).toEqual(expect.arrayContaining(['complaint.implement.approval', 'complaint.signed', 'complaint.followedUp']));
  });

  it('an injected approval of a proposal that does not exist', () => {
    const envelope = edited(walkTo('CUSTOMER.NOTIFY'), (e) => {
      e.snapshot.context.approval = { proposalId: 'P9', supervisor: '主管张三', at: T('17:00') };
    });
    rejects(envelope, 'complaint.implement.approval', 'snapshot.context.approval.proposalId');
  });

  it.each([
    ['deadlines: 5', (e: Parameters<Edit>[0]) => void (e.snapshot.context.deadlines = 5), 'snapshot.context.deadlines'],
    ['policy: null', (e: Parameters<Edit>[0]) => void (e.snapshot.context.policy = null), 'snapshot.context.policy'],
    ['no form', (e: Parameters<Edit>[0]) => void delete e.snapshot.context.form, 'snapshot.context.form'],
  ])('a context with %s fails its schema', (_, edit, path) => {
    rejects(edited(walkTo('INVESTIGATION.RECORD'), edit), 'context', path);
  });

  it('the unedited row restores and steps on', () => {
    const envelope = walkTo('REVIEW.FILE');
    expect((restore(complaintMachine, JSON.parse(JSON.stringify(envelope))).snapshot as AnyMachineSnapshot).value).toBe('review');
    expect(step(complaintMachine, JSON.parse(JSON.stringify(envelope)), happyPath.at(-1)!, { now: T('16:00', '2026-12-04') }).status).toBe('applied');
  });
});

/** Open a complaint, walk it to implementation, then write an edited copy of its row with `tamper`. */
async function tamperedRowIsRejected(runtime: CaseRuntime<unknown>, tamper: (caseId: string, envelope: CaseEnvelope) => Promise<void>) {
  await runtime.open('INV-1', 'complaint', { form }, { now: T('09:30') });
  for (const event of happyPath.slice(0, happyPath.findIndex((e) => e.type === 'CUSTOMER.NOTIFY'))) {
    expect((await runtime.send('INV-1', event, { now: event.at })).status).toBe('applied');
  }
  const before = await runtime.read('INV-1');
  await tamper('INV-1', edited(before!.envelope, (e) => void (e.snapshot.context.approval = { proposalId: 'P9', supervisor: 'x', at: T('17:00') })));
  const error = await runtime.read('INV-1').catch((e: unknown) => e);
  expect(isInvariantViolationError(error)).toBe(true);
  const sent = await runtime.send('INV-1', happyPath.find((e) => e.type === 'CUSTOMER.NOTIFY')!, { now: T('09:30', '2026-12-02') }).catch((e: unknown) => e);
  expect(sent).toMatchObject({ invariant: 'complaint.implement.approval' });
}

describe('every store load checks the invariants', () => {
  it('in memory', async () => {
    const runtime = createCaseRuntime({ machines: [complaintMachine], clock: () => T('09:30') }) as CaseRuntime<unknown>;
    await tamperedRowIsRejected(runtime, async (caseId, envelope) => {
      const record = await runtime.store.load(caseId);
      await (runtime.store as CaseStore<unknown>).save(caseId, envelope, { expectedVersion: record!.version });
    });
  });

  describe.each(pgBackends())('on PostgreSQL ($name)', (backend) => {
    const pg = postgresRuntimeForSuite(backend, { machines: [complaintMachine] });

    it('a row updated with SQL outside kefu', async () => {
      await tamperedRowIsRejected(pg() as unknown as CaseRuntime<unknown>, async (caseId, envelope) => {
        await pg().db.query(`UPDATE ${pg().store.table} SET envelope = $2 WHERE case_id = $1`, [caseId, JSON.stringify(envelope)]);
      });
    });
  });
});
