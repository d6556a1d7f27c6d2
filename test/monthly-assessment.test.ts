import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { explain, invariantFailures, isValidationError, send, sendOrThrow } from 'kefu';
import { assessMonth, type ActivityRecord } from 'kefu/staff';
import { initialStep, step } from 'kefu/runtime';
import {
  assessedAgents,
  monthlyAssessmentChecks,
  monthlyAssessmentMachine,
  monthlyAssessmentStepNames,
  MonthSchema,
  openObjections,
  type MonthlyAssessmentEmitted,
  type MonthlyAssessmentEvent,
  type MonthlyAssessmentInput,
} from 'kefu/machines/monthly-assessment';
import { undocumented } from './support/call.js';
import { agentOf, people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** November 2026: A1 resolves everything to the customers' satisfaction, A2 leaves half pending, A3 in between. */
const act = (id: string, agentId: string, outcome: ActivityRecord['outcome'], satisfaction?: ActivityRecord['satisfaction']): ActivityRecord => ({
  id,
  agentId,
  kind: 'call',
  at: T('10:00', '2026-11-16'),
  outcome,
  ...(satisfaction ? { satisfaction } : {}),
});
const records: ActivityRecord[] = [
  act('N1', 'A1', 'resolved', 'satisfied'),
  act('N2', 'A1', 'resolved', 'satisfied'),
  act('N3', 'A2', 'resolved', 'average'),
  act('N4', 'A2', 'pending'),
  act('N5', 'A3', 'resolved', 'satisfied'),
  act('N6', 'A3', 'escalated', 'average'),
];
const qualityScores = { A1: 95, A2: 70, A3: 85 };
const input = { assessmentId: 'PA-2026-11', month: '2026-11', supervisor: 'SUP-1', at: T('09:00') } satisfies MonthlyAssessmentInput;

const start = (i: MonthlyAssessmentInput = input, actions: Parameters<typeof monthlyAssessmentMachine.provide>[0]['actions'] = {}) =>
  createActor(monthlyAssessmentMachine.provide({ actions }), { input: i }).start();
type Actor = ReturnType<typeof start>;

const draft: MonthlyAssessmentEvent = { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records, qualityScores, at: T('10:00') };
const draftAndShare = (actor: Actor) => {
  sendOrThrow(actor, draft);
  sendOrThrow(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') });
};
const acknowledgeAll = (actor: Actor, at = '14:00') => {
  for (const agentId of ['A1', 'A2', 'A3']) sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf(agentId), agentId, at: T(at) });
};

