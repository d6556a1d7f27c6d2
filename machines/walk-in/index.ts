/**
 * `kefu/machines/walk-in` — walk-in reception (现场接待, WALKIN): greet and ask the need at once,
 * solve on the spot or classify and hand to its process as a call does, record the visit.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkGreeting,
  checkNeedRecorded,
  checkHandOver,
  checkMatterSettled,
  checkRecordComplete,
  checkPoliteReply,
} from './walk-in.rules.js';
export { walkInMachine, walkInStepNames } from './walk-in.machine.js';
export {
  WalkInRecordSchema,
  WalkInRecordDraftSchema,
  WalkInRecordFieldsSchema,
  WalkInLanguageSchema,
  WalkInInputSchema,
  WalkInEventSchema,
} from './walk-in.schemas.js';
export type { WalkInRecord, WalkInRecordDraft, WalkInInput } from './walk-in.schemas.js';
export type {
  WalkInContext,
  WalkInEvent,
  WalkInEmitted,
  WalkInOutput,
  WalkInOutcome,
  WalkInOpenCaseParams,
} from './walk-in.types.js';
/**
 * The rule checks behind the walk-in machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run. Call one to ask a rule before sending, e.g. to disable a button.
 * Helpers the checks are built from (`missingWalkInRecordFields`) are exported by name, not here.
 */
export const walkInChecks = /* @__PURE__ */ Object.freeze({
  checkGreeting,
  checkNeedRecorded,
  checkHandOver,
  checkMatterSettled,
  checkRecordComplete,
  checkPoliteReply,
});
export { missingWalkInRecordFields } from './walk-in.rules.js';
export { walkInGreetings, missingWalkInGreetingClauses, checkWalkInGreetingText } from './walk-in.script.js';
