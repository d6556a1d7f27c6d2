/**
 * `kefu/machines/suggestion` — the suggestion loop (客户建议, SUGGEST-LOOP).
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkForward,
  checkResponse,
  checkLoopClosed,
  checkPoliteReply,
} from './suggestion.rules.js';
export { suggestionMachine, suggestionStepNames } from './suggestion.machine.js';
export {
  SuggestionRecordSchema,
  SuggestionRecordDraftSchema,
  SuggestionInputSchema,
  SuggestionEventSchema,
} from './suggestion.schemas.js';
export type { SuggestionRecord, SuggestionRecordDraft, SuggestionInput } from './suggestion.schemas.js';
export type {
  SuggestionContext,
  SuggestionEvent,
  SuggestionEmitted,
  SuggestionOutput,
  SuggestionStep,
} from './suggestion.types.js';
/**
 * The rule checks behind the suggestion machine's guards — exactly the rules the chart enforces,
 * one entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the
 * very ones `explain` and `send` run
 * (`ruleCheckOf(suggestionMachine.implementations.guards.isForwardable)?.check` is
 * `suggestionChecks.checkForward`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingSuggestionFields`) are exported by name, not here.
 */
export const suggestionChecks = /* @__PURE__ */ Object.freeze({
  checkForward,
  checkResponse,
  checkLoopClosed,
  checkPoliteReply,
});
export { missingSuggestionFields } from './suggestion.rules.js';
