import { isRuleId } from '../../rules/index.js';
import { rules } from '../../rule-sources/index.js';
import { renderTable } from '../table.js';
import type { DemoResult } from './engine.js';
import { maskName, maskPhone } from './people.js';

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.reduce((n, item) => n + (test(item) ? 1 : 0), 0);
const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** Rank of a process in the report: the order of the scenarios, then any other (unknown last). */
const rankOf = (result: DemoResult) => {
  const order = result.processes.map((p) => p.id);
  return (process: string) => (order.includes(process) ? order.indexOf(process) : order.length);
};

/** How many sample cases the report shows (masked). */
const SAMPLE = 5;

/**
 * The simulated day as data (`kefu demo --json`): what the report tables are made from. Personal
 * data appears only masked, as in the tables: a case's customer is `{ name: '王**', phone:
 * '138****8000', member }`, never the address.
 */
export function reportData(result: DemoResult) {
  const { records } = result;
  return {
    seed: result.seed,
    date: result.date,
    timeZone: result.policy.calendar.timeZone,
    cases: result.cases,
    steps: result.steps,
    processes: result.processes,
    skipped: result.skipped,
    records: {
      cases: records.cases.map(({ customer, ...c }) => ({ ...c, customer: { name: maskName(customer.name), phone: maskPhone(customer.phone), member: customer.member } })),
      sla: records.sla,
      visits: records.visits,
      complaints: records.complaints,
      refusals: records.refusals,
      transfers: records.transfers,
    },
  };
}

/**
 * The end-of-day report as text tables: cases, 《顾客投诉分类统计表》 (complaint classification
 * statistics), the return-visit summary, SLA compliance, transfers, refusals by rule, and a few
 * sample cases. Personal data appears only masked (王**, 138****8000).
 */
