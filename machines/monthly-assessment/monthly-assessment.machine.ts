import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { MonthlyAssessmentContextSchema, monthlyAssessmentInvariants } from './monthly-assessment.invariants.js';
import { MonthlyAssessmentEventSchema, MonthlyAssessmentInputSchema, type MonthlyAssessmentInput } from './monthly-assessment.schemas.js';
import * as checks from './monthly-assessment.rules.js';
import type { MonthlyAssessmentContext, MonthlyAssessmentEmitted, MonthlyAssessmentEvent, MonthlyAssessmentOutput } from './monthly-assessment.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { monthlyAssessmentPermissions } from './monthly-assessment.permissions.js';
import { monthlyAssessmentWorklist } from './monthly-assessment.worklist.js';

type Of<T extends MonthlyAssessmentEvent['type']> = Extract<MonthlyAssessmentEvent, { type: T }>;
type Ctx = { context: MonthlyAssessmentContext; event: MonthlyAssessmentEvent };

/** Chinese names of the steps of the monthly assessment. */
export const monthlyAssessmentStepNames = {
  drafting: { zh: '主管起草考核', en: 'the supervisor drafts' },
  reviewing: { zh: '客服确认', en: 'the agents see their results' },
  published: { zh: '公布考核结果', en: 'published' },
} as const;

/**
 * The monthly performance assessment (每月进行绩效考核,奖优罚劣; STAFF-SUMMARY): 主管起草考核 →
 * 客服确认 → 公布考核结果. The supervisor drafts the month's assessment once the month is over
 * (`assessMonth` of `kefu/staff`: scores, ranks, reward and improvement bands); each agent sees
 * their result and acknowledges it, or disputes it, which sends the draft back to the supervisor
 * to answer with a redraft; when every agent has acknowledged the current draft, the supervisor
 * publishes it.
 *
 * Every event carries `at`. Host side effects: `notifyAgent` (an agent's result to see),
 * `notifySupervisor` (an objection), `publishAssessment`.
 */
