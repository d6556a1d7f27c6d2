import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRuleId, missingFields, ruleIds, violation } from 'kefu';
import { rules, ruleSources } from 'kefu/rule-sources';
import { coreRules } from '../src/rules/catalogue.js';
import { processRules } from '../src/rules/catalogue.processes.js';

// RULES.md lives in the team's shared folder beside the checkout (CI has it); a lone clone skips
// the comparison and says so.
const rulesFile = new URL('../../shared/RULES.md', import.meta.url);
const hasCatalogue = existsSync(rulesFile);
if (!hasCatalogue) console.warn('rule catalogue: skipped the comparison with ../shared/RULES.md (not beside this checkout)');
const catalogue = hasCatalogue ? readFileSync(rulesFile, 'utf8') : '';
const documented = [...catalogue.matchAll(/^\| ([A-Z]+(?:-[A-Z0-9]+)*) \|/gm)].map((m) => m[1]).filter((id) => id !== 'ID');

describe('rule catalogue', () => {
  it.skipIf(!hasCatalogue)('holds exactly the rule IDs of RULES.md', () => {
    expect([...ruleIds].sort()).toEqual([...new Set(documented)].sort());
  });

  it('gives every rule zh and en messages', () => {
    expect(ruleIds.length).toBe(40);
    for (const id of ruleIds) {
      expect(rules[id].zh.length).toBeGreaterThan(0);
      expect(rules[id].en.length).toBeGreaterThan(0);
    }
  });

  it('the root part of the catalogue and the processes\' part are disjoint and together hold every rule, in catalogue order in `rules`', () => {
    const core = Object.keys(coreRules);
    const processes = Object.keys(processRules);
    expect(core.filter((id) => processes.includes(id))).toEqual([]);
    expect([...core, ...processes].sort()).toEqual([...ruleIds].sort());
    expect(Object.keys(rules)).toEqual([...ruleIds]);
    // The root carries the complaint's rules, the follow-up's rest time and ROLE-PERMIT.
    expect(core.sort()).toEqual([...ruleIds.filter((id) => id.startsWith('CP-')), 'ROLE-PERMIT', 'RV-QUIET'].sort());
  });

  it("every module that checks a process rule (not the complaint's) takes violation, missingFields and ruleGuard from src/rules/process.ts, which adds those rules' messages", () => {
    const processIds = Object.keys(processRules);
    const offenders: string[] = [];
    for (const dir of ['src', 'machines']) {
      for (const file of readdirSync(new URL(`../${dir}/`, import.meta.url), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || (dir === 'src' && file.startsWith('rules/'))) continue;
        const text = readFileSync(new URL(`../${dir}/${file}`, import.meta.url), 'utf8');
        const named = [...text.matchAll(/\b(?:violation|missingFields|ruleGuard)\('([A-Z0-9-]+)'/g)].map((m) => m[1]!);
        // A module handed the rule by its caller (machines/shared/handoff.ts) counts as checking process rules too.
        const passed = /\b(?:violation|missingFields)\(rule\b/.test(text);
        if (!passed && !named.some((id) => processIds.includes(id))) continue;
        if (/import \{[^}]*\b(?:violation|missingFields|ruleGuard)\b[^}]*\} from '[^']*rules\/(?:index|violation|guard)\.js'/.test(text)) offenders.push(`${dir}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('kefu/rule-sources quotes the documents for every rule, and only for rules; the root entry does not carry the quotes', () => {
    expect(Object.keys(ruleSources).sort()).toEqual([...ruleIds].sort());
    for (const id of ruleIds) expect(ruleSources[id].length).toBeGreaterThan(0);
    expect(ruleSources['CP-FOLLOWUP']).toBe('处理后有回访');
    expect(Object.keys(rules['CP-FOLLOWUP']).sort()).toEqual(['area', 'en', 'id', 'zh']);
  });

  it('RV-3DAY carries the message of the documents', () => {
    expect(rules['RV-3DAY'].zh).toBe('回访须在服务后三天内完成');
    expect(rules['RV-3DAY'].en).toBe('Return visits must be made within three days of the service');
  });

  it('isRuleId tells rule IDs from other strings', () => {
    expect(isRuleId('CP-REGISTER')).toBe(true);
    expect(isRuleId('CP-NOPE')).toBe(false);
  });

  it('violation appends the specific reason to the rule message', () => {
    expect(violation('RV-3DAY', { reason: { zh: '已逾期', en: 'overdue' } }).message).toEqual({
      zh: '回访须在服务后三天内完成:已逾期',
      en: 'Return visits must be made within three days of the service: overdue',
    });
    expect(missingFields('CALL-RECORD', ['name']).details).toEqual({ missing: ['name'] });
  });
});
