/**
 * `kefu/machines/suggestion` — the suggestion loop (客户建议, SUGGEST-LOOP).
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
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
export * as suggestionChecks from './suggestion.rules.js';
export { missingSuggestionFields } from './suggestion.rules.js';
