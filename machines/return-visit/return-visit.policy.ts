/**
 * Internal (not exported from the subpath's index): resolving the policy of a machine input.
 * A cycle spawns hundreds of visits with one policy; parsing it once per visit dominated the
 * cost of spawning, so a parsed policy is frozen and remembered by identity.
 */
import { defaultPolicy, PolicySchema, type Policy } from '../../src/policy/index.js';
import { issuesFromZod, ValidationError } from '../../src/errors/validation-error.js';

// defaultPolicy is validated and deep-frozen where it is defined.
const parsed = new WeakMap<object, Policy>([[defaultPolicy, defaultPolicy]]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The policy of an input (`undefined` → `defaultPolicy`), validated. Frozen policies (those of
 * `definePolicy`, `defaultPolicy`, and every result of this function) are parsed only once.
 *
 * @throws {ValidationError} naming the bad fields under `policy.`
 */
export function resolvePolicy(policy: unknown, subject: string): Policy {
  if (policy === undefined) return defaultPolicy;
  if (typeof policy === 'object' && policy !== null) {
    const hit = parsed.get(policy);
    if (hit) return hit;
  }
  const result = PolicySchema.safeParse(policy);
  if (!result.success) throw new ValidationError(subject, issuesFromZod(result.error.issues, 'policy'), { cause: result.error });
  const value = deepFreeze(result.data);
  parsed.set(value, value);
  if (typeof policy === 'object' && policy !== null && Object.isFrozen(policy)) parsed.set(policy, value);
  return value;
}
