import { describe, expect, it } from 'vitest';
import { checkReplyLanguage, defaultPolicy, definePolicy } from 'kefu';
import {
  checkAuditClosable,
  closeAudit,
  defaultChecklist,
  runAudit,
  sampleRecords,
  scoreRecord,
  type AuditFeedback,
  type ServiceRecordInput,
} from 'kefu/quality';

const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

const GREETING = '您好,欢迎来电,请问有什么可以帮助您的?';
const CLOSING = '好的王先生,明天上午为您安排检查,祝您开车愉快,再见!';
const fields = { time: T('10:00'), number: '13800138000', name: '王先生', contact: '13800138000', content: '保养后异响' };

/** A record that meets every standard of the default checklist; `change` breaks some. */
function record(id: string, agentId: string, change: Partial<{ greeting: string; reply: string; closing: string; fields: Record<string, unknown> }> = {}): ServiceRecordInput {
  return {
    id,
    agentId,
    channel: 'phone',
    at: T('10:00'),
    utterances: [
      { by: 'agent', text: change.greeting ?? GREETING },
      { by: 'customer', text: '我是王先生,电话 13800138000,车子保养后有异响,你们不行啊' },
      { by: 'agent', text: change.reply ?? '非常抱歉,我们马上为您安排复检。' },
      { by: 'agent', text: change.closing ?? CLOSING },
    ],
    fields: change.fields ?? fields,
  };
}

const population: ServiceRecordInput[] = [
  record('S01', 'A1'),
  record('S02', 'A1', { greeting: '喂,什么事?' }),
  record('S03', 'A1'),
  record('S04', 'A1', { reply: '这个我也不知道,不归我管。' }),
  record('S05', 'A2', { fields: { ...fields, name: '' } }),
  record('S06', 'A2', { greeting: '喂?' }),
  record('S07', 'A2'),
  record('S08', 'A2', { greeting: '喂?', closing: '就这样。' }),
];

