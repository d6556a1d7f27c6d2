/**
 * The greeting script (接听电话 — 礼貌用语, CALL-GREET).
 */
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { missingScriptClauses } from '../shared/script.js';

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

/**
 * The clauses of the script missing from a spoken greeting, in order. Punctuation, spacing
 * and case do not matter, and words may be added between clauses (e.g. the company name:
 * “您好,皇家卫士,欢迎来电,请问有什么可以帮助您的?” keeps the script).
 *
 * @example
 * missingGreetingClauses('喂,什么事?', 'zh') //=> ['您好', '欢迎来电', '请问有什么可以帮助您的']
 */
export function missingGreetingClauses(text: string, language: ScriptLanguage = 'zh'): string[] {
  return missingScriptClauses(text, callGreetings[language]);
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
