import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { activeDoNotCall, send, sendOrThrow } from 'kefu';
import { campaignFigures, campaignMachine, missingAnalyses, type AnalysisTopic, type CampaignEvent } from 'kefu/machines/campaign';
import { people } from './support/principals.js';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

function startCampaign() {
  return createActor(campaignMachine, { input: { campaignId: 'CMP-1', target: { sales: 4, reached: 5 }, at: T('08:00') } }).start();
}

type Actor = ReturnType<typeof startCampaign>;

/** Extract K1…K8 (K3 is on the do-not-call list) and launch with agents A1, A2. */
function extractAndLaunch(actor: Actor) {
  sendOrThrow(actor, {
    type: 'LIST.EXTRACT', by: people.agent,
    prospects: Array.from({ length: 8 }, (_, i) => ({ customerId: `K${i + 1}`, segment: 'lapsed-members' })),
    doNotCall: [
      { customerId: 'K3', since: '2026-09-01T00:00:00+08:00', until: '2027-03-01T00:00:00+08:00' },
      { customerId: 'K5', until: '2026-11-01T00:00:00+08:00' }, // expired: K5 may be called
    ],
    at: T('09:00'),
  });
  sendOrThrow(actor, { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1', 'A2'], at: T('09:30') });
}

const calls: CampaignEvent[] = [
  { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K1', result: 'reached', outcome: 'sale', at: T('10:00') },
  { type: 'CALL.LOG', by: people.agent, callId: 'C2', agentId: 'A1', customerId: 'K2', result: 'reached', outcome: 'refused', refusalReason: 'price', at: T('10:05') },
  { type: 'CALL.LOG', by: people.agent, callId: 'C3', agentId: 'A2', customerId: 'K4', result: 'no-answer', at: T('10:10') },
  { type: 'CALL.LOG', by: people.agent, callId: 'C4', agentId: 'A2', customerId: 'K4', result: 'reached', outcome: 'sale', at: T('14:10') },
  { type: 'CALL.LOG', by: people.agent, callId: 'C5', agentId: 'A2', customerId: 'K5', result: 'reached', outcome: 'refused', refusalReason: 'no-need', optOut: true, at: T('14:20') },
  { type: 'CALL.LOG', by: people.agent, callId: 'C6', agentId: 'A1', customerId: 'K6', result: 'reached', outcome: 'sale', at: T('14:30') },
];

const analyses: Record<AnalysisTopic, string> = {
  target: '销售目标完成 75%,接通目标完成 80%',
  'list-use': '清单渗透率 57%,流失会员接通率高',
  staff: 'A1 转化率最高,A2 需加强异议处理',
  refusals: '价格与无需求为主要拒绝原因',
  lessons: '下午时段接通率更高,下次集中在 14:00 后外呼',
};

function monitorAndEnd(actor: Actor) {
  for (const c of calls) sendOrThrow(actor, c);
  sendOrThrow(actor, { type: 'MONITORING.END', by: people.supervisor, at: T('18:00') });
}

describe('campaign machine: 数据清单的提取 → 现场活动的监控 → 项目活动的总结', () => {
  it('walks the three stages and returns the figures with the five analyses', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    expect(actor.getSnapshot().value).toBe('monitoring');
    monitorAndEnd(actor);
    for (const [topic, conclusion] of Object.entries(analyses)) {
      sendOrThrow(actor, { type: 'ANALYSIS.RECORD', by: people.supervisor, topic: topic as AnalysisTopic, conclusion, at: T('09:00', '2026-12-02') });
    }
    sendOrThrow(actor, { type: 'SUMMARY.COMPLETE', by: people.supervisor, at: T('10:00', '2026-12-02') });
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output?.figures.target).toEqual({ sales: { target: 4, achieved: 3, rate: 0.75 }, reached: { target: 5, achieved: 5, rate: 1 } });
    expect(Object.keys(snap.output!.analyses)).toHaveLength(5);
  });

  it('names the stages after the documents in meta', () => {
    expect(['extracting', 'monitoring', 'summarizing'].map((s) => (campaignMachine.states[s]!.meta as { zh: string }).zh)).toEqual([
      '数据清单的提取',
      '现场活动的监控',
      '项目活动的总结',
    ]);
  });

  it('live monitoring: calls made, reached, refusals, per agent', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    for (const c of calls) sendOrThrow(actor, c);
    const f = campaignFigures(actor.getSnapshot().context);
    expect(f.listUse).toEqual({
      offered: 8,
      excludedDoNotCall: 1,
      duplicates: 0,
      listed: 7,
      dialed: 5,
      untouched: 2,
      reached: 5,
      penetration: 0.714,
      contactRate: 1,
      attemptsPerDialed: 1.2,
      optedOut: 1,
    });
    expect(f.staff).toEqual([
      { agentId: 'A1', calls: 3, reached: 3, sales: 2, refusals: 1, reachRate: 1, conversionRate: 0.667, rank: 1 },
      { agentId: 'A2', calls: 3, reached: 2, sales: 1, refusals: 1, reachRate: 0.667, conversionRate: 0.5, rank: 2 },
    ]);
    expect(f.refusals).toEqual({ total: 2, byReason: { 'no-need': 1, price: 1, 'has-supplier': 0, 'bad-timing': 0, distrust: 0, other: 0 }, rate: 0.4 });
  });
});

