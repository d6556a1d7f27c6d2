import { describe, expect, it } from 'vitest';
import { defaultPolicy } from 'kefu';
import { isQuietTime } from 'kefu/time';
import { main, type CliIO } from '../src/cli/main.js';
import { DemoClock, runDemo } from '../src/cli/demo/engine.js';
import { renderReport } from '../src/cli/demo/report.js';
import { maskName, maskPhone } from '../src/cli/demo/people.js';
import { createRandom } from '../src/cli/demo/random.js';
import { displayWidth, renderTable } from '../src/cli/table.js';

describe('the simulated day', () => {
  it('PRIVACY: the demo never prints a customer name, phone or address unmasked', async () => {
    const result = await runDemo({ cases: 25, seed: 'privacy' });
    let stdout = '';
    const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, readFile: async () => '' };
    expect(await main(['demo', '--cases', '25', '--seed', 'privacy'], io)).toBe(0);
    expect(stdout).toBe(renderReport(result));
    for (const { customer } of result.records.cases) {
      expect(stdout).not.toContain(customer.name);
      expect(stdout).not.toContain(customer.phone);
      expect(stdout).not.toContain(customer.phone.replace(/\D/g, '').slice(2));
      expect(stdout).not.toContain(customer.address);
    }
    expect(stdout).not.toMatch(/1[3-9]\d{9}|\d{3} \d{4} \d{4}/);
  });

  it.each(['1', '2', '42', 'busy-monday'])('every refusal in the script is one the rules are meant to make (seed %s)', async (seed) => {
    const { records } = await runDemo({ cases: 40, seed });
    expect(records.refusals.filter((r) => !r.expected)).toEqual([]);
    expect(records.cases.every((c) => c.outcome === 'resolved' || c.outcome === 'not-stands')).toBe(true);
  });

  it('complaints go through the seven steps; some deadlines are missed and escalated', async () => {
    const { records } = await runDemo({ cases: 60, seed: 'sla' });
    expect(records.complaints).toHaveLength(60);
    expect(records.complaints.some((c) => !c.stands)).toBe(true);
    const missed = records.sla.filter((s) => !s.met);
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.length).toBeLessThan(records.sla.length / 2);
    expect(new Set(records.sla.map((s) => s.item))).toEqual(
      new Set(['register 投诉受理', 'assess 投诉判断', 'investigate 展开调查', 'propose 提出处理方案', 'implement 实施处理方案', 'followUp 处理后回访', 'review 总结评价']),
    );
  });

  it('RV-QUIET, RV-3DAY: follow-up visits are never in the customer\'s rest time; late ones are counted (Asia/Shanghai)', async () => {
    const { records } = await runDemo({ cases: 80, seed: 'visits' });
    expect(records.visits.length).toBeGreaterThan(40);
    expect(records.visits.every((v) => !v.inQuietHours)).toBe(true);
    expect(records.visits.some((v) => !v.withinDays)).toBe(true);
    expect(records.visits.filter((v) => v.withinDays).length).toBeGreaterThan(records.visits.length / 2);
    expect(isQuietTime(defaultPolicy.returnVisit.quietHours, '2026-12-01T12:30:00+08:00', 'Asia/Shanghai')).toBe(true);
  });
});

describe('the pieces of the demo', () => {
  it('DemoClock fires due timers in order, at their own due time, and skips cancelled ones', () => {
    const clock = new DemoClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    const cancelled = clock.setTimeout(() => fired.push(['x', clock.now()]), 150);
    clock.setTimeout(() => {
      fired.push(['a', clock.now()]);
      clock.setTimeout(() => fired.push(['a2', clock.now()]), 50);
    }, 100);
    clock.clearTimeout(cancelled);
    clock.set(199);
    expect(fired).toEqual([['a', 100], ['a2', 150]]);
    clock.set(200);
    expect(fired.at(-1)).toEqual(['b', 200]);
    expect(() => clock.set(10)).toThrow(/back in time/);
  });

  it('the seeded generator repeats itself for a seed and differs across seeds', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, ((r) => () => r.int(0, 1000))(createRandom(seed)));
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(createRandom('x').fork('case-1').next()).toBe(createRandom('x').fork('case-1').next());
  });

  it('PRIVACY: names and phones are masked the usual way', () => {
    expect(maskName('王秀英')).toBe('王**');
    expect(maskPhone('+86 138 0013 8000')).toBe('138****8000');
    expect(maskPhone('021-6543-2100')).toBe('021****2100');
  });

  it('tables line up Chinese text by display width', () => {
    expect(displayWidth('投诉 ok')).toBe(7);
    const table = renderTable('t', [{ header: '类别' }, { header: 'n', align: 'right' }], [['维修质量', 1], ['other', 22]]);
    const widths = table.split('\n').slice(1).map(displayWidth);
    expect(new Set(widths).size).toBe(1);
  });
});
