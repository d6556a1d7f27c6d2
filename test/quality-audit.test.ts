import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import * as z from 'zod/mini';
import { definePolicy, explain, invariantFailures, isValidationError, send, sendOrThrow } from 'kefu';
import { runAudit, type ServiceRecord } from 'kefu/quality';
import { initialStep, step } from 'kefu/runtime';
import {
  AuditRecordRefSchema,
  auditedAgents,
  qualityAuditChecks,
  qualityAuditMachine,
  qualityAuditStepNames,
  type QualityAuditEmitted,
  type QualityAuditEvent,
  type QualityAuditInput,
} from 'kefu/machines/quality-audit';
import { undocumented } from './support/call.js';
import { agentOf, people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-31') => `${day}T${hhmm}:00+08:00`;

const good = ['您好,欢迎来电,请问有什么可以帮助您的?', '好的,已为您预约,再见!'];
const fields = { time: T('09:00', '2026-12-01'), number: '13800138000', name: '王先生', contact: '13800138000', content: '预约保养' };
const rec = (id: string, agentId: string, agentLines = good, filed: Record<string, unknown> = fields): ServiceRecord => ({
  id,
  agentId,
  channel: 'phone',
  at: T('09:00', '2026-12-01'),
  utterances: [
    { by: 'agent', text: agentLines[0]! },
    { by: 'customer', text: '我想预约保养' },
    { by: 'agent', text: agentLines[1]! },
  ],
  fields: filed,
});

/** Four records: A1's S1 skips the greeting, A2's S3 is filed without a name; S2 and S4 are clean. */
const records = [rec('S1', 'A1', ['喂?', '好的,再见!']), rec('S2', 'A1'), rec('S3', 'A2', good, { ...fields, name: '' }), rec('S4', 'A2')];
const population = records.map(({ id, agentId }) => ({ id, agentId }));
const input = { auditId: 'QA-2026-12', auditor: 'QA-1', at: T('09:00') } satisfies QualityAuditInput;

const start = (i: QualityAuditInput = input, actions: Parameters<typeof qualityAuditMachine.provide>[0]['actions'] = {}) =>
  createActor(qualityAuditMachine.provide({ actions }), { input: i }).start();
type Actor = ReturnType<typeof start>;

const sampleAll: QualityAuditEvent = { type: 'SAMPLE.DRAW', by: people.quality, population, seed: 'QA-2026-12', size: 10, at: T('09:10') };
const scoreAll = (actor: Actor) => {
  for (const record of records) sendOrThrow(actor, { type: 'RECORD.SCORE', by: people.quality, record, at: T('10:00') });
  sendOrThrow(actor, { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') });
};
const feedbackAll = (actor: Actor) => {
  sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S1:greeting', action: 'training', note: '问候语培训', at: T('13:00') });
  sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S3:record-complete', action: 'coaching', note: '记录完整性辅导', at: T('13:05') });
  sendOrThrow(actor, { type: 'FEEDBACK.SEND', by: people.quality, at: T('13:30') });
};
const acknowledgeAll = (actor: Actor) => {
  sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('14:00') });
  sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', comment: '已知悉', at: T('14:10') });
};

describe('quality-audit machine: 抽查样本 → 按标准评分 → 反馈意见 → 客服确认 → 培训跟进 → 结案', () => {
  it('walks the audit to its close; the report is kefu/quality\'s own and never holds the conversation', () => {
    const notifyAgent = vi.fn();
    const actor = start(input, { notifyAgent });
    const seen: QualityAuditEmitted[] = [];
    actor.on('*', (e) => seen.push(e as QualityAuditEmitted));
    const states = [actor.getSnapshot().value];
    sendOrThrow(actor, sampleAll);
    states.push(actor.getSnapshot().value);
    scoreAll(actor);
    states.push(actor.getSnapshot().value);
    // the same records, sample and checklist give the very report runAudit gives
    const expected = runAudit({ auditId: input.auditId, records, sample: { seed: 'QA-2026-12', size: 10 }, at: T('11:00') });
    expect(actor.getSnapshot().context.report).toEqual(expected);
    expect(expected.findings.map((f) => f.findingId)).toEqual(['S1:greeting', 'S3:record-complete']);
    feedbackAll(actor);
    states.push(actor.getSnapshot().value);
    expect(notifyAgent.mock.calls.map((c) => c[1])).toEqual([
      { auditId: input.auditId, agentId: 'A1', averageScore: expected.byAgent[0]!.averageScore, findingIds: ['S1:greeting'] },
      { auditId: input.auditId, agentId: 'A2', averageScore: expected.byAgent[1]!.averageScore, findingIds: ['S3:record-complete'] },
    ]);
    acknowledgeAll(actor);
    states.push(actor.getSnapshot().value);
    sendOrThrow(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A1', note: '12月问候规范培训已完成', at: T('16:00') });
    sendOrThrow(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A2', note: '一对一辅导已完成', at: T('16:30') });
    sendOrThrow(actor, { type: 'AUDIT.CLOSE', by: people.quality, at: T('17:00') });
    states.push(actor.getSnapshot().value);
    expect(states).toEqual(['sampling', 'scoring', 'feedback', 'acknowledging', 'training', 'closed']);
    const output = actor.getSnapshot().output!;
    expect(output).toMatchObject({
      auditId: input.auditId,
      closedBy: 'QA-1',
      closedAt: '2026-12-31T09:00:00.000Z',
      trainingPlan: [{ agentId: 'A1', standardIds: ['greeting'] }, { agentId: 'A2', standardIds: ['record-complete'] }],
      standardRevisions: [],
      acknowledgements: [{ agentId: 'A1', at: T('14:00') }, { agentId: 'A2', comment: '已知悉', at: T('14:10') }],
    });
    expect(output.trainingDelivered.map((t) => [t.agentId, t.standardIds])).toEqual([['A1', ['greeting']], ['A2', ['record-complete']]]);
    expect(seen.map((e) => e.type)).toEqual(['qualityAudit.sampled', 'qualityAudit.scored', 'qualityAudit.feedbackSent', 'qualityAudit.acknowledged', 'qualityAudit.acknowledged', 'qualityAudit.closed']);
    // the conversation and the filed values were read, never kept
    expect(JSON.stringify(actor.getSnapshot().context)).not.toMatch(/王先生|13800138000|我想预约/);
  });

  it('names its steps in Chinese and describes every state and transition', () => {
    expect(undocumented(qualityAuditMachine)).toEqual([]);
    const zh = Object.keys(qualityAuditStepNames).map((s) => (qualityAuditMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['抽查样本', '按标准评分', '反馈意见', '客服确认', '培训跟进', '结案']);
  });

  it('an input with an invalid checklist is rejected with a ValidationError naming the field', () => {
    const actor = createActor(qualityAuditMachine, { input: { ...input, checklist: [] } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(['checklist']);
  });

  it('the sample defaults to policy.quality.sampleSize and is reproducible from its seed', () => {
    const policy = definePolicy({ quality: { sampleSize: 2 } });
    const a = start({ ...input, policy });
    const b = start({ ...input, policy });
    sendOrThrow(a, { type: 'SAMPLE.DRAW', by: people.quality, population, seed: 'seed-1', at: T('09:10') });
    sendOrThrow(b, { type: 'SAMPLE.DRAW', by: people.quality, population: [...population].reverse(), seed: 'seed-1', at: T('09:10') });
    expect(a.getSnapshot().context.sample!.records).toHaveLength(2);
    expect(a.getSnapshot().context.sample!.records).toEqual(b.getSnapshot().context.sample!.records);
    expect(z.array(AuditRecordRefSchema).parse(a.getSnapshot().context.sample!.records)).toHaveLength(2);
  });
});

describe('QA-AUDIT', () => {
  it('QA-AUDIT: a sample is a size or a number per agent, not both, from a population that names each record once', () => {
    const actor = start();
    expect(send(actor, { ...sampleAll, perAgent: 1 } as QualityAuditEvent)).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { size: 10, perAgent: 1 } }] });
    expect(send(actor, { type: 'SAMPLE.DRAW', by: people.quality, population: [...population, population[0]!], seed: 's', at: T('09:10') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'QA-AUDIT', details: { duplicates: ['S1'] } }],
    });
    expect(actor.getSnapshot().value).toBe('sampling');
    expect(send(actor, { type: 'SAMPLE.DRAW', by: people.quality, population, seed: 's', perAgent: 1, at: T('09:10') })).toMatchObject({ accepted: true });
    expect(auditedAgents({ report: undefined })).toEqual([]);
  });

  it('QA-AUDIT: only a sampled record is scored, once, as served by the sampled agent', () => {
    const actor = start();
    sendOrThrow(actor, { type: 'SAMPLE.DRAW', by: people.quality, population: population.slice(0, 2), seed: 's', size: 10, at: T('09:10') });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[2]!, at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { recordId: 'S3' } }] });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.quality, record: { ...records[0]!, agentId: 'A9' }, at: T('10:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'QA-AUDIT', details: { recordId: 'S1', sampledAgentId: 'A1' } }],
    });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[0]!, at: T('10:00') })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[0]!, at: T('10:01') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { recordId: 'S1' } }] });
    expect(actor.getSnapshot().context.results.map((r) => r.recordId)).toEqual(['S1']);
  });

  it('QA-AUDIT: the report is drawn up only when every sampled record is scored', () => {
    const actor = start();
    sendOrThrow(actor, sampleAll);
    sendOrThrow(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[1]!, at: T('10:00') });
    expect(send(actor, { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { missing: ['S1', 'S3', 'S4'] } }] });
    for (const r of [records[0]!, records[2]!, records[3]!]) sendOrThrow(actor, { type: 'RECORD.SCORE', by: people.quality, record: r, at: T('10:30') });
    expect(send(actor, { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') })).toMatchObject({ accepted: true });
    // scored out of order, the report still lists the records in sample order
    expect(actor.getSnapshot().context.report!.sampled).toEqual(['S1', 'S2', 'S3', 'S4']);
  });

  it('QA-AUDIT: the results go to the agents only when every failed item has feedback, and feedback names a finding', () => {
    const actor = start();
    sendOrThrow(actor, sampleAll);
    scoreAll(actor);
    expect(send(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S2:greeting', action: 'training', note: '无', at: T('13:00') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'QA-AUDIT', details: { findingId: 'S2:greeting', known: ['S1:greeting', 'S3:record-complete'] } }],
    });
    sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S1:greeting', action: 'dismissed', note: '客户先开口', at: T('13:00') });
    expect(send(actor, { type: 'FEEDBACK.SEND', by: people.quality, at: T('13:30') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { missing: ['S3:record-complete'] } }] });
    expect(actor.getSnapshot().value).toBe('feedback');
    // a later entry for the same finding replaces the earlier one
    sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S1:greeting', action: 'standard-revision', note: '客户先开口时的问候标准待完善', at: T('13:10') });
    sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S3:record-complete', action: 'training', note: '记录培训', at: T('13:15') });
    expect(send(actor, { type: 'FEEDBACK.SEND', by: people.quality, at: T('13:30') })).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().context.feedback.map((f) => [f.findingId, f.action, f.by])).toEqual([
      ['S1:greeting', 'standard-revision', 'QA-1'],
      ['S3:record-complete', 'training', 'QA-1'],
    ]);
    expect(actor.getSnapshot().context.plan).toEqual({ trainingPlan: [{ agentId: 'A2', standardIds: ['record-complete'] }], standardRevisions: ['greeting'] });
  });

  it('QA-AUDIT: each audited agent acknowledges their own results once; training waits for all of them', () => {
    const actor = start();
    sendOrThrow(actor, sampleAll);
    scoreAll(actor);
    feedbackAll(actor);
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A7'), agentId: 'A7', at: T('14:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { agentId: 'A7', agents: ['A1', 'A2'] } }] });
    sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('14:00') });
    expect(actor.getSnapshot().value).toBe('acknowledging');
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('14:05') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { agentId: 'A1' } }] });
    sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', at: T('14:10') });
    expect(actor.getSnapshot().value).toBe('training');
  });

  it('QA-AUDIT: the audit closes only when every training item of the plan is delivered', () => {
    const actor = start();
    sendOrThrow(actor, sampleAll);
    scoreAll(actor);
    feedbackAll(actor);
    acknowledgeAll(actor);
    expect(send(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A3', note: '培训', at: T('16:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { agentId: 'A3', planned: ['A1', 'A2'] } }] });
    sendOrThrow(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A1', note: '问候规范培训', at: T('16:00') });
    expect(send(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A1', note: '再次培训', at: T('16:05') })).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT' }] });
    const close = { type: 'AUDIT.CLOSE', by: people.quality, at: T('17:00') } as const;
    expect(explain(actor.getSnapshot(), close)).toMatchObject({ accepted: false, violations: [{ rule: 'QA-AUDIT', details: { missing: ['A2'] } }] });
    sendOrThrow(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A2', note: '记录辅导', at: T('16:30') });
    expect(send(actor, close)).toMatchObject({ accepted: true });
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('QA-AUDIT: an audit with no failed item goes from acknowledgement straight to a closable training step', () => {
    const actor = start();
    sendOrThrow(actor, { type: 'SAMPLE.DRAW', by: people.quality, population: [population[1]!], seed: 's', at: T('09:10') });
    sendOrThrow(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[1]!, at: T('10:00') });
    sendOrThrow(actor, { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') });
    sendOrThrow(actor, { type: 'FEEDBACK.SEND', by: people.quality, at: T('11:30') });
    sendOrThrow(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('12:00') });
    sendOrThrow(actor, { type: 'AUDIT.CLOSE', by: people.quality, at: T('12:30') });
    expect(actor.getSnapshot().output).toMatchObject({ findings: [], trainingPlan: [], averageScore: 100 });
  });
});

