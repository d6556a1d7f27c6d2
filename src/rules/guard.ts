import type { RuleId } from './catalogue.js';
import type { Violation } from './violation.js';

/** Arguments XState passes to a guard. */
export interface GuardArgs<TContext, TEvent> {
  readonly context: TContext;
  readonly event: TEvent;
}

/** A pure rule check: `undefined` when the rule holds, a violation when it does not. */
export type RuleCheck<TContext, TEvent> = (args: GuardArgs<TContext, TEvent>) => Violation | undefined;

const CHECK = Symbol.for('kefu.ruleCheck');

/** A guard function that also carries the rule check it was built from. */
export type RuleGuard<TContext, TEvent> = ((args: GuardArgs<TContext, TEvent>) => boolean) & {
  readonly [CHECK]: { readonly rule: RuleId; readonly check: RuleCheck<TContext, TEvent> };
};

/**
 * Make a named XState guard from a rule check. The guard passes when the check finds no
 * violation; {@link explain} runs the same check to say why a refused event was refused,
 * so the guard and the explanation can never disagree.
 *
 * @example
 * const guards = { isFormComplete: ruleGuard('CP-REGISTER', ({ context }) => checkForm(context)) };
 */
export function ruleGuard<TContext, TEvent>(rule: RuleId, check: RuleCheck<TContext, TEvent>): RuleGuard<TContext, TEvent> {
  const guard = ((args: GuardArgs<TContext, TEvent>) => check(args) === undefined) as RuleGuard<TContext, TEvent>;
  Object.defineProperty(guard, CHECK, { value: { rule, check }, enumerable: false });
  return guard;
}

/** The rule check behind a guard made by {@link ruleGuard}, if it is one. */
export function ruleCheckOf(guard: unknown): { rule: RuleId; check: RuleCheck<unknown, unknown> } | undefined {
  if (typeof guard !== 'function') return undefined;
  return (guard as Partial<RuleGuard<unknown, unknown>>)[CHECK] as never;
}
