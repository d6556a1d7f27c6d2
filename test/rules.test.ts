import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRuleId, missingFields, ruleIds, rules, violation } from 'kefu';
import { ruleSources } from 'kefu/rule-sources';

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
