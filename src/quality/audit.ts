/**
 * Quality audits (QA-AUDIT: 持续地监督和审查在线客户服务,根据质量控制标准开展服务质量自审): score
 * sampled records against a checklist of standards and turn the failures into findings that feed
 * back into the standards and into training. Pure.
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation-error.js';
import { findReplyPhrases } from '../language/index.js';
import { defaultPolicy, type Policy } from '../policy/index.js';
import { toIso, type Instant } from '../time/index.js';
import { sampleRecords, type SampleOptions } from './sample.js';
import {
  ChecklistSchema,
  ServiceRecordSchema,
  type AuditReport,
  type Finding,
  type ItemResult,
  type RecordResult,
  type ServiceRecord,
  type ServiceRecordInput,
  type Standard,
  type StandardInput,
} from './quality.schemas.js';

/**
 * The default checklist: greeting (CALL-GREET 您好), a complete record (CALL-RECORD: time, number,
 * name, contact, content), no forbidden phrases (CP-LANGUAGE: every category of the policy's
 * `language`, as the machines check replies), a closing
 * (回访规范 …再见). Hosts replace it with their own standards.
 *
 * @example
 * defaultChecklist().map((s) => s.id) //=> ['greeting', 'record-complete', 'no-forbidden-phrases', 'closing']
 */