export function renderReport(result: DemoResult): string {
  const { records } = result;
  const out: string[] = [];
  const rank = rankOf(result);
  const byRank = <T>(groups: Map<string, T>, processOf: (key: string) => string = (k) => k) =>
    [...groups].sort(([a], [b]) => rank(processOf(a)) - rank(processOf(b)));

  // Arrivals per process, and the cases other processes opened (a call's complaint, a visit's).
  const processes = result.processes
    .map((p) => {
      const opened = count(records.cases, (c) => c.process === p.id) - p.cases;
      return `${p.title.zh} ${p.title.en}: ${p.cases}${opened > 0 ? ` (+${opened} opened by other processes)` : ''}`;
    })
    .join(' · ');
  out.push(
    `kefu demo · 客服模拟日 — seed ${result.seed} · ${result.cases} cases · ${result.date} (${result.policy.calendar.timeZone}) · ${result.steps} steps`,
    `Processes: ${processes}${result.skipped.length ? ` (not simulated yet: ${result.skipped.join(', ')})` : ''}`,
    '',
  );

  // Cases by process.
  const byProcess = groupBy(records.cases, (c) => c.process);
  out.push(
    renderTable(
      '案件概况 · Cases',
      [{ header: '流程 process' }, { header: '案件 cases', align: 'right' }, { header: '结果 outcomes' }, { header: '有逾期 escalated', align: 'right' }],
      byRank(byProcess).map(([process, cases]) => {
        const outcomes = [...groupBy(cases, (c) => c.outcome)].map(([o, cs]) => `${o} ${cs.length}`).join(' · ');
        return [process, cases.length, outcomes, count(cases, (c) => c.escalations > 0)];
      }),
    ),
    '',
  );

  // 《顾客投诉分类统计表》
  if (records.complaints.length) {
    const rows = [...groupBy(records.complaints, (c) => c.category)]
      .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
      .map(([category, cs]) => {
      const hours = cs.filter((c) => c.workingHoursToClose !== undefined).map((c) => c.workingHoursToClose!);
      const visited = cs.filter((c) => c.satisfaction);
      return [
        category,
        cs.length,
        count(cs, (c) => c.stands),
        count(cs, (c) => !c.stands),
        count(cs, (c) => c.closed),
        hours.length ? (hours.reduce((a, b) => a + b, 0) / hours.length).toFixed(1) : '—',
        percent(count(visited, (c) => c.satisfaction === 'satisfied'), visited.length),
      ];
    });
    const all = records.complaints;
    const allVisited = all.filter((c) => c.satisfaction);
    out.push(
      renderTable(
        '顾客投诉分类统计表 · Complaint classification statistics',
        [
          { header: '类别 category' },
          { header: '投诉 cases', align: 'right' },
          { header: '成立 stand', align: 'right' },
          { header: '不成立 not', align: 'right' },
          { header: '结案 closed', align: 'right' },
          { header: '平均工时 avg h', align: 'right' },
          { header: '回访满意 satisfied', align: 'right' },
        ],
        rows,
        { footer: ['合计 total', all.length, count(all, (c) => c.stands), count(all, (c) => !c.stands), count(all, (c) => c.closed), '', percent(count(allVisited, (c) => c.satisfaction === 'satisfied'), allVisited.length)] },
      ),
      '',
    );
  }

  // 回访汇总
  const visits = records.visits;
  const visitRows = byRank(groupBy(visits, (v) => v.process)).map(([process, vs]) => [
    process,
    vs.length,
    `${count(vs, (v) => v.withinDays)} (${percent(count(vs, (v) => v.withinDays), vs.length)})`,
    count(vs, (v) => v.inQuietHours),
    count(vs, (v) => v.satisfaction === 'satisfied'),
    count(vs, (v) => v.satisfaction === 'average'),
    count(vs, (v) => v.satisfaction === 'dissatisfied'),
  ]);
  out.push(
    renderTable(
      `回访汇总 · Return-visit summary (RV-3DAY: within ${result.policy.returnVisit.withinDays} days; RV-QUIET: never in rest time)`,
      [
        { header: '流程 process' },
        { header: '回访 visits', align: 'right' },
        { header: '按时 in time', align: 'right' },
        { header: '休息时间 rest time', align: 'right' },
        { header: '满意', align: 'right' },
        { header: '一般', align: 'right' },
        { header: '不满意', align: 'right' },
      ],
      visitRows.length ? visitRows : [['(none)', 0, '—', 0, 0, 0, 0]],
    ),
    '',
  );

  // SLA 达标率
  const slaRows = byRank(groupBy(records.sla, (s) => `${s.process}\u0000${s.item}\u0000${s.rule}`), (key) => key.split('\u0000')[0]!).map(([key, ss]) => {
    const [process, item, rule] = key.split('\u0000') as [string, string, string];
    const met = count(ss, (s) => s.met);
    return [process, item, rule, ss.length, met, ss.length - met, percent(met, ss.length)];
  });
  const metAll = count(records.sla, (s) => s.met);
  out.push(
    renderTable(
      'SLA 达标率 · SLA compliance (a missed deadline escalates to the supervisor)',
      [
        { header: '流程 process' },
        { header: '环节 step' },
        { header: '规则 rule' },
        { header: '应达 due', align: 'right' },
        { header: '达标 met', align: 'right' },
        { header: '逾期 missed', align: 'right' },
        { header: '达标率 rate', align: 'right' },
      ],
      slaRows,
      { footer: ['合计 total', '', '', records.sla.length, metAll, records.sla.length - metAll, percent(metAll, records.sla.length)] },
    ),
    '',
  );

  // 转接
  const transferRows = byRank(groupBy(records.transfers, (t) => `${t.process}\u0000${t.mode}`), (key) => key.split('\u0000')[0]!).map(([key, ts]) => {
    const [process, mode] = key.split('\u0000') as [string, string];
    return [
      process,
      mode,
      ts.length,
      count(ts, (t) => t.outcome === 'completed'),
      count(ts, (t) => t.outcome === 'timeout'),
      count(ts, (t) => t.outcome === 'declined'),
      count(ts, (t) => t.outcome === 'hung-up' || t.outcome === 'cancelled'),
      count(ts, (t) => t.fallback === 'agent'),
      count(ts, (t) => t.fallback === 'callback'),
    ];
  });
  out.push(
    renderTable(
      `转接 · Transfers (CALL-TRANSFER: not answered in ${result.policy.call.transferTimeoutSeconds} s (calls) / ${result.policy.chat.transferTimeoutSeconds} s (chats), or declined → back to the agent or a callback)`,
      [
        { header: '流程 process' },
        { header: '方式 mode' },
        { header: '转接 tried', align: 'right' },
        { header: '接通 done', align: 'right' },
        { header: '超时 timeout', align: 'right' },
        { header: '拒接 declined', align: 'right' },
        { header: '挂断 hung up', align: 'right' },
        { header: '回原客服 to agent', align: 'right' },
        { header: '转回电 to callback', align: 'right' },
      ],
      transferRows.length ? transferRows : [['(none)', '', 0, 0, 0, 0, 0, 0, 0]],
    ),
    '',
  );

  // 规则拦截
  const refusalRows = [...groupBy(records.refusals, (r) => r.rule)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, rs]) => [rule, rs.length, count(rs, (r) => !r.expected), isRuleId(rule) ? rules[rule].zh : '']);
  out.push(
    renderTable(
      '规则拦截 · Steps refused by a rule (the case stays as it was)',
      [{ header: '规则 rule' }, { header: '次数 count', align: 'right' }, { header: '意外 unexpected', align: 'right' }, { header: '规则说明 rule', maxWidth: 48 }],
      refusalRows.length ? refusalRows : [['(none)', 0, 0, '']],
    ),
  );
  const unexpected = count(records.refusals, (r) => !r.expected);
  if (unexpected) out.push(`! ${unexpected} unexpected refusal(s): a scenario's script does not follow the rules (cases marked aborted).`);
  out.push('');

  // 抽样案例 (masked)
  out.push(
    renderTable(
      `抽样案例 · First ${Math.min(SAMPLE, records.cases.length)} cases (personal data masked: PRIVACY)`,
      [{ header: '案件 case' }, { header: '流程 process' }, { header: '顾客 customer' }, { header: '电话 phone' }, { header: '结果 outcome' }, { header: '逾期 escalations', align: 'right' }],
      records.cases.slice(0, SAMPLE).map((c) => [c.caseId, c.process, maskName(c.customer.name), maskPhone(c.customer.phone), c.outcome, c.escalations]),
    ),
  );
  return `${out.join('\n')}\n`;
}