describe('monthly-assessment machine: 主管起草考核 → 客服确认 → 公布考核结果', () => {
  it('walks the month\'s assessment to publication; the scores are assessMonth\'s own', () => {
    const notifyAgent = vi.fn();
    const publishAssessment = vi.fn();
    const actor = start(input, { notifyAgent, publishAssessment });
    const seen: MonthlyAssessmentEmitted[] = [];
    actor.on('*', (e) => seen.push(e as MonthlyAssessmentEmitted));
    const states = [actor.getSnapshot().value];
    sendOrThrow(actor, draft);
    const expected = assessMonth({ month: '2026-11', records, qualityScores });
    expect(actor.getSnapshot().context.draft).toEqual({ version: 1, assessment: expected, at: T('10:00') });
    sendOrThrow(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') });
    states.push(actor.getSnapshot().value);
    expect(notifyAgent.mock.calls.map((c) => c[1])).toEqual(
      expected.agents.map((a) => ({ assessmentId: input.assessmentId, month: '2026-11', agentId: a.agentId, version: 1, score: a.score, rank: a.rank, band: a.band })),
    );
    acknowledgeAll(actor);
    sendOrThrow(actor, { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('17:00') });
    states.push(actor.getSnapshot().value);
    expect(states).toEqual(['drafting', 'reviewing', 'published']);
    expect(publishAssessment).toHaveBeenCalledWith(expect.anything(), { assessmentId: input.assessmentId, month: '2026-11', version: 1 });
    const output = actor.getSnapshot().output!;
    expect(output).toMatchObject({ ...expected, assessmentId: input.assessmentId, version: 1, publishedBy: 'SUP-1', publishedAt: T('17:00'), objections: [] });
    expect(output.agents.map((a) => [a.agentId, a.band])).toEqual([['A1', 'reward'], ['A3', 'standard'], ['A2', 'improve']]);
    expect(output.acknowledgements.map((a) => a.agentId)).toEqual(['A1', 'A2', 'A3']);
    expect(seen.map((e) => e.type)).toEqual(['assessment.drafted', 'assessment.shared', 'assessment.acknowledged', 'assessment.acknowledged', 'assessment.acknowledged', 'assessment.published']);
  });

  it('names its steps in Chinese and describes every state and transition', () => {
    expect(undocumented(monthlyAssessmentMachine)).toEqual([]);
    const zh = Object.keys(monthlyAssessmentStepNames).map((s) => (monthlyAssessmentMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['主管起草考核', '客服确认', '公布考核结果']);
  });

  it('an input with a malformed month is rejected with a ValidationError naming the field', () => {
    expect(MonthSchema.safeParse('2026-13').success).toBe(false);
    const actor = createActor(monthlyAssessmentMachine, { input: { ...input, month: '2026-13' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(['month']);
  });
});

describe('STAFF-SUMMARY', () => {
  it('STAFF-SUMMARY: a month is assessed once it is over, in the policy\'s zone (Asia/Shanghai)', () => {
    const actor = start({ ...input, at: '2026-11-30T15:00:00Z' });
    // 2026-11-30 23:30 in Shanghai is still November (15:30 UTC)
    expect(send(actor, { ...draft, at: '2026-11-30T15:30:00Z' } as MonthlyAssessmentEvent)).toMatchObject({
      accepted: false,
      violations: [{ rule: 'STAFF-SUMMARY', details: { month: '2026-11', today: '2026-11-30' } }],
    });
    expect(actor.getSnapshot().context.draft).toBeUndefined();
    // 2026-12-01 00:00 in Shanghai (16:00 UTC the day before) is December: the month is over
    expect(send(actor, { ...draft, at: '2026-11-30T16:00:00Z' } as MonthlyAssessmentEvent)).toMatchObject({ accepted: true });
  });

  it('STAFF-SUMMARY: an assessment needs an agent to assess; it goes to the agents only once drafted', () => {
    const actor = start();
    expect(send(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') })).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { missing: ['draft'] } }] });
    const october = records.map((r) => ({ ...r, at: T('10:00', '2026-10-15') }));
    expect(send(actor, { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: october, at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { agents: 0 } }] });
    // an agent named without records is assessed (a score of 0 is a result too)
    expect(send(actor, { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: october, agentIds: ['A9'], at: T('10:00') })).toMatchObject({ accepted: true });
    expect(assessedAgents(actor.getSnapshot().context)).toEqual(['A9']);
    expect(send(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') })).toMatchObject({ accepted: true });
  });

  it('STAFF-SUMMARY: an agent acknowledges their own result once; publication waits for every agent', () => {
    const actor = start();
    draftAndShare(actor);
    expect(send(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A7'), agentId: 'A7', at: T('11:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'STAFF-SUMMARY', details: { agentId: 'A7', agents: ['A1', 'A3', 'A2'] } }],
    });
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', comment: '谢谢', at: T('11:00') });
    expect(send(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('11:05') })).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { agentId: 'A1', version: 1 } }] });
    const publish = { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('12:00') } as const;
    expect(explain(actor.getSnapshot(), publish)).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { missing: ['A3', 'A2'] } }] });
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', at: T('11:10') });
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A3'), agentId: 'A3', at: T('11:20') });
    expect(send(actor, publish)).toMatchObject({ accepted: true });
  });

  it('STAFF-SUMMARY: an objection sends the draft back; it is shared again only with the supervisor\'s answer, and everyone acknowledges the new version', () => {
    const notifySupervisor = vi.fn();
    const actor = start(input, { notifySupervisor });
    draftAndShare(actor);
    sendOrThrow(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('11:00') });
    sendOrThrow(actor, { type: 'ASSESSMENT.OBJECT', by: agentOf('A2'), agentId: 'A2', reason: 'N4 已于11月30日解决,系统未更新', at: T('11:30') });
    expect(actor.getSnapshot().value).toBe('drafting');
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { assessmentId: input.assessmentId, agentId: 'A2', version: 1 });
    expect(openObjections(actor.getSnapshot().context).map((o) => o.agentId)).toEqual(['A2']);
    // neither shared again as it is, nor redrafted without an answer
    expect(send(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('12:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'STAFF-SUMMARY', details: { objections: ['A2'] } }] });
    const corrected = records.map((r) => (r.id === 'N4' ? { ...r, outcome: 'resolved' as const } : r));
    expect(send(actor, { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: corrected, qualityScores, at: T('13:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'STAFF-SUMMARY', details: { missing: ['note'], objections: ['A2'] } }],
    });
    sendOrThrow(actor, { type: 'ASSESSMENT.DRAFT', by: people.supervisor, records: corrected, qualityScores, note: 'N4 已核实为已解决,已更正', at: T('13:00') });
    expect(actor.getSnapshot().context.draft).toMatchObject({ version: 2, note: 'N4 已核实为已解决,已更正' });
    sendOrThrow(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('13:30') });
    // A1's acknowledgement was of version 1: it does not count for version 2
    expect(explain(actor.getSnapshot(), { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('14:30') } as MonthlyAssessmentEvent)).toMatchObject({ accepted: false, violations: [{ details: { missing: ['A1', 'A3', 'A2'] } }] });
    acknowledgeAll(actor);
    sendOrThrow(actor, { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('15:00') });
    const output = actor.getSnapshot().output!;
    expect(output.version).toBe(2);
    expect(output.objections).toEqual([{ agentId: 'A2', version: 1, reason: 'N4 已于11月30日解决,系统未更新', at: T('11:30') }]);
    expect(output.acknowledgements.every((a) => a.version === 2)).toBe(true);
  });
});

