/**
 * The summary report of a cycle (《回访总结报告》): a typed object built from the cycle's tracking
 * (ids and results only), and its Markdown rendering in Chinese and English.
 */
import { localDate, localTime, toEpoch } from '../../src/time/index.js';
import type { Occasion, VisitOutcome } from '../return-visit/index.js';
import type { AgentSummary, CycleVisit, ReturnVisitCycleContext, ReturnVisitReport } from './return-visit-cycle.types.js';

/** Outcomes that settle a member for RV-MEMBER-100: visited and recorded, or reached and opted out. */
export const MEMBER_VISITED_OUTCOMES: readonly VisitOutcome[] = ['recorded', 'opted-out'];

/**
 * The cycle's tracking of a customer's (latest) visit.
 *
 * @example
 * findCycleVisit(cycle.getSnapshot().context, 'K-1001')?.outcome //=> 'recorded'
 */
export function findCycleVisit(context: Pick<ReturnVisitCycleContext, 'visits' | 'visitIndex'>, customerId: string): CycleVisit | undefined {
  const i = context.visitIndex[customerId];
  return i === undefined ? undefined : context.visits[i];
}

/**
 * Members of the cycle whose visit is not yet settled as visited (RV-MEMBER-100), by customer id.
 *
 * @example
 * membersNotVisited([{ customerId: 'K1', member: true, status: 'open', ... }]) //=> ['K1']
 */
export function membersNotVisited(visits: readonly CycleVisit[]): string[] {
  return visits
    .filter((v) => v.member && !(v.status === 'settled' && v.outcome && MEMBER_VISITED_OUTCOMES.includes(v.outcome)))
    .map((v) => v.customerId)
    .sort();
}

const isOverdue = (v: CycleVisit, at: number) => v.overdue || (v.status === 'open' && toEpoch(v.dueAt) <= at);

/**
 * Analyse a cycle's visits into the summary report (RV-CYCLE 分析结果): counts by outcome,
 * satisfaction rate, dissatisfied aspects ranked, suggestions, overdue visits and per-agent numbers.
 */
export function buildReport(context: ReturnVisitCycleContext, generatedAt: string): ReturnVisitReport {
  const visits = [...context.visits].sort((a, b) => (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0));
  const at = toEpoch(generatedAt);
  const byOutcome: Record<VisitOutcome | 'open' | 'failed', number> = {
    recorded: 0,
    unreached: 0,
    'wrong-person': 0,
    'opted-out': 0,
    cancelled: 0,
    open: 0,
    failed: 0,
  };
  const satisfaction = { answered: 0, satisfied: 0, average: 0, dissatisfied: 0 };
  const aspects = new Map<string, number>();
  const suggestions: { visitId: string; suggestion: string }[] = [];
  const agents = new Map<string, AgentSummary & { durations: number[] }>();
  const agentOf = (id: string) => {
    let a = agents.get(id);
    if (!a) {
      a = { agentId: id, assigned: 0, members: 0, recorded: 0, unreached: 0, wrongPerson: 0, optedOut: 0, cancelled: 0, open: 0, satisfied: 0, average: 0, dissatisfied: 0, overdue: 0, tooLong: 0, averageDurationSeconds: null, durations: [] };
      agents.set(id, a);
    }
    return a as { -readonly [K in keyof typeof a]: (typeof a)[K] };
  };
  for (const id of context.agentIds) agentOf(id);

  for (const v of visits) {
    const a = agentOf(v.agentId);
    a.assigned++;
    if (v.member) a.members++;
    const key = v.status === 'settled' ? v.outcome! : v.status;
    byOutcome[key]++;
    if (key === 'recorded') a.recorded++;
    else if (key === 'unreached') a.unreached++;
    else if (key === 'wrong-person') a.wrongPerson++;
    else if (key === 'opted-out') a.optedOut++;
    else if (key === 'cancelled') a.cancelled++;
    else a.open++;
    if (isOverdue(v, at)) a.overdue++;
    if (v.tooLong) a.tooLong++;
    if (key !== 'recorded' || !v.satisfaction) continue;
    satisfaction.answered++;
    satisfaction[v.satisfaction]++;
    a[v.satisfaction]++;
    if (typeof v.durationSeconds === 'number') a.durations.push(v.durationSeconds);
    if (v.satisfaction !== 'satisfied') for (const aspect of v.aspects ?? []) aspects.set(aspect, (aspects.get(aspect) ?? 0) + 1);
    if (v.suggestion) suggestions.push({ visitId: v.visitId, suggestion: v.suggestion });
  }

  const overdue = visits.filter((v) => isOverdue(v, at)).map((v) => v.visitId);
  const tooLong = visits.filter((v) => v.tooLong).map((v) => v.visitId);
  const members = visits.filter((v) => v.member);
  const missing = membersNotVisited(context.visits);
  const criteria = context.criteria;
  return {
    cycleId: context.cycleId,
    occasion: criteria?.occasion ?? 'after-service',
    period: { from: criteria?.from ?? context.openedAt, to: criteria?.to ?? context.openedAt },
    ...(criteria?.occasionDate ? { occasionDate: criteria.occasionDate } : {}),
    timeZone: context.policy.calendar.timeZone,
    generatedAt,
    visits: visits.length,
    excludedDoNotCall: context.compiled?.excludedDoNotCall.length ?? 0,
    members: { total: members.length, visited: members.length - missing.length, missing },
    byOutcome,
    satisfaction: { ...satisfaction, rate: satisfaction.answered ? satisfaction.satisfied / satisfaction.answered : null },
    aspects: [...aspects].map(([aspect, count]) => ({ aspect, count })).sort((x, y) => y.count - x.count || (x.aspect < y.aspect ? -1 : x.aspect > y.aspect ? 1 : 0)),
    suggestions,
    overdue: { count: overdue.length, visitIds: overdue },
    tooLong: { count: tooLong.length, visitIds: tooLong },
    agents: [...agents.values()].map(({ durations, ...a }) => ({
      ...a,
      averageDurationSeconds: durations.length ? Math.round(durations.reduce((s, d) => s + d, 0) / durations.length) : null,
    })),
  };
}

