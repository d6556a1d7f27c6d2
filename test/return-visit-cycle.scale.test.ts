import { describe, expect, it } from 'vitest';
import { sendOrThrow } from 'kefu';
import { toEpoch } from 'kefu/time';
import { findCycleVisit, renderReportMarkdown, type ReturnVisitCycleEmitted } from 'kefu/machines/return-visit-cycle';
import { expectedOf, idOf, makeArchive, planEvents, RANGE, runSteps, startCycle, type Expected } from './support/return-visit-cycle.js';
import { people } from './support/principals.js';

const N = 1000;
const AGENTS = ['A-01', 'A-02', 'A-03', 'A-04', 'A-05', 'A-06', 'A-07', 'A-08', 'A-09', 'A-10'];

describe('a cycle of 1,000 customers (200 members), Asia/Shanghai with customers in Asia/Tokyo and Asia/Urumqi, on a simulated clock', () => {
  it('RV-CYCLE, RV-MEMBER-100: runs from selection to archive with every member recorded; the report matches the inputs', () => {
    const cycleId = 'C-2026-12-A';
    const { rows, doNotCall, merged, blocked } = makeArchive(N);
    const { actor, clock } = startCycle({ cycleId, at: '2026-12-01T18:00:00+08:00', doNotCall });
    const emitted: ReturnVisitCycleEmitted[] = [];
    actor.on('*', (e) => emitted.push(e as ReturnVisitCycleEmitted));

    sendOrThrow(actor, { type: 'CUSTOMERS.SELECT', by: people.agent, criteria: { occasion: 'after-service', ...RANGE, method: 'phone' }, archive: rows, at: '2026-12-01T18:00:00+08:00' });
    expect(actor.getSnapshot().value).toBe('assigning');
    expect(actor.getSnapshot().context.compiled).toEqual({ rowsRead: rows.length, selected: N, members: 200, excludedDoNotCall: blocked, duplicatesMerged: merged });

    clock.set(toEpoch('2026-12-01T18:05:00+08:00'));
    sendOrThrow(actor, { type: 'AGENTS.ASSIGN', by: people.supervisor, agentIds: AGENTS, at: '2026-12-01T18:05:00+08:00' });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('contacting');
    expect(Object.keys(snap.children)).toHaveLength(N);
    const visits = snap.context.visits;
    // Balanced by count: 100 visits and 20 members per agent.
    const agentOf = new Map(visits.map((v) => [v.customerId, v.agentId]));
    for (const agent of AGENTS) {
      const mine = visits.filter((v) => v.agentId === agent);
      expect(mine).toHaveLength(100);
      expect(mine.filter((v) => v.member)).toHaveLength(20);
    }
    // The context is JSON-safe and holds no names or phones once the visits are spawned.
    const json = JSON.stringify(snap.context);
    expect(JSON.parse(json)).toEqual(snap.context);
    expect(json).not.toMatch(/测试客户|\+86 139/);

    expect(snap.context.candidates).toEqual([]);
    const steps = planEvents(N, (id) => agentOf.get(id)!, visits.map((v) => v.customerId));
    runSteps(steps, snap.children as never, cycleId, clock);

    expect(actor.getSnapshot().value).toBe('analysing');
    clock.set(toEpoch('2026-12-05T10:00:00+08:00'));
    sendOrThrow(actor, { type: 'REPORT.WRITE', by: people.agent, author: '主管张三', conclusions: ['维修质量是不满意的首要原因'], at: '2026-12-05T10:00:00+08:00' });
    sendOrThrow(actor, { type: 'CYCLE.ARCHIVE', by: people.agent, at: '2026-12-05T10:30:00+08:00' });
    const done = actor.getSnapshot();
    expect(done.status).toBe('done');
    const { report } = done.output!;

    // Expected numbers, from the inputs.
    const plan: Expected[] = Array.from({ length: N }, (_, i) => expectedOf(i));
    const count = (p: (e: Expected) => boolean) => plan.filter(p).length;
    expect(plan.filter((e) => e.member).every((e) => e.outcome === 'recorded')).toBe(true);
    for (const e of plan.filter((x) => x.member)) expect(findCycleVisit(done.context, e.customerId)!.outcome).toBe('recorded');
    expect(report.members).toEqual({ total: 200, visited: 200, missing: [] });
    expect(report.visits).toBe(N);
    expect(report.excludedDoNotCall).toBe(10);
    expect(report.byOutcome).toEqual({
      recorded: count((e) => e.outcome === 'recorded'),
      unreached: count((e) => e.outcome === 'unreached'),
      'wrong-person': count((e) => e.outcome === 'wrong-person'),
      'opted-out': count((e) => e.outcome === 'opted-out'),
      cancelled: 0,
      open: 0,
      failed: 0,
    });
    expect(report.byOutcome).toMatchObject({ recorded: 850, unreached: 50, 'wrong-person': 50, 'opted-out': 50 });
    const answered = plan.filter((e) => e.outcome === 'recorded');
    const satisfied = count((e) => e.satisfaction === 'satisfied');
    expect(report.satisfaction).toEqual({
      answered: answered.length,
      satisfied,
      average: count((e) => e.satisfaction === 'average'),
      dissatisfied: count((e) => e.satisfaction === 'dissatisfied'),
      rate: satisfied / answered.length,
    });
    const aspectCounts = new Map<string, number>();
    for (const e of plan) for (const a of e.aspects ?? []) aspectCounts.set(a, (aspectCounts.get(a) ?? 0) + 1);
    expect(report.aspects).toEqual([...aspectCounts].map(([aspect, n]) => ({ aspect, count: n })).sort((x, y) => y.count - x.count || (x.aspect < y.aspect ? -1 : 1)));
    expect(report.aspects[0]).toEqual({ aspect: '维修质量', count: 100 });
    expect(report.suggestions.map((s) => s.suggestion).sort()).toEqual(plan.flatMap((e) => (e.suggestion ? [e.suggestion] : [])).sort());
    expect(report.overdue.count).toBe(count((e) => e.overdue));
    expect(report.overdue.visitIds).toEqual(plan.filter((e) => e.overdue).map((e) => `${cycleId}:${e.customerId}`).sort());
    expect(report.tooLong.count).toBe(count((e) => e.tooLong));

    // Per-agent numbers, from the inputs and the assignment.
    for (const a of report.agents) {
      const mine = plan.filter((e) => agentOf.get(e.customerId) === a.agentId);
      expect(a).toMatchObject({
        assigned: mine.length,
        members: mine.filter((e) => e.member).length,
        recorded: mine.filter((e) => e.outcome === 'recorded').length,
        unreached: mine.filter((e) => e.outcome === 'unreached').length,
        satisfied: mine.filter((e) => e.satisfaction === 'satisfied').length,
        dissatisfied: mine.filter((e) => e.satisfaction === 'dissatisfied').length,
        overdue: mine.filter((e) => e.overdue).length,
        tooLong: mine.filter((e) => e.tooLong).length,
        open: 0,
      });
    }
    expect(report.agents.reduce((s, a) => s + a.recorded, 0)).toBe(850);

    // The opt-outs join the do-not-call list the host keeps for later cycles.
    expect(done.output!.doNotCall).toHaveLength(10 + 50);
    expect(done.output!.doNotCall.map((e) => e.customerId)).toEqual(expect.arrayContaining([idOf(9), idOf(29)]));

    const zh = renderReportMarkdown(report, 'zh');
    expect(zh).toContain(`| ${satisfied} | ${count((e) => e.satisfaction === 'average')} | ${count((e) => e.satisfaction === 'dissatisfied')} | ${answered.length} | ${((satisfied / answered.length) * 100).toFixed(1)}% |`);
    expect(zh).toContain('会员 200 名，已回访 200 名（100.0%）。全部完成。');
    expect(renderReportMarkdown(report, 'en')).toContain('200 members, 200 visited (100.0%). All visited.');

    // Emitted events carry ids and counts only.
    expect(emitted.filter((e) => e.type === 'returnVisitCycle.visitSettled')).toHaveLength(N);
    expect(JSON.stringify(emitted)).not.toMatch(/测试客户|\+86 139/);
  });
});
