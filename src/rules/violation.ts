import { ruleInfo, type RuleId } from './catalogue.js';

/** A message in both languages of the documents. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A rule that refused a step: its ID, the rule's message, and what exactly was wrong. */
export interface Violation {
  /** The rule that refused, e.g. `RV-QUIET`. */
  readonly rule: RuleId;
  /** The rule's message, followed by the specific reason when there is one. */
  readonly message: Bilingual;
  /** Machine-readable specifics: missing fields, the next allowed time, the offending phrase… */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Build a violation of `rule`, optionally with a specific reason and details. The message starts
 * with the rule's catalogue message: the root entry knows those of the complaint rules, `RV-QUIET`
 * and `ROLE-PERMIT`; the others once a module that checks them is loaded (a kefu machine,
 * `kefu/staff`, `kefu/quality`) or `kefu/rule-sources` is; before that, the rule's ID stands in.
 *
 * @example
 * violation('RV-3DAY', { reason: { zh: '已逾期', en: 'overdue' } }).message.en
 * //=> 'Return visits must be made within three days of the service: overdue'
 */
export function violation(
  rule: RuleId,
  options: { reason?: Bilingual; details?: Record<string, unknown> } = {},
): Violation {
  const info = ruleInfo(rule) ?? { zh: rule, en: rule };
  const message = options.reason
    ? { zh: `${info.zh}:${options.reason.zh}`, en: `${info.en}: ${options.reason.en}` }
    : { zh: info.zh, en: info.en };
  return options.details ? { rule, message, details: options.details } : { rule, message };
}

/**
 * A violation for missing fields, naming them in both languages and in `details.missing`.
 *
 * @example
 * missingFields('CALL-RECORD', ['name']).details //=> { missing: ['name'] }
 */
export function missingFields(rule: RuleId, missing: readonly string[]): Violation {
  return violation(rule, {
    reason: { zh: `缺少 ${missing.join('、')}`, en: `missing ${missing.join(', ')}` },
    details: { missing: [...missing] },
  });
}
