import type * as z from 'zod/mini';
import { parseOrThrow, ValidationError, type FieldIssue } from '../errors/validation-error.js';
import { limitsOf, type Limits } from '../policy/limits.js';
import { iso } from '../time/internal.js';

/** Dates and instants as kefu writes them: a four-digit year first. */
const DATE_PREFIX = /^(\d{4})-\d{2}-\d{2}(?:$|T)/;
/** Deeper than any event or input of kefu's machines; hostile nesting stops here. */
const MAX_DEPTH = 32;

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/**
 * The fields of an event or input that break the size limits or the year window: strings
 * longer than `textChars`, lists longer than `listItems`, dates and instants outside
 * `earliestYear`–`latestYear`, and nesting deeper than kefu's own shapes. Keys in `skip`
 * (top level only) are not walked: the policy, which has its own schema. Internal to kefu.
 *
 * @example
 * boundIssues({ text: 'x'.repeat(5000) }, defaultLimits)
 * //=> [{ path: 'text', message: 'at most 4000 characters (got 5000)' }]
 */
export function boundIssues(value: unknown, limits: Limits, skip: readonly string[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (issues.length >= 20) return;
    if (typeof v === 'string') {
      if (v.length > limits.textChars) issues.push({ path, message: `at most ${limits.textChars} characters (got ${v.length})` });
      const year = DATE_PREFIX.exec(v)?.[1];
      if (year !== undefined && (Number(year) < limits.earliestYear || Number(year) > limits.latestYear)) {
        issues.push({ path, message: `year ${year} is outside ${limits.earliestYear}–${limits.latestYear}` });
      }
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.listItems) {
        issues.push({ path, message: `at most ${limits.listItems} items (got ${v.length})` });
        return;
      }
      v.forEach((item, i) => walk(item, join(path, i), depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      if (depth === 0 && skip.includes(key)) continue;
      walk(item, join(path, key), depth + 1);
    }
  };
  walk(value, '', 0);
  return issues;
}

/** Where an event's time must lie: not before the case's clock, not after the host's clock (each within the tolerance). */
export interface TimeBounds {
  /** The case's clock (epoch ms): the time of its last event. */
  readonly caseClock?: number | undefined;
  /** The host's clock (epoch ms), when the host passed it. */
  readonly hostNow?: number | undefined;
}

/**
 * The issues of an event's `at` (epoch ms) against the case's clock and the host's clock,
 * each allowed to differ by `clockToleranceMinutes`. Internal to kefu.
 */
export function timeIssues(at: number | undefined, bounds: TimeBounds, limits: Limits): FieldIssue[] {
  if (at === undefined || !Number.isFinite(at)) return [];
  const tolerance = limits.clockToleranceMinutes * 60_000;
  const issues: FieldIssue[] = [];
  if (bounds.caseClock !== undefined && at < bounds.caseClock - tolerance) {
    issues.push({
      path: 'at',
      message: `${iso(at)} is before the case's clock ${iso(bounds.caseClock)} by more than ${limits.clockToleranceMinutes} minutes`,
    });
  }
  if (bounds.hostNow !== undefined && at > bounds.hostNow + tolerance) {
    issues.push({
      path: 'at',
      message: `${iso(at)} is after the host's clock ${iso(bounds.hostNow)} by more than ${limits.clockToleranceMinutes} minutes`,
    });
  }
  return issues;
}

/**
 * Parse a machine's input with its schema, then hold it to the policy's `limits` (text and list
 * sizes, year window; the policy itself is checked by its own schema): `limits` when given, else
 * the input's own `policy.limits`, else the defaults. What every kefu machine's context factory
 * calls. Internal to kefu.
 *
 * @throws {ValidationError} naming each field at fault.
 */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, subject: string, limits?: Limits): z.output<S> {
  const parsed = parseOrThrow(schema, input, subject);
  const issues = boundIssues(parsed, limits ?? limitsOf(parsed), ['policy']);
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return parsed;
}
