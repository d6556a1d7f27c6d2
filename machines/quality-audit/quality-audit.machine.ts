import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { closeAudit, defaultChecklist, sampleRecords, scoreRecord, type ClosedAudit } from '../../src/quality/index.js';
import { summariseAudit } from '../../src/quality/audit.js';
import { feedbackPlan } from '../../src/quality/close.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { QualityAuditContextSchema, qualityAuditInvariants } from './quality-audit.invariants.js';
import { QualityAuditEventSchema, QualityAuditInputSchema, type QualityAuditInput } from './quality-audit.schemas.js';
import * as checks from './quality-audit.rules.js';
import type { QualityAuditContext, QualityAuditEmitted, QualityAuditEvent, QualityAuditOutput } from './quality-audit.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { qualityAuditPermissions } from './quality-audit.permissions.js';
import { qualityAuditWorklist } from './quality-audit.worklist.js';

type Of<T extends QualityAuditEvent['type']> = Extract<QualityAuditEvent, { type: T }>;
type Ctx = { context: QualityAuditContext; event: QualityAuditEvent };

/** Chinese names of the steps of a quality audit. */
export const qualityAuditStepNames = {
  sampling: { zh: '抽查样本', en: 'draw the sample' },
  scoring: { zh: '按标准评分', en: 'score against the standards' },
  feedback: { zh: '反馈意见', en: 'feedback on the findings' },
  acknowledging: { zh: '客服确认', en: 'the agents acknowledge' },
  training: { zh: '培训跟进', en: 'training items' },
  closed: { zh: '结案', en: 'closed' },
} as const;

/**
 * A quality audit (质量管理专员 — 服务质量自审, QA-AUDIT): 抽查样本 → 按标准评分 → 反馈意见 →
 * 客服确认 → 培训跟进 → 结案. The quality specialist draws a seeded sample, scores each sampled
 * record against the checklist, gives feedback on every failed item and sends the results to
 * the agents; each audited agent acknowledges; the training the feedback asks for is delivered;
 * the audit closes. Scoring, the report and the closing rule are `kefu/quality`'s pure functions.
 *
 * Every event carries `at`. Host side effect: `notifyAgent` (the results go to an agent).
 */
