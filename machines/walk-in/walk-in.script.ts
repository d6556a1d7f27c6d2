/**
 * The reception greeting (现场接待 — 主动服务:主动询问客户需求, WALKIN). The documents give no
 * words for the counter, only that the agent greets and asks the need at once; ours follow the
 * call's script with 欢迎光临 for 欢迎来电.
 */
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { missingScriptClauses } from '../shared/script.js';
import type { ScriptLanguage } from '../call/call.script.js';

/** The reception greeting, in Chinese and in English (our words; the documents give none). */
export const walkInGreetings: Readonly<Record<ScriptLanguage, string>> = Object.freeze({
  zh: '您好,欢迎光临,请问有什么可以帮助您的?',
  en: 'Hello, welcome. How may I help you?',
});

/**
 * The clauses of the reception greeting missing from what the agent said, in order. Punctuation,
 * spacing and case do not matter, and words may be added between clauses (the agent's name, the
 * shop's).
 *
 * @example
 * missingWalkInGreetingClauses('您好,我是小周,欢迎光临,请问有什么可以帮助您的?') //=> []
 * missingWalkInGreetingClauses('您好') //=> ['欢迎光临', '请问有什么可以帮助您的']
 */
export function missingWalkInGreetingClauses(text: string, language: ScriptLanguage = 'zh'): string[] {
  return missingScriptClauses(text, walkInGreetings[language]);
}

/**
 * WALKIN (主动服务): a greeting said instead of the script keeps its clauses — a greeting, and
 * asking what the customer needs. `undefined` when it does, or when no text is given (the script
 * itself is said).
 */
export function checkWalkInGreetingText(text: string | undefined, language: ScriptLanguage = 'zh'): Violation | undefined {
  if (text === undefined) return undefined;
  const missing = missingWalkInGreetingClauses(text, language);
  if (missing.length === 0) return undefined;
  return violation('WALKIN', {
    reason: {
      zh: `须主动问候并询问客户需求:“${walkInGreetings.zh}”`,
      en: `greet and ask the customer's need: "${walkInGreetings.en}"`,
    },
    details: { language, missing, script: walkInGreetings[language] },
  });
}
