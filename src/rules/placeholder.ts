/**
 * Placeholder text: what a person types to get past a required field without saying anything
 * (无, -, n/a, 待定). Used where a rule asks for a real record, e.g. the measure against a
 * responsible person (CP-ACCOUNTABILITY). Internal: not exported from `kefu`, so the list can grow.
 */

/**
 * Normalised placeholders: full-width forms folded (NFKC), lower case, with every space,
 * punctuation mark and symbol removed, so `N/A`, `n.a.` and `ｎ／ａ` all read `na`.
 */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  // Chinese: none, nothing yet, to be decided, omitted, no penalty.
  '无', '没有', '暂无', '尚无', '无处罚', '不处罚', '无措施', '暂无措施', '略', '空', '待定', '未定', '待处理', '待补充', '另行处理', '同上', '见上',
  // English.
  'na', 'none', 'nil', 'null', 'nothing', 'tbd', 'todo', 'tba', 'pending', 'x', 'xx', 'xxx', 'same', 'idem',
  // Digits typed only to fill the field.
  '0',
]);

/** Normalise a text for the placeholder comparison (see {@link PLACEHOLDERS}). */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]/gu, '');
}

/**
 * Whether `text` says nothing: empty, only spaces, punctuation or symbols (`-`, `/`, `……`, `???`),
 * or one of the usual placeholders (无, 暂无, 待定, n/a, none, TBD), whatever its width or case.
 *
 * @example
 * isPlaceholderText(' 无 ') //=> true
 * isPlaceholderText('N/A') //=> true
 * isPlaceholderText('通报批评,扣减当月绩效 10%') //=> false
 */
export function isPlaceholderText(text: string): boolean {
  const n = normalise(text);
  return n === '' || PLACEHOLDERS.has(n);
}