export const qualityAuditMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as QualityAuditContext,
    events: {} as QualityAuditEvent,
    input: {} as QualityAuditInput,
    output: {} as QualityAuditOutput,
    emitted: {} as QualityAuditEmitted,
  },
  guards: {
    isSampleValid: ruleGuard('QA-AUDIT', checks.checkSample),
    isRecordScorable: ruleGuard('QA-AUDIT', checks.checkRecordScorable),
    isScoringComplete: ruleGuard('QA-AUDIT', checks.checkScoringComplete),
    isFeedbackForFinding: ruleGuard('QA-AUDIT', checks.checkFeedbackEntry),
    isFeedbackComplete: ruleGuard('QA-AUDIT', checks.checkFeedbackComplete),
    isAcknowledgementValid: ruleGuard('QA-AUDIT', checks.checkAcknowledgement),
    isOwnAcknowledgement: ruleGuard('ROLE-PERMIT', checks.checkOwnAcknowledgement),
    isTrainingItem: ruleGuard('QA-AUDIT', checks.checkTrainingEntry),
    isTrainingComplete: ruleGuard('QA-AUDIT', checks.checkTrainingComplete),
    // Routing condition (not a rule): the acknowledgement is the last one outstanding.
    isLastAcknowledgement: ({ context }: Ctx) => context.acknowledgements.length + 1 >= checks.auditedAgents(context).length,
  },
  actions: {
    // Host side effect: no-op until the host provides it.
    notifyAgent: (_: unknown, _params: { auditId: string; agentId: string; averageScore: number; findingIds: readonly string[] }) => {},

    drawSample: assign(({ context, event }) => {
      const e = event as Of<'SAMPLE.DRAW'>;
      const records = sampleRecords(e.population, e.perAgent !== undefined ? { seed: e.seed, perAgent: e.perAgent } : { seed: e.seed, size: e.size ?? context.policy.quality.sampleSize });
      return { sample: { seed: e.seed, population: e.population.length, records, at: e.at }, now: e.at };
    }),
    announceSampled: emit(({ context }: Ctx) => ({
      type: 'qualityAudit.sampled' as const,
      auditId: context.auditId,
      population: context.sample!.population,
      sampled: context.sample!.records.length,
      at: context.now,
    })),
    scoreSampledRecord: assign(({ context, event }) => {
      const e = event as Of<'RECORD.SCORE'>;
      // The conversation is read here and only its score, items and phrase positions are kept.
      return { results: [...context.results, scoreRecord(e.record, context.checklist, context.policy)], now: e.at };
    }),
    drawUpReport: assign(({ context, event }) => {
      const at = (event as Of<'SCORING.COMPLETE'>).at;
      const order = new Map(context.sample!.records.map((r, i) => [r.id, i]));
      const results = [...context.results].sort((a, b) => order.get(a.recordId)! - order.get(b.recordId)!);
      const report = summariseAudit({
        auditId: context.auditId,
        at,
        seed: context.sample!.seed,
        population: context.sample!.population,
        checklist: context.checklist,
        results,
        policy: context.policy,
      });
      return { report, now: at };
    }),
    announceScored: emit(({ context }: Ctx) => ({
      type: 'qualityAudit.scored' as const,
      auditId: context.auditId,
      averageScore: context.report!.averageScore,
      findings: context.report!.findings.length,
      at: context.now,
    })),
    recordFeedback: assign(({ context, event }) => {
      const e = event as Of<'FEEDBACK.RECORD'>;
      const entry = { findingId: e.findingId, action: e.action, note: e.note, by: context.auditor, at: e.at };
      return { feedback: [...context.feedback.filter((f) => f.findingId !== e.findingId), entry], now: e.at };
    }),
    sendFeedback: enqueueActions(({ context, event, enqueue }) => {
      const at = (event as Of<'FEEDBACK.SEND'>).at;
      const report = context.report!;
      const plan = feedbackPlan(report, context.feedback);
      enqueue.assign({ feedbackSentAt: at, plan, now: at });
      for (const a of report.byAgent) {
        const findingIds = report.findings.filter((f) => f.agentId === a.agentId).map((f) => f.findingId);
        enqueue({ type: 'notifyAgent', params: { auditId: context.auditId, agentId: a.agentId, averageScore: a.averageScore, findingIds } });
      }
      enqueue.emit({ type: 'qualityAudit.feedbackSent' as const, auditId: context.auditId, agentIds: checks.auditedAgents(context), at });
    }),
    recordAcknowledgement: assign(({ context, event }) => {
      const e = event as Of<'FEEDBACK.ACKNOWLEDGE'>;
      return { acknowledgements: [...context.acknowledgements, { agentId: e.agentId, at: e.at, ...(e.comment ? { comment: e.comment } : {}) }], now: e.at };
    }),
    announceAcknowledged: emit(({ context }: Ctx) => {
      const a = context.acknowledgements[context.acknowledgements.length - 1]!;
      return { type: 'qualityAudit.acknowledged' as const, auditId: context.auditId, agentId: a.agentId, at: a.at };
    }),
    recordTraining: assign(({ context, event }) => {
      const e = event as Of<'TRAINING.RECORD'>;
      const standardIds = context.plan!.trainingPlan.find((t) => t.agentId === e.agentId)!.standardIds;
      return { training: [...context.training, { agentId: e.agentId, standardIds, note: e.note, at: e.at }], now: e.at };
    }),
    recordClosure: assign(({ event }) => ({ closedAt: (event as Of<'AUDIT.CLOSE'>).at, now: (event as Of<'AUDIT.CLOSE'>).at })),
    announceClosed: emit(({ context }: Ctx) => ({ type: 'qualityAudit.closed' as const, auditId: context.auditId, at: context.closedAt ?? context.now })),
  },
}).createMachine({
  id: 'qualityAudit',
  description: '服务质量自审:抽查、按质量控制标准评分、反馈客服、客服确认、培训跟进、结案 — a quality audit from the sample to the training it calls for (QA-AUDIT)',
  context: ({ input }) => {
    const parsed = parseInput(QualityAuditInputSchema, input, 'quality-audit input');
    const policy = parsed.policy ?? defaultPolicy;
    return {
      policy,
      auditId: parsed.auditId,
      auditor: parsed.auditor,
      openedAt: parsed.at,
      now: parsed.at,
      checklist: parsed.checklist ?? defaultChecklist(policy),
      results: [],
      feedback: [],
      acknowledgements: [],
      training: [],
    };
  },
  output: ({ context }) => {
    // Reachable only through AUDIT.CLOSE, whose guards passed: every finding has feedback.
    const closed = closeAudit(context.report!, context.feedback, { by: context.auditor, at: context.closedAt ?? context.now });
    return { ...(closed as { value: ClosedAudit }).value, acknowledgements: context.acknowledgements, trainingDelivered: context.training };
  },
  initial: 'sampling',
  states: {
    sampling: {
      description: '抽查样本:从服务记录中按种子抽取样本,可复现 — draw a seeded, reproducible sample of service records (QA-AUDIT)',
      meta: { zh: '抽查样本', rules: ['QA-AUDIT'] },
      on: {
        'SAMPLE.DRAW': {
          guard: 'isSampleValid',
          target: 'scoring',
          actions: ['drawSample', 'announceSampled'],
          description: '抽取样本(总数或每人若干条) — draw the sample: a size, or a number per agent (QA-AUDIT)',
        },
      },
    },
    scoring: {
      description: '按质量控制标准评分:逐条审核抽查记录 — score each sampled record against the checklist (QA-AUDIT)',
      meta: { zh: '按标准评分', rules: ['QA-AUDIT'] },
      on: {
        'RECORD.SCORE': {
          guard: 'isRecordScorable',
          actions: 'scoreSampledRecord',
          description: '对一条抽查记录评分(只保留分数与问题,不保留对话) — score one sampled record; only scores and findings are kept (QA-AUDIT)',
        },
        'SCORING.COMPLETE': {
          guard: 'isScoringComplete',
          target: 'feedback',
          actions: ['drawUpReport', 'announceScored'],
          description: '全部抽查记录已评分,形成审核报告 — every sampled record is scored: draw up the report (QA-AUDIT)',
        },
      },
    },
    feedback: {
      description: '反馈意见:对每项不合格给出处理(培训、辅导、完善标准或说明理由) — feedback on every failed item (QA-AUDIT)',
      meta: { zh: '反馈意见', rules: ['QA-AUDIT'] },
      on: {
        'FEEDBACK.RECORD': {
          guard: 'isFeedbackForFinding',
          actions: 'recordFeedback',
          description: '记录对一项不合格的反馈 — record the feedback on one finding (QA-AUDIT)',
        },
        'FEEDBACK.SEND': {
          guard: 'isFeedbackComplete',
          target: 'acknowledging',
          actions: 'sendFeedback',
          description: '每项不合格均有反馈,将结果反馈给客服人员 — every finding has feedback: send the results to the agents (QA-AUDIT)',
        },
      },
    },
    acknowledging: {
      description: '客服确认:每位被审核的客服确认已知悉审核结果 — each audited agent acknowledges the results (QA-AUDIT)',
      meta: { zh: '客服确认', rules: ['QA-AUDIT'] },
      on: {
        'FEEDBACK.ACKNOWLEDGE': [
          {
            guard: and(['isOwnAcknowledgement', 'isAcknowledgementValid', 'isLastAcknowledgement']),
            target: 'training',
            actions: ['recordAcknowledgement', 'announceAcknowledged'],
            description: '最后一位客服本人确认,进入培训跟进 — the last agent acknowledges their own results: on to training (QA-AUDIT, ROLE-PERMIT)',
          },
          {
            guard: and(['isOwnAcknowledgement', 'isAcknowledgementValid']),
            actions: ['recordAcknowledgement', 'announceAcknowledged'],
            description: '客服本人确认审核结果 — an agent acknowledges their own results (QA-AUDIT, ROLE-PERMIT)',
          },
        ],
      },
    },
    training: {
      description: '培训跟进:按反馈制定的培训计划培训客服人员 — deliver the training the feedback asks for (QA-AUDIT)',
      meta: { zh: '培训跟进', rules: ['QA-AUDIT'] },
      on: {
        'TRAINING.RECORD': {
          guard: 'isTrainingItem',
          actions: 'recordTraining',
          description: '记录一位客服的培训已完成 — record an agent\'s training as delivered (QA-AUDIT)',
        },
        'AUDIT.CLOSE': {
          guard: 'isTrainingComplete',
          target: 'closed',
          actions: 'recordClosure',
          description: '培训均已完成,结案 — every training item is delivered: close the audit (QA-AUDIT)',
        },
      },
    },
    closed: {
      type: 'final',
      description: '结案:审核结果已反馈并用于培训和完善标准 — closed: the results fed back into training and the standards',
      meta: { zh: '结案' },
      entry: 'announceClosed',
    },
  },
}), qualityAuditPermissions), QualityAuditEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: qualityAuditMachine.id,
  events: QualityAuditEventSchema,
  input: QualityAuditInputSchema,
  context: QualityAuditContextSchema,
  invariants: qualityAuditInvariants,
  worklist: qualityAuditWorklist,
});
