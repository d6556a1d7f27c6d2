import { ruleIds, type RuleArea } from '../../rules/index.js';
import { rules, ruleSources } from '../../rule-sources/index.js';
import { oneOf, parse, writeJson } from '../args.js';
import { EXIT, type CliIO } from '../io.js';
import { renderTable } from '../table.js';
import { usage } from '../usage.js';

const AREAS: Record<RuleArea, { zh: string; en: string }> = {
  complaint: { zh: '投诉处理', en: 'complaints' },
  'return-visit': { zh: '客户回访', en: 'return visits' },
  channels: { zh: '服务渠道', en: 'channels' },
  'data-staff-quality': { zh: '资料·人员·质量', en: 'data, staff, quality' },
  'roles-records': { zh: '岗位·记录·接待', en: 'roles, records, reception' },
};

/** `kefu rules [--lang zh|en] [--json]`: the rule catalogue with every rule ID. */
export async function rulesCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, help, json } = parse(args, ['lang'], { min: 0, max: 0 }, { json: true });
  if (help) {
    io.stdout.write(usage.rules);
    return EXIT.ok;
  }
  const lang = oneOf('lang', values.lang, ['zh', 'en'] as const, 'zh');
  if (json) {
    // Data, not a table: both languages and the source words, whatever --lang says.
    writeJson(io.stdout, ruleIds.map((id) => ({ id, area: rules[id].area, zh: rules[id].zh, en: rules[id].en, source: ruleSources[id] })));
    return EXIT.ok;
  }
  const title = lang === 'zh' ? `规则目录(共 ${ruleIds.length} 条)` : `Rule catalogue (${ruleIds.length} rules)`;
  const headers = lang === 'zh' ? ['规则', '范围', '内容'] : ['rule', 'area', 'message'];
  const rows = ruleIds.map((id) => [id, AREAS[rules[id].area][lang], rules[id][lang]]);
  // On a terminal, long messages wrap to its width; piped output keeps one line per rule (grep).
  const maxWidth = io.stdout.columns ? Math.max(24, io.stdout.columns - 42) : undefined;
  const columns = headers.map((header, i) => ({ header, ...(i === 2 && maxWidth ? { maxWidth } : {}) }));
  io.stdout.write(`${renderTable(title, columns, rows)}\n`);
  return EXIT.ok;
}
