import { describe, expect, it } from 'vitest';
import { ChildActorsError, initialStep, isChildActorsError, step } from 'kefu/runtime';
import { returnVisitCycleMachine } from 'kefu/machines/return-visit-cycle';
import { RANGE, row } from './support/return-visit-cycle.js';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

describe('the stateless runtime and child actors', () => {
  it('refuses a step that would give the case child actors (the return-visit cycle spawns visits), saving nothing', () => {
    const first = initialStep(returnVisitCycleMachine, { cycleId: 'C', at: T('18:00') }, { now: T('18:00'), caseId: 'C' });
    const selected = step(
      returnVisitCycleMachine,
      first.envelope,
      { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive: [row(0, T('10:00')), row(1, T('11:00'))], at: T('18:00') },
      { now: T('18:00'), caseId: 'C' },
    );
    expect(selected.accepted).toBe(true);
    const before = JSON.stringify(selected.envelope);
    let error: unknown;
    try {
      step(returnVisitCycleMachine, selected.envelope, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: ['A-01'], at: T('18:05') }, { now: T('18:05'), caseId: 'C' });
    } catch (e) {
      error = e;
    }
    expect(isChildActorsError(error)).toBe(true);
    expect(error).toBeInstanceOf(ChildActorsError);
    expect((error as ChildActorsError).children.length).toBe(2);
    expect((error as ChildActorsError).code).toBe('KEFU_CHILD_ACTORS');
    expect(JSON.stringify(selected.envelope)).toBe(before);
  });
});