const OCCASION_NAMES: Record<Occasion, { zh: string; en: string }> = {
  'after-service': { zh: '售后回访', en: 'after-service visits' },
  holiday: { zh: '节日特色回访', en: 'holiday visits' },
  anniversary: { zh: '店庆日特色回访', en: 'anniversary visits' },
  promotion: { zh: '促销活动期特色回访', en: 'promotion visits' },
  'maintenance-reminder': { zh: '保养提醒', en: 'maintenance reminders' },
};

const OUTCOME_NAMES: Record<VisitOutcome | 'open' | 'failed', { zh: string; en: string }> = {
  recorded: { zh: '已回访', en: 'Recorded' },
  unreached: { zh: '未联系上', en: 'Not reached' },
  'wrong-person': { zh: '非本人/号码有误', en: 'Wrong person' },
  'opted-out': { zh: '拒绝回访（免打扰）', en: 'Opted out' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  open: { zh: '未完成', en: 'Open' },
  failed: { zh: '出错', en: 'Failed' },
};

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * The report as Markdown, in Chinese (《回访总结报告》) or English.
 *
 * @example
 * renderReportMarkdown(report, 'zh').split('\n')[0] //=> '# 回访总结报告 — C-2026-12'
 */
export function renderReportMarkdown(report: ReturnVisitReport, lang: 'zh' | 'en' = 'zh'): string {
  const zh = lang === 'zh';
  const tz = report.timeZone;
  const day = (iso: string) => localDate(iso, tz);
  const stamp = (iso: string) => `${localDate(iso, tz)} ${localTime(iso, tz)}`;
  const s = report.satisfaction;
  const out: string[] = [];
  out.push(zh ? `# 回访总结报告 — ${report.cycleId}` : `# Return-visit summary report — ${report.cycleId}`, '');
  out.push(
    zh ? `- 回访类型：${OCCASION_NAMES[report.occasion].zh}` : `- Occasion: ${OCCASION_NAMES[report.occasion].en}`,
    zh
      ? `- ${report.occasion === 'maintenance-reminder' ? '提醒期间' : '服务日期'}：${day(report.period.from)} 至 ${day(report.period.to)}（不含）`
      : `- ${report.occasion === 'maintenance-reminder' ? 'Reminder window' : 'Service dates'}: ${day(report.period.from)} to ${day(report.period.to)} (exclusive)`,
    ...(report.occasionDate ? [zh ? `- 特色回访日期：${day(report.occasionDate)}` : `- Occasion date: ${day(report.occasionDate)}`] : []),
    zh ? `- 生成时间：${stamp(report.generatedAt)}（${tz}）` : `- Generated: ${stamp(report.generatedAt)} (${tz})`,
    ...(report.author ? [zh ? `- 撰写人：${report.author}` : `- Written by: ${report.author}`] : []),
    '',
  );

  out.push(zh ? '## 回访概况' : '## Overview', '');
  out.push(
    table(zh ? ['项目', '数量'] : ['Item', 'Count'], [
      [zh ? '回访客户' : 'Customers visited', report.visits],
      [zh ? '免打扰名单排除' : 'Left out (do-not-call)', report.excludedDoNotCall],
      ...(Object.keys(OUTCOME_NAMES) as (keyof typeof OUTCOME_NAMES)[])
        .filter((k) => report.byOutcome[k] > 0 || k === 'recorded')
        .map((k) => [zh ? OUTCOME_NAMES[k].zh : OUTCOME_NAMES[k].en, report.byOutcome[k]]),
      [zh ? '逾期回访' : 'Overdue visits', report.overdue.count],
      [zh ? '通话超时' : 'Calls over the time limit', report.tooLong.count],
    ]),
    '',
  );

  out.push(zh ? '## 会员回访（必须100%）' : '## Members (100% required)', '');
  const m = report.members;
  out.push(
    zh
      ? `会员 ${m.total} 名，已回访 ${m.visited} 名（${percent(m.total ? m.visited / m.total : null)}）。${m.missing.length ? `未完成：${m.missing.join('、')}` : '全部完成。'}`
      : `${m.total} members, ${m.visited} visited (${percent(m.total ? m.visited / m.total : null)}). ${m.missing.length ? `Missing: ${m.missing.join(', ')}` : 'All visited.'}`,
    '',
  );

  out.push(zh ? '## 满意度' : '## Satisfaction', '');
  out.push(
    table(zh ? ['满意', '一般', '不满意', '答复总数', '满意率'] : ['Satisfied', 'Average', 'Dissatisfied', 'Answers', 'Satisfaction rate'], [
      [s.satisfied, s.average, s.dissatisfied, s.answered, percent(s.rate)],
    ]),
    '',
  );

  out.push(zh ? '## 不满意方面（按次数排序）' : '## Dissatisfied aspects (most frequent first)', '');
  out.push(
    report.aspects.length
      ? table(zh ? ['名次', '方面', '次数'] : ['Rank', 'Aspect', 'Count'], report.aspects.map((a, i) => [i + 1, a.aspect, a.count]))
      : zh ? '无。' : 'None.',
    '',
  );

  out.push(zh ? '## 客户建议' : '## Suggestions', '');
  const suggestion = (x: { visitId: string; suggestion: string }) => (zh ? `- ${cell(x.suggestion)}（${x.visitId}）` : `- ${cell(x.suggestion)} (${x.visitId})`);
  out.push(report.suggestions.length ? report.suggestions.map(suggestion).join('\n') : zh ? '无。' : 'None.', '');

  out.push(zh ? '## 客服专员' : '## Agents', '');
  out.push(
    table(
      zh
        ? ['客服专员', '分配', '会员', '已回访', '未联系上', '满意', '一般', '不满意', '逾期', '超时', '平均时长（秒）']
        : ['Agent', 'Assigned', 'Members', 'Recorded', 'Not reached', 'Satisfied', 'Average', 'Dissatisfied', 'Overdue', 'Too long', 'Mean length (s)'],
      report.agents.map((a) => [a.agentId, a.assigned, a.members, a.recorded, a.unreached, a.satisfied, a.average, a.dissatisfied, a.overdue, a.tooLong, a.averageDurationSeconds ?? '—']),
    ),
    '',
  );

  if (report.overdue.count) {
    out.push(zh ? '## 逾期回访' : '## Overdue visits', '', report.overdue.visitIds.join(zh ? '、' : ', '), '');
  }
  if (report.conclusions?.length) {
    out.push(zh ? '## 结论与改进措施' : '## Conclusions and improvements', '', ...report.conclusions.map((c) => `- ${c}`), '');
  }
  return out.join('\n');
}