describe('persistence and the stateless runtime', () => {
  const path: MonthlyAssessmentEvent[] = [
    draft,
    { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') },
    { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('14:00') },
    { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', at: T('14:00') },
    { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A3'), agentId: 'A3', at: T('14:00') },
    { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('17:00') },
  ];

  it('an assessment persisted mid-way through JSON restores and runs to publication', () => {
    const actor = start();
    for (const e of path.slice(0, 3)) sendOrThrow(actor, e);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(monthlyAssessmentMachine, { snapshot: JSON.parse(saved), input }).start();
    expect(restored.getSnapshot().value).toBe('reviewing');
    for (const e of path.slice(3)) sendOrThrow(restored, e);
    expect(restored.getSnapshot().output).toMatchObject({ month: '2026-11', version: 1 });
  });

  it('runs under `step`: notifications and publication are side effects; a refusal leaves the envelope as it was', () => {
    let envelope = initialStep(monthlyAssessmentMachine, input, { now: input.at, caseId: input.assessmentId }).envelope;
    const effects: string[] = [];
    for (const event of path) {
      if (event.type === 'ASSESSMENT.PUBLISH') {
        const refused = step(monthlyAssessmentMachine, envelope, { type: 'ASSESSMENT.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('16:00') }, { now: T('16:00'), caseId: input.assessmentId });
        expect(refused).toMatchObject({ status: 'refused', refusal: { violations: [{ rule: 'STAFF-SUMMARY' }] } });
        expect(refused.envelope).toEqual(envelope);
      }
      const r = step(monthlyAssessmentMachine, envelope, event, { now: event.at, caseId: input.assessmentId });
      expect(r.status, event.type).toBe('applied');
      effects.push(...r.effects.map((e) => e.type));
      envelope = r.envelope;
    }
    expect(effects).toEqual(['notifyAgent', 'notifyAgent', 'notifyAgent', 'publishAssessment']);
    expect(envelope.snapshot.status).toBe('done');
  });
});

describe('ROLE-PERMIT', () => {
  it('ROLE-PERMIT: the supervisor drafts, shares and publishes; an agent cannot', () => {
    const actor = start();
    expect(send(actor, { ...draft, by: people.agent })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['supervisor'] } }] });
    expect(send(actor, { ...draft, by: people.quality })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { ...draft, by: undefined } as MonthlyAssessmentEvent)).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { by: null } }] });
    expect(actor.getSnapshot().context.draft).toBeUndefined();
    expect(send(actor, { ...draft, by: people.supervisor })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'ASSESSMENT.SHARE', by: people.agent, at: T('10:30') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'ASSESSMENT.SHARE', by: people.supervisor, at: T('10:30') })).toMatchObject({ accepted: true });
    acknowledgeAll(actor);
    expect(send(actor, { type: 'ASSESSMENT.PUBLISH', by: people.agent, at: T('17:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'ASSESSMENT.PUBLISH', by: people.supervisor, at: T('17:00') })).toMatchObject({ accepted: true });
  });

  it('ROLE-PERMIT: an agent acknowledges or disputes their result; the supervisor cannot do it for them', () => {
    const actor = start();
    draftAndShare(actor);
    expect(send(actor, { type: 'ASSESSMENT.ACKNOWLEDGE', by: people.supervisor, agentId: 'A1', at: T('11:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['agent'] } }] });
    expect(send(actor, { type: 'ASSESSMENT.OBJECT', by: people.supervisor, agentId: 'A2', reason: '代为申诉', at: T('11:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(actor.getSnapshot().value).toBe('reviewing');
    expect(send(actor, { type: 'ASSESSMENT.OBJECT', by: agentOf('A2'), agentId: 'A2', reason: 'N4 已解决', at: T('11:00') })).toMatchObject({ accepted: true });
  });
  it('ROLE-PERMIT: a stored assessment acknowledged twice by one agent for a version, or for a version never drafted, fails its invariant', () => {
    const actor = start();
    draftAndShare(actor);
    acknowledgeAll(actor);
    const snap = actor.getSnapshot();
    expect(invariantFailures('monthlyAssessment', snap)).toEqual([]);
    const tampered = (acknowledgements: unknown[]) => invariantFailures('monthlyAssessment', { status: snap.status, value: snap.value, context: { ...snap.context, acknowledgements } } as never).map((f) => f.name);
    expect(tampered([...snap.context.acknowledgements, { agentId: 'A1', version: 1, at: T('15:00') }])).toEqual(['monthlyAssessment.acknowledgements']);
    expect(tampered([{ agentId: 'A1', version: 2, at: T('15:00') }])).toEqual(['monthlyAssessment.acknowledgements']);
  });

  it("ROLE-PERMIT: an agent acknowledges or disputes only their own result — another agent answering for A2 is refused, naming A2 and the principal; A2's own answer is applied", () => {
    const actor = start();
    draftAndShare(actor);
    const before = actor.getSnapshot();
    const ack = { type: 'ASSESSMENT.ACKNOWLEDGE', agentId: 'A2', at: T('11:00') } as const;
    const object = { type: 'ASSESSMENT.OBJECT', agentId: 'A2', reason: 'N4 已解决', at: T('11:00') } as const;
    for (const by of [agentOf('A1'), people.agent]) {
      const refused = send(actor, ack, { by });
      expect(refused).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { field: 'agentId', agentId: 'A2', by } }] });
      expect(refused.accepted ? '' : refused.message.zh).toContain(`只有客服 A2 本人可以确认本人的考核结果,操作人是 ${by.id}`);
      expect(refused.accepted ? '' : refused.message.en).toContain(`only agent A2 may acknowledge their assessment for themselves; the principal is ${by.id}`);
      const disputed = send(actor, object, { by });
      expect(disputed).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { agentId: 'A2' } }] });
      expect(disputed.accepted ? '' : disputed.message.en).toContain('only agent A2 may dispute their assessment for themselves');
      expect(actor.getSnapshot()).toBe(before);
      expect(before.can({ ...ack, by })).toBe(false);
      expect(before.can({ ...object, by })).toBe(false);
    }
    expect(monthlyAssessmentChecks.checkOwnResponse({ context: before.context, event: { ...object, by: agentOf('A2') } })).toBeUndefined();
    expect(send(actor, ack, { by: agentOf('A2') })).toEqual({ accepted: true, eventType: 'ASSESSMENT.ACKNOWLEDGE' });
    expect(actor.getSnapshot().context.acknowledgements).toMatchObject([{ agentId: 'A2', version: 1 }]);
  });
});