describe('persistence and the stateless runtime', () => {
  const path: QualityAuditEvent[] = [
    sampleAll,
    ...records.map((record) => ({ type: 'RECORD.SCORE' as const, by: people.quality, record, at: T('10:00') })),
    { type: 'SCORING.COMPLETE', by: people.quality, at: T('11:00') },
    { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S1:greeting', action: 'training', note: '问候语培训', at: T('13:00') },
    { type: 'FEEDBACK.RECORD', by: people.quality, findingId: 'S3:record-complete', action: 'dismissed', note: '系统故障未保存姓名', at: T('13:05') },
    { type: 'FEEDBACK.SEND', by: people.quality, at: T('13:30') },
    { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A1'), agentId: 'A1', at: T('14:00') },
    { type: 'FEEDBACK.ACKNOWLEDGE', by: agentOf('A2'), agentId: 'A2', at: T('14:10') },
    { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A1', note: '问候规范培训', at: T('16:00') },
    { type: 'AUDIT.CLOSE', by: people.quality, at: T('17:00') },
  ];

  it('an audit persisted mid-way through JSON restores and runs to its close', () => {
    const actor = start();
    for (const e of path.slice(0, 7)) sendOrThrow(actor, e);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(qualityAuditMachine, { snapshot: JSON.parse(saved), input }).start();
    expect(restored.getSnapshot().value).toBe('feedback');
    for (const e of path.slice(7)) sendOrThrow(restored, e);
    expect(restored.getSnapshot().output).toMatchObject({ trainingPlan: [{ agentId: 'A1', standardIds: ['greeting'] }] });
  });

  it('runs under `step`, event by event, with notifyAgent as a side effect and refusals that leave the envelope as it was', () => {
    let envelope = initialStep(qualityAuditMachine, input, { now: input.at, caseId: input.auditId }).envelope;
    const effects: unknown[] = [];
    for (const event of path) {
      const r = step(qualityAuditMachine, envelope, event, { now: event.at, caseId: input.auditId });
      expect(r.status, event.type).toBe('applied');
      effects.push(...r.effects);
      envelope = r.envelope;
      if (event.type === 'SCORING.COMPLETE') {
        const refused = step(qualityAuditMachine, envelope, { type: 'FEEDBACK.SEND', by: people.quality, at: T('11:30') }, { now: T('11:30'), caseId: input.auditId });
        expect(refused).toMatchObject({ status: 'refused', refusal: { violations: [{ rule: 'QA-AUDIT' }] } });
        expect(refused.envelope).toEqual(envelope);
      }
    }
    expect(effects).toEqual([
      expect.objectContaining({ type: 'notifyAgent', params: expect.objectContaining({ agentId: 'A1' }) }),
      expect.objectContaining({ type: 'notifyAgent', params: expect.objectContaining({ agentId: 'A2' }) }),
    ]);
    expect(envelope.snapshot.status).toBe('done');
  });
});

describe('ROLE-PERMIT', () => {
  it('ROLE-PERMIT: the quality specialist samples, scores, gives feedback and closes; an agent or a supervisor cannot', () => {
    const actor = start();
    for (const by of [people.agent, people.supervisor, people.customer]) {
      expect(send(actor, { ...sampleAll, by })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['quality'] } }] });
    }
    expect(send(actor, { ...sampleAll, by: undefined } as QualityAuditEvent)).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { by: null } }] });
    expect(actor.getSnapshot().value).toBe('sampling');
    sendOrThrow(actor, { ...sampleAll, by: people.quality });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.agent, record: records[0]!, at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'RECORD.SCORE', by: people.quality, record: records[0]!, at: T('10:00') })).toMatchObject({ accepted: true });
  });

  it('ROLE-PERMIT: the audited agent acknowledges (not the quality specialist); training is recorded by the quality specialist or a supervisor', () => {
    const actor = start();
    sendOrThrow(actor, { ...sampleAll, by: people.quality });
    scoreAll(actor);
    feedbackAll(actor);
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: people.quality, agentId: 'A1', at: T('14:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['agent'] } }] });
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', by: people.supervisor, agentId: 'A1', at: T('14:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    acknowledgeAll(actor);
    expect(send(actor, { type: 'TRAINING.RECORD', by: people.agent, agentId: 'A1', note: '自学', at: T('16:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { allowed: ['quality', 'supervisor'] } }] });
    expect(send(actor, { type: 'TRAINING.RECORD', by: people.supervisor, agentId: 'A1', note: '主管辅导', at: T('16:00') })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'TRAINING.RECORD', by: people.quality, agentId: 'A2', note: '记录培训', at: T('16:10') })).toMatchObject({ accepted: true });
    expect(send(actor, { type: 'AUDIT.CLOSE', by: people.supervisor, at: T('17:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    expect(send(actor, { type: 'AUDIT.CLOSE', by: people.quality, at: T('17:00') })).toMatchObject({ accepted: true });
  });
  it("ROLE-PERMIT: an agent acknowledges only their own results — another agent's acknowledgement for A1 is refused, naming A1 and the principal; A1's own is applied", () => {
    const actor = start();
    sendOrThrow(actor, { ...sampleAll, by: people.quality });
    scoreAll(actor);
    feedbackAll(actor);
    const forA1 = { type: 'FEEDBACK.ACKNOWLEDGE', agentId: 'A1', at: T('14:00') } as const;
    const before = actor.getSnapshot();
    for (const by of [agentOf('A2'), people.agent]) {
      const refused = send(actor, forA1, { by });
      expect(refused).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ROLE-PERMIT', details: { field: 'agentId', agentId: 'A1', by } }] });
      expect(refused.accepted ? '' : refused.message.zh).toContain(`只有客服 A1 本人可以确认本人的审核结果,操作人是 ${by.id}`);
      expect(refused.accepted ? '' : refused.message.en).toContain(`only agent A1 may acknowledge their audit results for themselves; the principal is ${by.id}`);
      expect(actor.getSnapshot()).toBe(before);
      // The chart's own guard refuses it too, and explain says why without sending.
      expect(before.can({ ...forA1, by })).toBe(false);
      expect(explain(before, forA1, { by })).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT', details: { agentId: 'A1' } }] });
    }
    expect(qualityAuditChecks.checkOwnAcknowledgement({ context: before.context, event: { ...forA1, by: agentOf('A1') } })).toBeUndefined();
    expect(send(actor, forA1, { by: agentOf('A1') })).toEqual({ accepted: true, eventType: 'FEEDBACK.ACKNOWLEDGE' });
    expect(actor.getSnapshot().context.acknowledgements).toEqual([{ agentId: 'A1', at: T('14:00') }]);
  });

  it('ROLE-PERMIT: a stored audit whose acknowledgements name an agent outside the audit, or one agent twice, fails its invariant', () => {
    const actor = start();
    sendOrThrow(actor, { ...sampleAll, by: people.quality });
    scoreAll(actor);
    feedbackAll(actor);
    acknowledgeAll(actor);
    const snap = actor.getSnapshot();
    expect(invariantFailures('qualityAudit', snap)).toEqual([]);
    const tampered = (acknowledgements: unknown[]) => invariantFailures('qualityAudit', { status: snap.status, value: snap.value, context: { ...snap.context, acknowledgements } } as never).map((f) => f.name);
    expect(tampered([...snap.context.acknowledgements, { agentId: 'A7', at: T('15:00') }])).toEqual(['qualityAudit.acknowledgements']);
    expect(tampered([...snap.context.acknowledgements, { agentId: 'A1', at: T('15:00') }])).toEqual(['qualityAudit.acknowledgements']);
  });

  it('ROLE-PERMIT: with roles not enforced (the documented opt-out) kefu cannot tell who acknowledges, and does not check it', () => {
    const actor = start({ ...input, policy: definePolicy({ roles: { enforce: false } }) });
    sendOrThrow(actor, { ...sampleAll, by: people.quality });
    scoreAll(actor);
    feedbackAll(actor);
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', agentId: 'A1', at: T('14:00') })).toEqual({ accepted: true, eventType: 'FEEDBACK.ACKNOWLEDGE' });
    expect(send(actor, { type: 'FEEDBACK.ACKNOWLEDGE', agentId: 'A2', at: T('14:05') }, { by: people.agent })).toEqual({ accepted: true, eventType: 'FEEDBACK.ACKNOWLEDGE' });
  });
});