describe('QA-AUDIT: sampling', () => {
  it('QA-AUDIT: the same seed gives the same sample, whatever the order of the records', () => {
    const a = sampleRecords(population, { seed: 'QA-2026-12', size: 3 }).map((r) => r.id);
    const b = sampleRecords([...population].reverse(), { seed: 'QA-2026-12', size: 3 }).map((r) => r.id);
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
    const seeds = ['s1', 's2', 's3', 's4', 's5'].map((seed) => sampleRecords(population, { seed, size: 3 }).map((r) => r.id).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('QA-AUDIT: sampling per agent takes that many of each agent, and an agent\'s sample does not depend on the others', () => {
    const both = sampleRecords(population, { seed: 'QA', perAgent: 2 });
    expect(both.filter((r) => r.agentId === 'A1')).toHaveLength(2);
    expect(both.filter((r) => r.agentId === 'A2')).toHaveLength(2);
    const onlyA1 = sampleRecords(population.filter((r) => r.agentId === 'A1'), { seed: 'QA', perAgent: 2 });
    expect(onlyA1.map((r) => r.id)).toEqual(both.filter((r) => r.agentId === 'A1').map((r) => r.id));
  });
});

describe('QA-AUDIT: scoring against the standards', () => {
  it('QA-AUDIT: a record meeting every standard scores 100 and passes', () => {
    expect(scoreRecord(record('S01', 'A1'))).toMatchObject({ score: 100, passed: true });
  });

  it('QA-AUDIT: a record without greeting, with forbidden phrases and an incomplete record fails, each item named', () => {
    const result = scoreRecord(record('S09', 'A1', { greeting: '喂?', reply: '这个我也不知道,不归我管。', fields: { ...fields, name: '', contact: undefined } }));
    expect(result.passed).toBe(false);
    expect(result.score).toBe(16.7); // only the closing (1 of 6 points)
    expect(result.items).toEqual([
      { standardId: 'greeting', passed: false },
      { standardId: 'record-complete', passed: false, missing: ['name', 'contact'] },
      {
        standardId: 'no-forbidden-phrases',
        passed: false,
        phrases: [
          { phrase: '不知道', index: 4, category: 'refusal', utterance: 2 },
          { phrase: '不归我管', index: 8, category: 'refusal', utterance: 2 },
        ],
      },
      { standardId: 'closing', passed: true },
    ]);
  });

  it('QA-AUDIT / CP-LANGUAGE: a rash promise, shifted blame or doubt of the customer fails the item, each named with its category', () => {
    const item = (reply: string) => scoreRecord(record('S10', 'A1', { reply })).items.find((i) => i.standardId === 'no-forbidden-phrases');
    expect(item('我保证明天一定修好')).toEqual({
      standardId: 'no-forbidden-phrases',
      passed: false,
      phrases: [
        { phrase: '我保证', index: 0, category: 'rashPromise', utterance: 2 },
        { phrase: '一定修好', index: 5, category: 'rashPromise', utterance: 2 },
      ],
    });
    expect(item('这是厂家的问题,您找别人吧')?.phrases).toEqual([
      { phrase: '这是厂家的问题', index: 0, category: 'blameShifting', utterance: 2 },
      { phrase: '您找别人', index: 8, category: 'blameShifting', utterance: 2 },
    ]);
    expect(item('您是不是记错了?')?.phrases).toEqual([{ phrase: '您是不是记错了', index: 0, category: 'doubtingCustomer', utterance: 2 }]);
    // The same words the machines refuse under CP-LANGUAGE, the same hits.
    const reply = '我保证明天一定修好';
    expect(item(reply)?.phrases?.map(({ utterance: _, ...hit }) => hit)).toEqual(checkReplyLanguage(reply, defaultPolicy.language)?.details?.phrases);
  });

  it('QA-AUDIT / CP-LANGUAGE: a polite construction passes the item, and a phrase the policy does not list is not checked', () => {
    const item = (reply: string, policy = defaultPolicy) =>
      scoreRecord(record('S11', 'A1', { reply }), defaultChecklist(policy), policy).items.find((i) => i.standardId === 'no-forbidden-phrases');
    expect(item('不知道您对这次处理是否满意?')).toEqual({ standardId: 'no-forbidden-phrases', passed: true });
    expect(item('如果不行,我们再为您换一台。')).toEqual({ standardId: 'no-forbidden-phrases', passed: true });
    // The host's policy decides the lists: without rash promises, 我保证 passes; its own phrase fails.
    const own = definePolicy({ language: { rashPromises: ['包修好'] } });
    expect(item('我保证为您处理好', own)).toEqual({ standardId: 'no-forbidden-phrases', passed: true });
    expect(item('包修好', own)?.phrases).toEqual([{ phrase: '包修好', index: 0, category: 'rashPromise', utterance: 2 }]);
  });

  it("QA-AUDIT: a standard's own phrase list is checked as given, without categories", () => {
    const checklist = [{ id: 'words', zh: '用语', en: 'words', kind: 'no-forbidden-phrases' as const, phrases: ['随便'] }];
    expect(scoreRecord(record('S12', 'A1', { reply: '我保证,随便您' }), checklist).items).toEqual([
      { standardId: 'words', passed: false, phrases: [{ phrase: '随便', index: 4, utterance: 2 }] },
    ]);
    expect(scoreRecord(record('S12', 'A1', { reply: '我保证为您处理好' }), checklist).items).toEqual([{ standardId: 'words', passed: true }]);
  });

  it('QA-AUDIT: forbidden phrases said by the customer do not count against the agent', () => {
    // The customer says 不行 in every record; the agent's words are clean.
    expect(scoreRecord(record('S01', 'A1')).items.find((i) => i.standardId === 'no-forbidden-phrases')?.passed).toBe(true);
  });

  it('QA-AUDIT: the checklist and the pass mark come from the host and the policy', () => {
    const checklist = [{ id: 'greeting', zh: '问候', en: 'greeting', kind: 'greeting' as const, phrases: ['您好'] }];
    expect(scoreRecord(record('S02', 'A1', { greeting: '喂' }), checklist)).toMatchObject({ score: 0, passed: false });
    const lenient = definePolicy({ quality: { passScore: 60 } });
    expect(scoreRecord(record('S05', 'A2', { fields: { ...fields, name: '' } }), defaultChecklist(lenient), lenient)).toMatchObject({ score: 66.7, passed: true });
  });
});

describe('QA-AUDIT: the audit report and its feedback', () => {
  const report = runAudit({ auditId: 'QA-2026-12', records: population, sample: { seed: 'QA-2026-12', size: 8 }, at: T('10:00', '2026-12-31') });

  it('QA-AUDIT: the report lists findings, sums up by agent and by standard, and says what to feed back', () => {
    expect(report.sampled).toEqual(['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08']);
    expect(report.findings.map((f) => f.findingId)).toEqual([
      'S02:greeting',
      'S04:no-forbidden-phrases',
      'S05:record-complete',
      'S06:greeting',
      'S08:greeting',
      'S08:closing',
    ]);
    expect(report.byStandard.find((s) => s.standardId === 'greeting')).toEqual({ standardId: 'greeting', checked: 8, failed: 3, failRate: 0.375 });
    expect(report.feedback).toEqual({
      training: [
        { agentId: 'A1', standardIds: ['greeting', 'no-forbidden-phrases'] },
        { agentId: 'A2', standardIds: ['greeting', 'record-complete', 'closing'] },
      ],
      // Three in eight records skip the greeting: at the 0.3 review rate the standard itself is reviewed.
      standards: [{ standardId: 'greeting', failRate: 0.375 }],
    });
    expect(report.byAgent.map((a) => [a.agentId, a.averageScore])).toEqual([
      ['A1', 87.5],
      ['A2', 79.2], // (66.7 + 83.3 + 100 + 66.7) / 4
    ]);
  });

  const feedbackFor = (ids: readonly string[]): AuditFeedback[] =>
    ids.map((findingId) => ({
      findingId,
      action: findingId.endsWith(':greeting') && findingId.startsWith('S08') ? 'standard-revision' : 'training',
      note: '纳入本月问候语与记录规范培训',
      by: 'QA-1',
      at: T('15:00', '2026-12-31'),
    }));

  it('QA-AUDIT: an audit with feedback for every failed item closes, with the training plan and the standards to revise', () => {
    const result = closeAudit(report, feedbackFor(report.findings.map((f) => f.findingId)), { by: 'QA-1', at: T('17:00', '2026-12-31') });
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.value.trainingPlan).toEqual([
      { agentId: 'A1', standardIds: ['greeting', 'no-forbidden-phrases'] },
      { agentId: 'A2', standardIds: ['greeting', 'record-complete', 'closing'] },
    ]);
    expect(result.value.standardRevisions).toEqual(['greeting']);
    expect(result.value.closedAt).toBe('2026-12-31T09:00:00.000Z');
  });

  it('QA-AUDIT: an audit cannot be closed while a failed item has no feedback; the refusal lists them', () => {
    const partial = feedbackFor(['S02:greeting', 'S04:no-forbidden-phrases', 'S06:greeting']);
    const result = closeAudit(report, partial, { by: 'QA-1', at: T('17:00', '2026-12-31') });
    expect(result.accepted).toBe(false);
    if (result.accepted) return;
    expect(result.violations[0]).toMatchObject({ rule: 'QA-AUDIT', details: { missing: ['S05:record-complete', 'S08:greeting', 'S08:closing'] } });
    expect(result.violations[0]!.message.zh).toContain('3 项不合格未反馈');
  });

  it('QA-AUDIT: feedback for an item the audit did not find is refused', () => {
    const all = feedbackFor(report.findings.map((f) => f.findingId));
    expect(checkAuditClosable(report, [...all, ...feedbackFor(['S01:greeting'])])?.details).toEqual({ unknown: ['S01:greeting'] });
  });

  it('QA-AUDIT: an audit with no failed item closes without feedback', () => {
    const clean = runAudit({ auditId: 'QA-X', records: [record('S01', 'A1'), record('S03', 'A1')], sample: { seed: 'x', size: 5 }, at: T('10:00') });
    expect(clean.findings).toEqual([]);
    expect(closeAudit(clean, [], { by: 'QA-1', at: T('11:00') }).accepted).toBe(true);
  });
});

describe('PRIVACY', () => {
  it('PRIVACY: the audit report carries ids, scores and field names — never the conversation or the record\'s values', () => {
    const report = runAudit({ auditId: 'QA-2026-12', records: population, sample: { seed: 'QA-2026-12', size: 8 }, at: T('10:00', '2026-12-31') });
    const json = JSON.stringify(report);
    expect(json).not.toContain('王先生');
    expect(json).not.toContain('13800138000');
    expect(json).not.toContain('异响');
  });
});
