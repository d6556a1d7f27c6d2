import { assign, emit, enqueueActions, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { CampaignContextSchema, campaignInvariants } from './campaign.invariants.js';
import { toEpoch } from '../../src/time/index.js';
import { CampaignEventSchema, CampaignInputSchema, type AnalysisTopic, type CampaignInput } from './campaign.schemas.js';
import { campaignFigures, extractList } from './campaign.figures.js';
import * as checks from './campaign.rules.js';
import type { CampaignContext, CampaignEmitted, CampaignEvent, CampaignOutput } from './campaign.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { campaignPermissions } from './campaign.permissions.js';
import { campaignWorklist } from './campaign.worklist.js';

type Of<T extends CampaignEvent['type']> = Extract<CampaignEvent, { type: T }>;
type Ctx = { context: CampaignContext; event: CampaignEvent };

/** Chinese names of the three stages (从数据中获取利润), as the documents say them. */
export const campaignStepNames = {
  extracting: { n: 1, zh: '数据清单的提取', en: 'list extraction' },
  monitoring: { n: 2, zh: '现场活动的监控', en: 'live monitoring' },
  summarizing: { n: 3, zh: '项目活动的总结', en: 'summary' },
} as const;

const later = (a: string, b: string): string => (toEpoch(a) >= toEpoch(b) ? a : b);

/**
 * A telemarketing campaign (电话销售项目): 数据清单的提取 (the list, leaving out the do-not-call
 * list) → 现场活动的监控 (calls made, reached, refusals, per agent) → 项目活动的总结 (the figures
 * and the supervisor's five analyses: target achievement, list use, staff performance, refusals,
 * lessons). The summary cannot be completed while an analysis is missing (CAMPAIGN).
 *
 * Ids only: numbers and names of the prospects stay in the host's CRM. A customer who asks not
 * to be called again is emitted (`campaign.optedOut`) for the host's do-not-call list.
 */
export const campaignMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as CampaignContext,
    events: {} as CampaignEvent,
    input: {} as CampaignInput,
    output: {} as CampaignOutput,
    emitted: {} as CampaignEmitted,
  },
  guards: {
    isListReady: ruleGuard('CAMPAIGN', checks.checkListReady),
    isCallAllowed: ruleGuard('CAMPAIGN', checks.checkCall),
    isSummaryComplete: ruleGuard('CAMPAIGN', checks.checkSummaryComplete),
  },
  actions: {
    // Host side effect: no-op until the host provides it (typically with `addToDoNotCall` from `kefu`
    // on the department's one do-not-call list).
    addToDoNotCall: (_: unknown, _params: { campaignId: string; customerId: string; at: string }) => {},

    extract: assign(({ context, event }) => {
      const e = event as Of<'LIST.EXTRACT'>;
      return { ...extractList(context.list, context.extraction, e.prospects, e.doNotCall ?? [], e.at), now: later(e.at, context.now) };
    }),
    announceExtracted: emit(({ context }: Ctx) => ({
      type: 'campaign.listExtracted' as const,
      campaignId: context.campaignId,
      listed: Object.keys(context.list).length,
      excludedDoNotCall: context.extraction.excludedDoNotCall.length,
    })),
    launch: assign(({ context, event }) => {
      const e = event as Of<'CAMPAIGN.LAUNCH'>;
      return { agentIds: [...new Set(e.agentIds)], launchedAt: e.at, now: later(e.at, context.now) };
    }),
    announceLaunched: emit(({ context }: Ctx) => ({
      type: 'campaign.launched' as const,
      campaignId: context.campaignId,
      agentIds: context.agentIds,
      listed: Object.keys(context.list).length,
    })),
    logCall: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'CALL.LOG'>;
      const entry = context.list[e.customerId]!;
      const call = {
        callId: e.callId,
        agentId: e.agentId,
        customerId: e.customerId,
        result: e.result,
        ...(e.outcome ? { outcome: e.outcome } : {}),
        ...(e.refusalReason ? { refusalReason: e.refusalReason } : {}),
        at: e.at,
      };
      const updated = {
        ...entry,
        attempts: entry.attempts + 1,
        reached: entry.reached || e.result === 'reached',
        ...(e.outcome ? { outcome: e.outcome } : {}),
        optedOut: entry.optedOut || e.optOut === true,
      };
      enqueue.assign({ calls: [...context.calls, call], list: { ...context.list, [e.customerId]: updated }, now: later(e.at, context.now) });
      enqueue.emit({
        type: 'campaign.callLogged',
        campaignId: context.campaignId,
        callId: e.callId,
        agentId: e.agentId,
        customerId: e.customerId,
        result: e.result,
        ...(e.outcome ? { outcome: e.outcome } : {}),
      });
      if (e.optOut) {
        enqueue.emit({ type: 'campaign.optedOut', campaignId: context.campaignId, customerId: e.customerId, at: e.at });
        enqueue({ type: 'addToDoNotCall', params: { campaignId: context.campaignId, customerId: e.customerId, at: e.at } });
      }
    }),
    endMonitoring: assign(({ context, event }) => {
      const e = event as Of<'MONITORING.END'>;
      return { monitoringEndedAt: e.at, figures: campaignFigures(context), now: later(e.at, context.now) };
    }),
    announceMonitoringEnded: emit(({ context }: Ctx) => ({
      type: 'campaign.monitoringEnded' as const,
      campaignId: context.campaignId,
      calls: context.calls.length,
      sales: context.figures?.target.sales.achieved ?? 0,
    })),
    recordAnalysis: assign(({ context, event }) => {
      const e = event as Of<'ANALYSIS.RECORD'>;
      return { analyses: { ...context.analyses, [e.topic]: { conclusion: e.conclusion, at: e.at } }, now: later(e.at, context.now) };
    }),
    complete: assign(({ context, event }) => {
      const e = event as Of<'SUMMARY.COMPLETE'>;
      return { completedAt: e.at, now: later(e.at, context.now) };
    }),
    announceCompleted: emit(({ context }: Ctx) => ({ type: 'campaign.completed' as const, campaignId: context.campaignId, at: context.completedAt ?? context.now })),
  },
}).createMachine({
  id: 'campaign',
  description: '电话销售项目:从数据中获取利润 — 数据清单的提取 → 现场活动的监控 → 项目活动的总结 (CAMPAIGN)',
  meta: { zh: '电话销售项目', rules: ['CAMPAIGN'] },
  context: ({ input }) => {
    const parsed = parseInput(CampaignInputSchema, input, 'campaign input');
    return {
      policy: parsed.policy ?? defaultPolicy,
      campaignId: parsed.campaignId,
      target: parsed.target,
      now: parsed.at,
      list: {},
      extraction: { offered: 0, excludedDoNotCall: [], duplicates: 0 },
      agentIds: [],
      calls: [],
      analyses: {},
    };
  },
  output: ({ context }) => ({
    campaignId: context.campaignId,
    figures: context.figures ?? campaignFigures(context),
    analyses: context.analyses as Record<AnalysisTopic, { conclusion: string; at: string }>,
    completedAt: context.completedAt ?? context.now,
  }),
  initial: 'extracting',
  states: {
    extracting: {
      description: '1 数据清单的提取:电话销售的前提是拥有大量的数据清单(潜在客户),免打扰名单中的客户不列入 — extract the list of prospects, leaving out the do-not-call list (CAMPAIGN)',
      meta: { step: 1, zh: '数据清单的提取', rules: ['CAMPAIGN'] },
      on: {
        'LIST.EXTRACT': {
          actions: ['extract', 'announceExtracted'],
          description: '提取一批潜在客户,剔除免打扰与重复 — add a batch of prospects, without do-not-call entries and duplicates (CAMPAIGN)',
        },
        'CAMPAIGN.LAUNCH': {
          guard: 'isListReady',
          target: 'monitoring',
          actions: ['launch', 'announceLaunched'],
          description: '清单就绪,开始外呼 — the list is ready: start calling (CAMPAIGN)',
        },
      },
    },
    monitoring: {
      description: '2 现场活动的监控:记录每通电话,帮助合理利用清单、提升人员绩效 — log every call; the figures guide list use and staff performance (CAMPAIGN)',
      meta: { step: 2, zh: '现场活动的监控', rules: ['CAMPAIGN'] },
      on: {
        'CALL.LOG': {
          guard: 'isCallAllowed',
          actions: 'logCall',
          description: '记录一通电话(接通、结果、拒绝原因) — log a call: reached, outcome, refusal reason (CAMPAIGN)',
        },
        'MONITORING.END': {
          target: 'summarizing',
          actions: ['endMonitoring', 'announceMonitoringEnded'],
          description: '活动结束,固定数据进入总结 — the calling ends: the figures are frozen for the summary',
        },
      },
    },
    summarizing: {
      description: '3 项目活动的总结:目标达成、清单利用、员工绩效、拒绝客户、经验总结五项分析 — the summary with its five analyses (CAMPAIGN)',
      meta: { step: 3, zh: '项目活动的总结', rules: ['CAMPAIGN'] },
      on: {
        'ANALYSIS.RECORD': { actions: 'recordAnalysis', description: '记录一项分析 — record one of the five analyses (CAMPAIGN)' },
        'SUMMARY.COMPLETE': {
          guard: 'isSummaryComplete',
          target: 'completed',
          actions: ['complete', 'announceCompleted'],
          description: '五项分析齐全,完成总结 — all five analyses are in: the summary is complete (CAMPAIGN)',
        },
      },
    },
    completed: {
      type: 'final',
      description: '项目结束 — the campaign is closed with its summary',
      meta: { zh: '项目结束' },
    },
  },
}), campaignPermissions), CampaignEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: campaignMachine.id,
  events: CampaignEventSchema,
  input: CampaignInputSchema,
  context: CampaignContextSchema,
  invariants: campaignInvariants,
  worklist: campaignWorklist,
});
