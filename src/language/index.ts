import { violation, type Violation } from '../rules/violation.js';

/** A forbidden phrase found in a reply, and where. */
export interface PhraseHit {
  /** The forbidden phrase, as listed in the policy. */
  readonly phrase: string;
  /** Index of its first character in the text (UTF-16 code units, as `String.prototype.indexOf`). */
  readonly index: number;
}

/**
 * Find every forbidden phrase in a reply text (CP-LANGUAGE: 杜绝跟顾客说“不行、不知道、不可以等”).
 * Hits are sorted by position; a phrase found inside a longer listed phrase at the same place
 * is reported once, as the longer one.
 *
 * @example
 * findForbiddenPhrases('这个不行,我也不知道', ['不行', '不知道'])
 * //=> [{ phrase: '不行', index: 2 }, { phrase: '不知道', index: 7 }]
 */
export function findForbiddenPhrases(text: string, phrases: readonly string[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const byLength = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  const covered: Array<[number, number]> = [];
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
 * whose details list each offending phrase and its position.
 *
 * @example
 * checkReplyLanguage('不知道', ['不知道'])?.details //=> { phrases: [{ phrase: '不知道', index: 0 }] }
 */
export function checkReplyLanguage(text: string, phrases: readonly string[]): Violation | undefined {
  const hits = findForbiddenPhrases(text, phrases);
  if (hits.length === 0) return undefined;
  const list = hits.map((h) => `“${h.phrase}”`).join('、');
  return violation('CP-LANGUAGE', {
    reason: { zh: `答复中含有禁用语 ${list}`, en: `the reply contains ${hits.map((h) => `"${h.phrase}" at ${h.index}`).join(', ')}` },
    details: { phrases: hits },
  });
}
