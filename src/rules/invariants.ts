import * as z from 'zod/mini';
import type { StateValue } from 'xstate';
import { issuesFromZod, type FieldIssue } from '../errors/validation-error.js';
import { PolicySchema } from '../policy/policy.schema.js';
import type { RuleCheck } from './guard.js';
import { machineSchemasFor } from './registry.js';

/**
 * What must be true of a machine's context in some of its states: a complaint in `implement`
 * has an approval of a proposal that exists; an archived cycle has every member visited. Checked
 * on every restored case (`restore`, `step`, every store load through the runtime) and after each
 * step, so a row edited outside kefu, or a chart change that breaks one, is caught.
 */
export interface StateInvariant<TContext = never> {
  /** Stable name, e.g. `complaint.implement.approval`; named by {@link InvariantFailure}. */
  readonly name: string;
  /** What it says, in English. */
  readonly description: string;
  /** Dotted state paths it holds in (a parent covers its children); `['*']` for every state. */
  readonly states: readonly string[];
  /** `undefined` when it holds, else the field at fault and what is wrong. */
  readonly check: (context: TContext) => FieldIssue | undefined;
}

/** A snapshot as stored or live: what the invariants look at. */
export interface InvariantSubject {
  readonly status: string;
  readonly value: StateValue;
  readonly context: unknown;
}

/** An invariant that does not hold, or the context schema (`name: 'context'`) or status (`name: 'status'`) that does not. */
export interface InvariantFailure {
  readonly name: string;
  /** The fields at fault, with paths from the snapshot (`snapshot.context.approval.proposalId`). */
  readonly issues: readonly FieldIssue[];
}

/** Dotted state paths split into keys, once per path (the invariants' paths are a fixed few). */
const splitPaths = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    if (splitPaths.size < 4096) splitPaths.set(path, keys);
  }
  return keys;
}

/** Whether `value` is in the state at dotted `path` (or one of its children). */
function inState(value: StateValue, path: string): boolean {
  if (path === '*') return true;
  let node: StateValue | undefined = value;
  for (const key of keysOf(path)) {
    if (typeof node === 'string') {
      if (node !== key) return false;
      node = undefined;
      continue;
    }
    if (node === undefined || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/**
 * The invariants of the snapshot's machine (registered with {@link registerMachineSchemas}) that
 * do not hold, plus its context schema's issues and a `status: 'error'`. Empty when all is well,
 * or when the machine registered none.
 *
 * @example
 * invariantFailures('complaint', { status: 'active', value: 'implement', context: { ...ctx, approval: undefined } })
 * //=> [{ name: 'complaint.implement.approval', issues: [{ path: 'snapshot.context.approval', message: … }] }]
 */
export function invariantFailures(machineId: string, snapshot: InvariantSubject, options: { context?: boolean } = {}): InvariantFailure[] {
  if (snapshot.status === 'error') {
    return [{ name: 'status', issues: [{ path: 'snapshot.status', message: "a snapshot in status 'error' cannot be continued" }] }];
  }
  const schemas = machineSchemasFor(machineId);
  if (!schemas) return [];
  if (options.context !== false && schemas.context) {
    const parsed = z.safeParse(schemas.context, snapshot.context);
    if (!parsed.success) return [{ name: 'context', issues: issuesFromZod(parsed.error.issues, 'snapshot.context') }];
  }
  const failures: InvariantFailure[] = [];
  for (const invariant of schemas.invariants ?? []) {
    if (!invariant.states.some((s) => inState(snapshot.value, s))) continue;
    let issue: FieldIssue | undefined;
    try {
      issue = invariant.check(snapshot.context as never);
    } catch (cause) {
      issue = { path: '', message: `the check threw: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
    if (issue) {
      failures.push({
        name: invariant.name,
        issues: [{ path: issue.path ? `snapshot.context.${issue.path}` : 'snapshot.context', message: issue.message }],
      });
    }
  }
  return failures;
}

/**
 * An invariant that a context field is present, in the given states.
 *
 * @example
 * fieldInvariant('complaint.review.followUp', ['review', 'closed'], 'followUp', 'a case in review has its follow-up visit')
 */
export function fieldInvariant<TContext>(name: string, states: readonly string[], field: keyof TContext & string, description: string): StateInvariant<TContext> {
  return {
    name,
    description,
    states,
    check: (context) => ((context as Record<string, unknown>)[field] === undefined ? { path: field, message: `missing: ${description}` } : undefined),
  };
}

/** The event a rule check sees when it runs as an invariant (no event: the stored context alone). */
const INVARIANT_EVENT = Object.freeze({ type: 'kefu.invariant' });

/**
 * An invariant built from a rule check of the machine (the same check its guard runs), in the
 * given states: a stored case must still satisfy the rules it passed to get there.
 */
export function ruleInvariant<TContext>(
  name: string,
  states: readonly string[],
  check: RuleCheck<TContext, never>,
  description: string,
  path = '',
): StateInvariant<TContext> {
  return {
    name,
    description,
    states,
    check: (context) => {
      const v = check({ context, event: INVARIANT_EVENT as never });
      return v ? { path, message: `[${v.rule}] ${v.message.en}` } : undefined;
    },
  };
}

/** An ISO instant inside a stored context. Internal building block of the machines' context schemas. */
export const StoredInstantSchema = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 instant'));

/** A list of records each stamped with its `at`. Internal building block of the machines' context schemas. */
export const StampedListSchema = z.array(z.looseObject({ at: StoredInstantSchema }));

/** An escalation a machine recorded: the due time that passed. Internal building block of the machines' context schemas. */
export const EscalationRecordSchema = z.looseObject({ dueAt: StoredInstantSchema });

/** The escalations a machine recorded (`context.escalations`). Internal building block of the machines' context schemas. */
export const EscalationListSchema = z.array(EscalationRecordSchema);

/**
 * The context every kefu machine keeps (its policy and clock) plus `shape`; other fields pass
 * unchecked. What the machines' `<name>.invariants.ts` build their context schema from.
 */
export function contextSchema<S extends z.core.$ZodShape>(shape: S) {
  return z.looseObject({ policy: StoredPolicySchema, now: StoredInstantSchema, ...shape });
}

/**
 * The policy inside a stored context, checked for its shape (an object with every section of
 * {@link PolicySchema}) rather than parsed in full: the full parse (calendar, quiet hours,
 * departments) costs milliseconds, and this check runs on every load.
 */
const StoredPolicySchema = z.looseObject(
  Object.fromEntries(Object.keys(PolicySchema.shape).filter((k) => k !== 'limits' && k !== 'roles').map((k) => [k, k === 'departments' ? z.array(z.looseObject({ id: z.string().check(z.minLength(1)) })).check(z.minLength(1)) : z.looseObject({})])),
);
