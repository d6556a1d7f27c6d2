/**
 * Scripts an agent says (问候语): a spoken text keeps a script when it holds the script's clauses
 * in order. Shared by the call's greeting (CALL-GREET) and walk-in reception's (WALKIN).
 * Internal to the machines; each machine exports its own script helpers.
 */

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/** The clauses of a script, normalised (lower case, no spaces or punctuation). */
function clauses(text: string): string[] {
  return text
    .split(/[,,.。??!!;;]/)
    .map((c) => c.replace(PUNCTUATION, '').toLowerCase())
    .filter((c) => c.length > 0);
}

/**
 * The clauses of `script` missing from a spoken text, in order. Punctuation, spacing and case do
 * not matter, and words may be added between clauses (e.g. the company name).
 *
 * @example
 * missingScriptClauses('喂,什么事?', '您好,欢迎来电,请问有什么可以帮助您的?') //=> ['您好', '欢迎来电', '请问有什么可以帮助您的']
 */
export function missingScriptClauses(text: string, script: string): string[] {
  const spoken = text.replace(PUNCTUATION, '').toLowerCase();
  const missing: string[] = [];
  let from = 0;
  for (const clause of clauses(script)) {
    const index = spoken.indexOf(clause, from);
    if (index < 0) missing.push(clause);
    else from = index + clause.length;
  }
  return missing;
}
