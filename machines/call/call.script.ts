/**
 * The greeting script (接听电话 — 礼貌用语, CALL-GREET).
 */
import { violation, type Violation } from '../../src/rules/index.js';

/** Languages the scripts are written in. */
export type ScriptLanguage = 'zh' | 'en';

/**
 * The greeting, in the documents' words (zh) and in English.
 * zh is verbatim from the documents: “您好,欢迎来电,请问有什么可以帮助您的?”.
 */
export const callGreetings: Readonly<Record<ScriptLanguage, string>> = Object.freeze({
  zh: '您好,欢迎来电,请问有什么可以帮助您的?',
  en: 'Hello, thank you for calling. How may I help you?',
});

/**
 * The greeting script an agent (or the IVR) says on answering a call (CALL-GREET).
 *
 * @example
 * greetingScript('zh') //=> '您好,欢迎来电,请问有什么可以帮助您的?'
 * greetingScript('en') //=> 'Hello, thank you for calling. How may I help you?'
 */
export function greetingScript(language: ScriptLanguage = 'zh'): string {
  return callGreetings[language];
}

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/** The clauses of a script, normalised (lower case, no spaces or punctuation). */
function clauses(text: string): string[] {
  return text
    .split(/[,,.。??!!;;]/)
    .map((c) => c.replace(PUNCTUATION, '').toLowerCase())
    .filter((c) => c.length > 0);
}

/**
 * The clauses of the script missing from a spoken greeting, in order. Punctuation, spacing
 * and case do not matter, and words may be added between clauses (e.g. the company name:
 * “您好,皇家卫士,欢迎来电,请问有什么可以帮助您的?” keeps the script).
 *
 * @example
 * missingGreetingClauses('喂,什么事?', 'zh') //=> ['您好', '欢迎来电', '请问有什么可以帮助您的']
 */
export function missingGreetingClauses(text: string, language: ScriptLanguage = 'zh'): string[] {
  const spoken = text.replace(PUNCTUATION, '').toLowerCase();
  const missing: string[] = [];
  let from = 0;
  for (const clause of clauses(callGreetings[language])) {
    const index = spoken.indexOf(clause, from);
    if (index < 0) missing.push(clause);
    else from = index + clause.length;
  }
  return missing;
}

/**
 * CALL-GREET: a greeting the agent says instead of the script must keep the script's clauses.
 * `undefined` when it does (or when no text is given: the script itself is used).
 */
export function checkGreeting(text: string | undefined, language: ScriptLanguage = 'zh'): Violation | undefined {
  if (text === undefined) return undefined;
  const missing = missingGreetingClauses(text, language);
  if (missing.length === 0) return undefined;
  return violation('CALL-GREET', {
    reason: {
      zh: `问候语须使用“${callGreetings.zh}”`,
      en: `the greeting must follow the script "${callGreetings.en}"`,
    },
    details: { language, missing, script: callGreetings[language] },
  });
}