export function defaultChecklist(policy: Policy = defaultPolicy): Standard[] {
  return [
    { id: 'greeting', zh: '使用问候语', en: 'greeting used', weight: 1, kind: 'greeting', phrases: ['您好'] },
    { id: 'record-complete', zh: '记录完整', en: 'record complete', weight: 2, kind: 'record-complete', fields: ['time', 'number', 'name', 'contact', 'content'] },
    // No `phrases`: the item checks the policy's whole `language` section, as the machines do.
    { id: 'no-forbidden-phrases', zh: '未使用禁用语', en: 'no forbidden phrases', weight: 2, kind: 'no-forbidden-phrases' },
    { id: 'closing', zh: '使用结束语', en: 'closing used', weight: 1, kind: 'closing', phrases: ['再见'] },
  ];
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function checkItem(record: ServiceRecord, standard: Standard, policy: Policy): ItemResult {
  const agent = record.utterances.filter((u) => u.by === 'agent');
  switch (standard.kind) {
    case 'greeting':
      return { standardId: standard.id, passed: agent.length > 0 && standard.phrases.some((p) => agent[0]!.text.includes(p)) };
    case 'closing':
      return { standardId: standard.id, passed: agent.length > 0 && standard.phrases.some((p) => agent[agent.length - 1]!.text.includes(p)) };
    case 'record-complete': {
      const missing = standard.fields.filter((f) => isEmpty(record.fields[f]));
      return missing.length ? { standardId: standard.id, passed: false, missing } : { standardId: standard.id, passed: true };
    }
    case 'no-forbidden-phrases': {
      // CP-LANGUAGE as the machines check it: a standard's own list, else every category of the
      // policy (refusals, rash promises, shifting blame, doubting the customer; polite exceptions
      // left out), each hit named with its category.
      const phrases = standard.phrases ?? policy.language;
      // Positions point into the record (which utterance, which character), never copy its text.
      const hits = record.utterances.flatMap((u, utterance) => (u.by === 'agent' ? findReplyPhrases(u.text, phrases).map((h) => ({ ...h, utterance })) : []));
      return hits.length ? { standardId: standard.id, passed: false, phrases: hits } : { standardId: standard.id, passed: true };
    }
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Score one record against a checklist: each standard passed or failed, and the score (0–100),
 * the weight of the standards passed over the total weight.
 *
 * @example
 * scoreRecord(record, defaultChecklist()).score //=> 66.7 (record incomplete: 4 of 6 points)
 */
export function scoreRecord(record: ServiceRecordInput, checklist: readonly StandardInput[] = defaultChecklist(), policy: Policy = defaultPolicy): RecordResult {
  const r = parseOrThrow(ServiceRecordSchema, record, 'service record');
  const standards = parseOrThrow(ChecklistSchema, checklist, 'checklist');
  const items = standards.map((s) => checkItem(r, s, policy));
  const total = standards.reduce((n, s) => n + s.weight, 0);
  const got = standards.reduce((n, s, i) => n + (items[i]!.passed ? s.weight : 0), 0);
  const score = round1((100 * got) / total);
  return { recordId: r.id, agentId: r.agentId, channel: r.channel, score, passed: score >= policy.quality.passScore, items };
}

/** What {@link runAudit} takes. */
export interface AuditInput {
  readonly auditId: string;
  /** The records to sample from (the population). */
  readonly records: readonly ServiceRecordInput[];
  /** Sampling: a seed and a size (default `policy.quality.sampleSize`) or a number per agent. */
  readonly sample: { readonly seed: string; readonly size?: number; readonly perAgent?: number };
  /** @default defaultChecklist(policy) */
  readonly checklist?: readonly StandardInput[];
  readonly at: Instant;
  /** @default defaultPolicy */
  readonly policy?: Policy;
}

/**
 * Run an audit: draw the seeded sample, score each record against the checklist, list the failed
 * items as findings, and sum up by agent and by standard. The feedback section names the agents
 * to train on which standards and the standards failed so often they need review. The report
 * holds ids, scores and field or phrase names — never the conversation.
 *
 * @example
 * const report = runAudit({ auditId: 'QA-2026-12', records, sample: { seed: 'QA-2026-12', perAgent: 2 }, at: '2026-12-31T10:00:00+08:00' });
 * report.findings.map((f) => f.findingId) //=> ['S07:greeting', 'S12:record-complete']
 */
export function runAudit(input: AuditInput): AuditReport {
  const policy = input.policy ?? defaultPolicy;
  const records = parseOrThrow(z.array(ServiceRecordSchema), input.records, 'service records');
  const standards = parseOrThrow(ChecklistSchema, input.checklist ?? defaultChecklist(policy), 'checklist');
  const options: SampleOptions =
    input.sample.perAgent !== undefined
      ? { seed: input.sample.seed, perAgent: input.sample.perAgent }
      : { seed: input.sample.seed, size: input.sample.size ?? policy.quality.sampleSize };
  const sample = sampleRecords(records, options);
  const results = sample.map((r) => scoreRecord(r, standards, policy));
  return summariseAudit({ auditId: input.auditId, at: input.at, seed: input.sample.seed, population: records.length, checklist: standards, results, policy });
}

/**
 * The report of an audit from its scored records: the findings (failed items), averages by agent,
 * fail rates by standard and the feedback they call for. What {@link runAudit} returns once it has
 * drawn and scored the sample; the quality-audit machine builds its report with it once every
 * sampled record is scored. Internal: not exported from `kefu/quality`.
 */
export function summariseAudit(input: {
  readonly auditId: string;
  readonly at: Instant;
  readonly seed: string;
  readonly population: number;
  readonly checklist: readonly Standard[];
  readonly results: readonly RecordResult[];
  readonly policy: Policy;
}): AuditReport {
  const { results, policy } = input;
  const standards = input.checklist;
  const findings: Finding[] = [];
  for (const r of results) {
    for (const item of r.items) {
      if (item.passed) continue;
      findings.push({
        findingId: `${r.recordId}:${item.standardId}`,
        recordId: r.recordId,
        agentId: r.agentId,
        standardId: item.standardId,
        ...(item.missing ? { missing: item.missing } : {}),
        ...(item.phrases ? { phrases: item.phrases } : {}),
      });
    }
  }

  const agents = [...new Set(results.map((r) => r.agentId))].sort();
  const byAgent = agents.map((agentId) => {
    const mine = results.filter((r) => r.agentId === agentId);
    const failed = new Set(findings.filter((f) => f.agentId === agentId).map((f) => f.standardId));
    return {
      agentId,
      records: mine.length,
      averageScore: round1(mine.reduce((n, r) => n + r.score, 0) / mine.length),
      failedStandards: standards.map((s) => s.id).filter((id) => failed.has(id)),
    };
  });
  const byStandard = standards.map((s) => {
    const failed = findings.filter((f) => f.standardId === s.id).length;
    return { standardId: s.id, checked: results.length, failed, failRate: results.length ? Math.round((failed / results.length) * 1000) / 1000 : 0 };
  });

  return {
    auditId: input.auditId,
    at: toIso(input.at),
    seed: input.seed,
    population: input.population,
    sampled: results.map((r) => r.recordId),
    checklist: standards.map(({ id, zh, en, weight }) => ({ id, zh, en, weight })),
    passScore: policy.quality.passScore,
    records: results,
    findings,
    averageScore: results.length ? round1(results.reduce((n, r) => n + r.score, 0) / results.length) : null,
    byAgent,
    byStandard,
    feedback: {
      training: byAgent.filter((a) => a.failedStandards.length > 0).map((a) => ({ agentId: a.agentId, standardIds: a.failedStandards })),
      standards: byStandard
        .filter((s) => s.checked > 0 && s.failed > 0 && s.failRate >= policy.quality.reviewStandardFailRate)
        .map((s) => ({ standardId: s.standardId, failRate: s.failRate })),
    },
  };
}