describe('CAMPAIGN', () => {
  it('CAMPAIGN: the list leaves out customers on an active do-not-call entry, and an expired entry does not', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    const { list, extraction } = actor.getSnapshot().context;
    expect(Object.keys(list)).toEqual(['K1', 'K2', 'K4', 'K5', 'K6', 'K7', 'K8']);
    expect(extraction.excludedDoNotCall).toEqual(['K3']);
    expect([...activeDoNotCall([{ customerId: 'K9', since: T('12:00') }], T('11:59'))]).toEqual([]);
  });

  it('CAMPAIGN: a call to a customer on the do-not-call list is refused', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    const outcome = send(actor, { type: 'CALL.LOG', by: people.agent, callId: 'C9', agentId: 'A1', customerId: 'K3', result: 'no-answer', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CAMPAIGN', details: { customerId: 'K3', doNotCall: true } }] });
  });

  it('CAMPAIGN: a customer who opts out is handed to the host\'s do-not-call list and not called again', () => {
    const addToDoNotCall = vi.fn();
    const actor = createActor(campaignMachine.provide({ actions: { addToDoNotCall } }), {
      input: { campaignId: 'CMP-1', target: { sales: 4 }, at: T('08:00') },
    }).start();
    extractAndLaunch(actor);
    for (const c of calls) sendOrThrow(actor, c);
    expect(addToDoNotCall).toHaveBeenCalledWith(expect.anything(), { campaignId: 'CMP-1', customerId: 'K5', at: T('14:20') });
    const again = send(actor, { type: 'CALL.LOG', by: people.agent, callId: 'C7', agentId: 'A2', customerId: 'K5', result: 'no-answer', at: T('15:00') });
    expect(again).toMatchObject({ accepted: false, violations: [{ rule: 'CAMPAIGN' }] });
  });

  it('CAMPAIGN: a refusal without its reason is refused (对拒绝销售客户的分析 needs it)', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    const outcome = send(actor, { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K1', result: 'reached', outcome: 'refused', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CAMPAIGN', details: { missing: ['refusalReason'] } }] });
  });

  it('CAMPAIGN: a campaign cannot be launched on an empty list', () => {
    const actor = startCampaign();
    sendOrThrow(actor, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K3' }], doNotCall: [{ customerId: 'K3' }], at: T('09:00') });
    expect(send(actor, { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1'], at: T('09:30') })).toMatchObject({ accepted: false, violations: [{ rule: 'CAMPAIGN' }] });
  });

  it('CAMPAIGN: the summary is completed once all five analyses are recorded', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    monitorAndEnd(actor);
    for (const [topic, conclusion] of Object.entries(analyses)) {
      sendOrThrow(actor, { type: 'ANALYSIS.RECORD', by: people.supervisor, topic: topic as AnalysisTopic, conclusion, at: T('09:00', '2026-12-02') });
    }
    expect(send(actor, { type: 'SUMMARY.COMPLETE', by: people.supervisor, at: T('10:00', '2026-12-02') })).toEqual({ accepted: true, eventType: 'SUMMARY.COMPLETE' });
  });

  it('CAMPAIGN: the summary cannot be completed while analyses are missing, and the refusal names them', () => {
    const actor = startCampaign();
    extractAndLaunch(actor);
    monitorAndEnd(actor);
    sendOrThrow(actor, { type: 'ANALYSIS.RECORD', by: people.supervisor, topic: 'target', conclusion: analyses.target, at: T('09:00', '2026-12-02') });
    sendOrThrow(actor, { type: 'ANALYSIS.RECORD', by: people.supervisor, topic: 'staff', conclusion: analyses.staff, at: T('09:05', '2026-12-02') });
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'SUMMARY.COMPLETE', by: people.supervisor, at: T('10:00', '2026-12-02') });
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.violations[0]!.rule).toBe('CAMPAIGN');
    expect(outcome.violations[0]!.details).toEqual({ missing: ['list-use', 'refusals', 'lessons'] });
    expect(outcome.message.zh).toContain('对清单利用情况的分析');
    expect(outcome.message.zh).toContain('对拒绝销售客户的分析');
    expect(outcome.message.zh).toContain('对本次销售活动的经验总结分析');
    expect(outcome.message.en).toContain('list use, refusals, lessons learned');
    expect(actor.getSnapshot()).toBe(before);
    expect(missingAnalyses(before.context)).toEqual(['list-use', 'refusals', 'lessons']);
  });
});

describe('PRIVACY', () => {
  it('PRIVACY: campaign events carry ids and numbers only', () => {
    const actor = startCampaign();
    const emitted: unknown[] = [];
    actor.on('*', (e) => emitted.push(e));
    extractAndLaunch(actor);
    monitorAndEnd(actor);
    expect(emitted.length).toBeGreaterThan(0);
    for (const e of emitted) {
      for (const [key, value] of Object.entries(e as Record<string, unknown>)) {
        // Every string an event carries is an id, an enum value, a type or a time.
        if (typeof value === 'string') expect(key).toMatch(/^(type|campaignId|callId|agentId|customerId|result|outcome|at)$/);
      }
    }
  });

  it('PRIVACY: the prospect schema has no place for a name or a phone number', () => {
    const actor = startCampaign();
    const outcome = send(actor, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K1', phone: '13800138000' }], doNotCall: [], at: T('09:00') } as never);
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'prospects.0.phone' }] });
  });
});
