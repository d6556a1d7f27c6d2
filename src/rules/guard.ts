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

/** Options of {@link ruleGuard}. */
export interface RuleGuardOptions {
  /**
   * What the check looks at. `'event'`: only the event's own data (its time against the case's
   * clock, its wording), not whether the case has reached a step — such a guard refuses the event
   * under its rule, but an out-of-order refusal never names it as the rule that gates a step
   * (like `ROLE-PERMIT`). @default 'case'
   */
  readonly checks?: 'case' | 'event';
}

/** A guard function that also carries the rule check it was built from. */
export type RuleGuard<TContext, TEvent> = ((args: GuardArgs<TContext, TEvent>) => boolean) & {
  readonly [CHECK]: { readonly rule: RuleId; readonly check: RuleCheck<TContext, TEvent>; readonly checks: 'case' | 'event' };
};

/**
 * Make a named XState guard from a rule check. The guard passes when the check finds no
 * violation; {@link explain} runs the same check to say why a refused event was refused,
 * so the guard and the explanation can never disagree.
 *
 * @example
 * const guards = { isFormComplete: ruleGuard('CP-REGISTER', ({ context }) => checkForm(context)) };
 */
export function ruleGuard<TContext, TEvent>(rule: RuleId, check: RuleCheck<TContext, TEvent>, options: RuleGuardOptions = {}): RuleGuard<TContext, TEvent> {
  const guard = ((args: GuardArgs<TContext, TEvent>) => check(args) === undefined) as RuleGuard<TContext, TEvent>;
  Object.defineProperty(guard, CHECK, { value: { rule, check, checks: options.checks ?? 'case' } });
  return guard;
}

/** The rule check behind a guard made by {@link ruleGuard}, if it is one, and what it looks at ({@link RuleGuardOptions.checks}). */
export function ruleCheckOf(guard: unknown): { rule: RuleId; check: RuleCheck<unknown, unknown>; checks: 'case' | 'event' } | undefined {
  if (typeof guard !== 'function') return undefined;
  return (guard as Partial<RuleGuard<unknown, unknown>>)[CHECK] as never;
}