export const monthlyAssessmentMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as MonthlyAssessmentContext,
    events: {} as MonthlyAssessmentEvent,
    input: {} as MonthlyAssessmentInput,
    output: {} as MonthlyAssessmentOutput,
    emitted: {} as MonthlyAssessmentEmitted,
  },
  guards: {
    isDraftValid: ruleGuard('STAFF-SUMMARY', checks.checkDraft),
    isShareable: ruleGuard('STAFF-SUMMARY', checks.checkShare),
    isAgentResponseValid: ruleGuard('STAFF-SUMMARY', checks.checkAgentResponse),
    isOwnResponse: ruleGuard('ROLE-PERMIT', checks.checkOwnResponse),
    isPublishable: ruleGuard('STAFF-SUMMARY', checks.checkPublish),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    notifyAgent: (_: unknown, _params: { assessmentId: string; month: string; agentId: string; version: number; score: number; rank: number; band: 'reward' | 'standard' | 'improve' }) => {},
    notifySupervisor: (_: unknown, _params: { assessmentId: string; agentId: string; version: number }) => {},
    publishAssessment: (_: unknown, _params: { assessmentId: string; month: string; version: number }) => {},

    recordDraft: assign(({ context, event }) => {
      const e = event as Of<'ASSESSMENT.DRAFT'>;
      const version = (context.draft?.version ?? 0) + 1;
      return { draft: { version, assessment: checks.assessmentOf(context, e), at: e.at, ...(e.note ? { note: e.note } : {}) }, now: e.at };
    }),
    announceDrafted: emit(({ context }: Ctx) => ({
      type: 'assessment.drafted' as const,
      assessmentId: context.assessmentId,
      version: context.draft!.version,
      agents: context.draft!.assessment.agents.length,
      at: context.now,
    })),
    share: enqueueActions(({ context, event, enqueue }) => {
      const at = (event as Of<'ASSESSMENT.SHARE'>).at;
      const { version, assessment } = context.draft!;
      enqueue.assign({ sharedAt: at, now: at });
      for (const a of assessment.agents) {
        enqueue({ type: 'notifyAgent', params: { assessmentId: context.assessmentId, month: context.month, agentId: a.agentId, version, score: a.score, rank: a.rank, band: a.band } });
      }
      enqueue.emit({ type: 'assessment.shared' as const, assessmentId: context.assessmentId, version, agentIds: checks.assessedAgents(context), at });
    }),
    recordAcknowledgement: assign(({ context, event }) => {
      const e = event as Of<'ASSESSMENT.ACKNOWLEDGE'>;
      const ack = { agentId: e.agentId, version: context.draft!.version, at: e.at, ...(e.comment ? { comment: e.comment } : {}) };
      return { acknowledgements: [...context.acknowledgements, ack], now: e.at };
    }),
    announceAcknowledged: emit(({ context }: Ctx) => {
      const a = context.acknowledgements[context.acknowledgements.length - 1]!;
      return { type: 'assessment.acknowledged' as const, assessmentId: context.assessmentId, agentId: a.agentId, version: a.version, at: a.at };
    }),
    recordObjection: assign(({ context, event }) => {
      const e = event as Of<'ASSESSMENT.OBJECT'>;
      return { objections: [...context.objections, { agentId: e.agentId, version: context.draft!.version, reason: e.reason, at: e.at }], now: e.at };
    }),
    announceObjection: enqueueActions(({ context, enqueue }) => {
      const o = context.objections[context.objections.length - 1]!;
      enqueue.emit({ type: 'assessment.objected' as const, assessmentId: context.assessmentId, agentId: o.agentId, version: o.version, at: o.at });
      enqueue({ type: 'notifySupervisor', params: { assessmentId: context.assessmentId, agentId: o.agentId, version: o.version } });
    }),
    recordPublication: assign(({ event }) => ({ publishedAt: (event as Of<'ASSESSMENT.PUBLISH'>).at, now: (event as Of<'ASSESSMENT.PUBLISH'>).at })),
    announcePublished: enqueueActions(({ context, enqueue }) => {
      const version = context.draft!.version;
      enqueue({ type: 'publishAssessment', params: { assessmentId: context.assessmentId, month: context.month, version } });
      enqueue.emit({ type: 'assessment.published' as const, assessmentId: context.assessmentId, month: context.month, version, at: context.publishedAt ?? context.now });
    }),
  },
}).createMachine({
  id: 'monthlyAssessment',
  description: '月度绩效考核:主管起草、客服确认、公布结果,奖优罚劣 — the monthly performance assessment from the supervisor\'s draft to publication (STAFF-SUMMARY)',
  context: ({ input }) => {
    const parsed = parseInput(MonthlyAssessmentInputSchema, input, 'monthly-assessment input');
    return {
      policy: parsed.policy ?? defaultPolicy,
      assessmentId: parsed.assessmentId,
      month: parsed.month,
      supervisor: parsed.supervisor,
      openedAt: parsed.at,
      now: parsed.at,
      acknowledgements: [],
      objections: [],
    };
  },
  output: ({ context }) => {
    const { version, assessment } = context.draft!;
    return {
      ...assessment,
      assessmentId: context.assessmentId,
      version,
      publishedBy: context.supervisor,
      publishedAt: context.publishedAt ?? context.now,
      acknowledgements: context.acknowledgements.filter((a) => a.version === version),
      objections: context.objections,
    };
  },
  initial: 'drafting',
  states: {
    drafting: {
      description: '主管起草考核:月末后按活动记录、每日总结和质量审核得分计算考核 — the supervisor drafts the month\'s assessment once it is over (STAFF-SUMMARY)',
      meta: { zh: '主管起草考核', rules: ['STAFF-SUMMARY'] },
      on: {
        'ASSESSMENT.DRAFT': {
          guard: 'isDraftValid',
          actions: ['recordDraft', 'announceDrafted'],
          description: '起草(或答复异议后重新起草)考核 — draft, or redraft answering the objections (STAFF-SUMMARY)',
        },
        'ASSESSMENT.SHARE': {
          guard: 'isShareable',
          target: 'reviewing',
          actions: 'share',
          description: '将考核结果发给每位客服确认 — send each agent their result to see (STAFF-SUMMARY)',
        },
      },
    },
    reviewing: {
      description: '客服确认:每位客服查看并确认本人考核结果,或提出异议 — each agent sees their result and acknowledges or disputes it (STAFF-SUMMARY)',
      meta: { zh: '客服确认', rules: ['STAFF-SUMMARY'] },
      on: {
        'ASSESSMENT.ACKNOWLEDGE': {
          guard: and(['isOwnResponse', 'isAgentResponseValid']),
          actions: ['recordAcknowledgement', 'announceAcknowledged'],
          description: '客服本人确认考核结果 — an agent acknowledges their own result (STAFF-SUMMARY, ROLE-PERMIT)',
        },
        'ASSESSMENT.OBJECT': {
          guard: and(['isOwnResponse', 'isAgentResponseValid']),
          target: 'drafting',
          actions: ['recordObjection', 'announceObjection'],
          description: '客服本人提出异议,退回主管 — an agent disputes their own result: back to the supervisor (STAFF-SUMMARY, ROLE-PERMIT)',
        },
        'ASSESSMENT.PUBLISH': {
          guard: 'isPublishable',
          target: 'published',
          actions: 'recordPublication',
          description: '全部客服已确认,公布考核结果 — every agent has acknowledged: publish (STAFF-SUMMARY)',
        },
      },
    },
    published: {
      type: 'final',
      description: '公布考核结果:奖优罚劣,考核结果与绩效工资挂钩 — published: the best rewarded, the weakest to improve',
      meta: { zh: '公布考核结果' },
      entry: 'announcePublished',
    },
  },
}), monthlyAssessmentPermissions), MonthlyAssessmentEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: monthlyAssessmentMachine.id,
  events: MonthlyAssessmentEventSchema,
  input: MonthlyAssessmentInputSchema,
  context: MonthlyAssessmentContextSchema,
  invariants: monthlyAssessmentInvariants,
  worklist: monthlyAssessmentWorklist,
});
