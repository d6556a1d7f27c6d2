import { violation, type Violation } from '../rules/violation.js';
import type { Policy } from '../policy/policy.schema.js';

/** What a forbidden phrase does (CP-LANGUAGE, the documents' 投诉处理准则). */
export type PhraseCategory = 'refusal' | 'rashPromise' | 'blameShifting' | 'doubtingCustomer';

/** A forbidden phrase found in a reply, and where. */
export interface PhraseHit {
  /** The forbidden phrase, as listed in the policy. */
  readonly phrase: string;
  /** Index of its first character in the text (UTF-16 code units, as `String.prototype.indexOf`). */
  readonly index: number;
  /** Its category, when checked against the policy's lists (`checkReplyLanguage(text, policy.language)`). */
  readonly category?: PhraseCategory;
}

const categoryNames: Readonly<Record<PhraseCategory, { zh: string; en: string }>> = {
  refusal: { zh: '拒绝用语', en: 'refusal' },
  rashPromise: { zh: '轻易承诺', en: 'rash promise' },
  blameShifting: { zh: '推卸责任', en: 'shifting blame' },
  doubtingCustomer: { zh: '怀疑顾客', en: "doubting the customer" },
};

/**
 * Find every forbidden phrase in a reply text (CP-LANGUAGE: 杜绝跟顾客说“不行、不知道、不可以等”).
 * Hits are sorted by position; a phrase found inside a longer listed phrase at the same place
 * is reported once, as the longer one, and a phrase inside one of `exceptions` (a polite
 * construction such as 不知道您…) is not reported at all. Matching is literal, character for
 * character: no word boundaries, no synonyms, no negation (see docs/language.md).
 *
 * @example
 * findForbiddenPhrases('这个不行,我也不知道', ['不行', '不知道'])
 * //=> [{ phrase: '不行', index: 2 }, { phrase: '不知道', index: 7 }]
 */
export function findForbiddenPhrases(text: string, phrases: readonly string[], exceptions: readonly string[] = []): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const byLength = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  // A polite construction (不知道您…) covers the listed phrases inside it, exactly as a longer phrase does.
  const covered: Array<[number, number]> = [];
  for (const exception of new Set(exceptions)) {
    for (let at = text.indexOf(exception); at >= 0; at = text.indexOf(exception, at + 1)) covered.push([at, at + exception.length]);
  }
  for (const phrase of byLength) {
    let from = 0;
    for (;;) {
      const index = text.indexOf(phrase, from);
      if (index < 0) break;
      const end = index + phrase.length;
      if (!covered.some(([s, e]) => index >= s && end <= e)) {
        hits.push({ phrase, index });
        covered.push([index, end]);
      }
      from = index + 1;
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/**
 * The CP-LANGUAGE check of a reply: `undefined` when the text is clean, otherwise a violation
 * whose details list each offending phrase and its position — and its category, when given the
 * policy's `language` section (refusals, rash promises, shifting blame, doubting the customer, with
 * the polite exceptions) rather than a bare list.
 *
 * @example
 * checkReplyLanguage('不知道', ['不知道'])?.details //=> { phrases: [{ phrase: '不知道', index: 0 }] }
 * checkReplyLanguage('我保证明天一定修好', defaultPolicy.language)?.details
 * //=> { phrases: [{ phrase: '我保证', index: 0, category: 'rashPromise' }, { phrase: '一定修好', index: 5, category: 'rashPromise' }] }
 * checkReplyLanguage('不知道您对这次处理是否满意?', defaultPolicy.language) //=> undefined
 */
export function checkReplyLanguage(text: string, phrases: readonly string[] | Policy['language']): Violation | undefined {
  const hits = findReplyPhrases(text, phrases);
  if (hits.length === 0) return undefined;
  const zh = hits.map((h) => `“${h.phrase}”${h.category ? `(${categoryNames[h.category].zh})` : ''}`).join('、');
  const en = hits.map((h) => `"${h.phrase}" at ${h.index}${h.category ? ` (${categoryNames[h.category].en})` : ''}`).join(', ');
  return violation('CP-LANGUAGE', {
    reason: { zh: `答复中含有禁用语 ${zh}`, en: `the reply contains ${en}` },
    details: { phrases: hits },
  });
}

/**
 * The hits {@link checkReplyLanguage} refuses a text for: against a bare list, the phrases of
 * {@link findForbiddenPhrases}; against the policy's `language` section, every category's phrases,
 * each hit with its category, the polite exceptions left out. The quality audit's
 * `no-forbidden-phrases` item uses it so it judges an agent's words as the machines do.
 * Internal: not exported from `kefu`.
 */
export function findReplyPhrases(text: string, phrases: readonly string[] | Policy['language']): PhraseHit[] {
  return Array.isArray(phrases) ? findForbiddenPhrases(text, phrases as readonly string[]) : findCategorised(text, phrases as Policy['language']);
}

/** Every listed phrase of the policy's categories in `text`, each with its category; polite exceptions left out. */
function findCategorised(text: string, language: Policy['language']): PhraseHit[] {
  // `?? []`: a case stored before the categories existed holds only `forbiddenPhrases`.
  const lists: ReadonlyArray<readonly [PhraseCategory, readonly string[]]> = [
    ['refusal', language.forbiddenPhrases],
    ['rashPromise', language.rashPromises ?? []],
    ['blameShifting', language.blameShifting ?? []],
    ['doubtingCustomer', language.doubtingCustomer ?? []],
  ];
  const categoryOf = new Map<string, PhraseCategory>();
  for (const [category, phrases] of lists) for (const p of phrases) if (!categoryOf.has(p)) categoryOf.set(p, category);
  return findForbiddenPhrases(text, [...categoryOf.keys()], language.politeExceptions ?? []).map((h) => ({ ...h, category: categoryOf.get(h.phrase)! }));
}
