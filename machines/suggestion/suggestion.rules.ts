/**
 * The SUGGEST-LOOP checks of the suggestion machine (and CP-LANGUAGE for what the customer is
 * told). Pure functions of the context and the event; the guards are built from them.
 */
import { findDepartment } from '../../src/policy/index.js';
import { checkReplyLanguage } from '../../src/language/index.js';
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { toEpoch } from '../../src/time/index.js';
import { SuggestionRecordSchema } from './suggestion.schemas.js';
import type { SuggestionContext, SuggestionEvent } from './suggestion.types.js';

type Args = { context: SuggestionContext; event: SuggestionEvent };
type Of<T extends SuggestionEvent['type']> = Extract<SuggestionEvent, { type: T }>;

/**
 * The fields of a suggestion record that are missing or malformed.
 *
 * @example
 * missingSuggestionFields({ content: '周末延长营业时间' }) //=> ['customer', 'contact']
 */
export function missingSuggestionFields(record: unknown): string[] {
  const result = SuggestionRecordSchema.safeParse(record);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(record)'))];
}

/** SUGGEST-LOOP (记录 → 反馈): the record is complete and the department is in the directory. */
export function checkForward({ context, event }: Args): Violation | undefined {
  const missing = missingSuggestionFields(context.record);
  if (missing.length) return missingFields('SUGGEST-LOOP', missing);
  const e = event as Of<'SUGGESTION.FORWARD'>;
  if (!findDepartment(context.policy, e.department)) {
    return violation('SUGGEST-LOOP', {
      reason: { zh: `部门“${e.department}”不在部门目录中`, en: `unknown department "${e.department}"` },
      details: { department: e.department, known: context.policy.departments.map((d) => d.id) },
    });
  }
  if (e.respondBy !== undefined && toEpoch(e.respondBy) <= toEpoch(e.at)) {
    return violation('SUGGEST-LOOP', {
      reason: { zh: '答复期限须晚于转交时间', en: 'the response deadline must be later than now' },
      details: { respondBy: e.respondBy },
    });
  }
  return undefined;
}

/** SUGGEST-LOOP (部门答复): adopting needs the planned improvement, declining needs the reason. */
export function checkResponse({ event }: Args): Violation | undefined {
  const e = event as Of<'DEPARTMENT.RESPOND'>;
  if (e.decision === 'adopt' && !e.plan) return missingFields('SUGGEST-LOOP', ['plan']);
  if (e.decision === 'decline' && !e.reason) return missingFields('SUGGEST-LOOP', ['reason']);
  if (e.decision === 'adopt' && e.expectedBy !== undefined && toEpoch(e.expectedBy) <= toEpoch(e.at)) {
    return violation('SUGGEST-LOOP', {
      reason: { zh: '预计改进时间须晚于当前时间', en: 'the expected improvement time must be later than now' },
      details: { expectedBy: e.expectedBy },
    });
  }
  return undefined;
}

/**
 * SUGGEST-LOOP (结案): a suggestion closes only when the loop is closed — the improvement was
 * made and the customer confirmed it, or the department declined with a recorded reason and
 * the customer was told. `details.missing` names what is still open.
 */
export function checkLoopClosed({ context }: Args): Violation | undefined {
  const missing: string[] = [];
  if (!context.forward) missing.push('forward');
  if (!context.response) missing.push('departmentResponse');
  else if (context.response.decision === 'adopt') {
    if (!context.improvement) missing.push('improvement');
    if (!context.confirmation) missing.push('customerConfirmation');
  } else {
    if (!context.response.reason) missing.push('declineReason');
    if (context.replies.length === 0) missing.push('customerInformed');
  }
  if (missing.length === 0) return undefined;
  return violation('SUGGEST-LOOP', {
    reason: {
      zh: `改进尚未经客户确认(或尚未记录不采纳原因并告知客户):缺少 ${missing.join('、')}`,
      en: `the improvement is not confirmed by the customer (nor declined with a recorded reason the customer was told): missing ${missing.join(', ')}`,
    },
    details: { missing },
  });
}

/** CP-LANGUAGE: what the customer is told holds no forbidden phrase. */
export function checkPoliteReply({ context, event }: Args): Violation | undefined {
  return event.type === 'CUSTOMER.REPLY'
    ? checkReplyLanguage(event.text, context.policy.language)
    : undefined;
}
