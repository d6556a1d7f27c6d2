import { addRules, type RuleId } from './catalogue.js';
import { processRules } from './catalogue.processes.js';
import { ruleGuard as coreRuleGuard, type RuleCheck, type RuleGuard, type RuleGuardOptions } from './guard.js';
import { missingFields as coreMissingFields, violation as coreViolation, type Bilingual, type Violation } from './violation.js';

/**
 * `violation`, `missingFields` and `ruleGuard` for the modules that check the rules of the processes
 * beyond complaints (the other machines, `kefu/staff`, `kefu/quality`): the same functions, which
 * first add those rules' messages (`catalogue.processes.ts`) to the catalogue, so the root entry
 * with the complaint machine does not carry them. A machine's guards are made when its module
 * loads, so its rules' messages are known from then on, to `explain` and to `violation` too.
 * Internal; test/rules.test.ts checks that no such module uses the root's functions.
 */

let added = false;
function addProcessRules(): void {
  if (added) return;
  addRules(processRules);
  added = true;
}

/** {@link coreViolation} with the processes' rules known. */
export function violation(rule: RuleId, options?: { reason?: Bilingual; details?: Record<string, unknown> }): Violation {
  addProcessRules();
  return coreViolation(rule, options);
}

/** {@link coreMissingFields} with the processes' rules known. */
export function missingFields(rule: RuleId, missing: readonly string[]): Violation {
  addProcessRules();
  return coreMissingFields(rule, missing);
}

/** {@link coreRuleGuard} with the processes' rules known. */
export function ruleGuard<TContext, TEvent>(rule: RuleId, check: RuleCheck<TContext, TEvent>, options?: RuleGuardOptions): RuleGuard<TContext, TEvent> {
  addProcessRules();
  return coreRuleGuard(rule, check, options);
}
