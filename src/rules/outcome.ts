import { transition, type AnyActorRef, type AnyMachineSnapshot, type EventFrom, type EventObject } from 'xstate';
import * as z from 'zod/mini';
import { issuesFromZod, type FieldIssue } from '../errors/validation-error.js';
import { RefusedError } from '../errors/refused-error.js';
import { limitsOf } from '../policy/limits.js';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import { boundIssues, timeIssues } from './bounds.js';
import { matches, placeEvent, type Placement } from './gates.js';
import { ruleCheckOf } from './guard.js';
import { machineSchemasFor } from './registry.js';
import type { Bilingual, Violation } from './violation.js';
import { PrincipalSchema, type Principal } from '../roles/principal.js';
import { bindPrincipal, checkRolePermit, permissionKey } from '../roles/permit.js';
import type { Policy } from '../policy/policy.schema.js';

/** Why an event was not applied. */
export type RefusalReason =
  /** The event failed its schema: `issues` name the fields. */
  | 'invalid-event'
  /** A rule's guard said no: `violations` say which rule and why. */
  | 'rule'
  /** A guard that is not a rule (a routing condition) matched no transition. */
  | 'no-matching-guard'
  /**
   * Neither the current state nor any step ahead of it takes this event: an event of no step of
   * the machine, or of a step the case has passed (or a branch it did not take). An event of a
   * later step sent before that step's gate is passed is refused as `rule` instead, naming the
   * rule that gates the step (`violations[].details.outOfOrder`).
   */
  | 'unexpected-event'
  /** The actor is stopped, done or in error. */
  | 'not-active'
  /**
   * The rules allowed the event but applying it would fail (an action of the machine threw):
   * nothing was applied and the actor stays active, exactly as it was.
   */
  | 'failed';

/** An event that was not applied, and why. The case is exactly as it was. */
export interface Refusal {
  readonly accepted: false;
  readonly eventType: string;
  readonly reason: RefusalReason;
  /** The rules that refused, with their messages (empty unless `reason` is `rule`). */
  readonly violations: readonly Violation[];
  /** The malformed fields (only for `invalid-event`). */
  readonly issues: readonly FieldIssue[];
  /** One message summing up the refusal. */
  readonly message: Bilingual;
}

/** An event that was applied. */
export interface Acceptance {
  readonly accepted: true;
  readonly eventType: string;
}

/** What became of an event: accepted, or refused with the reason. */
export type Outcome = Acceptance | Refusal;

interface GuardLike {
  type?: string;
  guards?: unknown[];
  params?: unknown;
}

/** Collect the violations of the rule guards inside `guard` that fail for this event. */
function guardViolations(guard: unknown, snapshot: AnyMachineSnapshot, event: EventObject, out: Violation[]): void {
  const implementations = snapshot.machine.implementations.guards as Record<string, unknown>;
  const resolved =
    typeof guard === 'function'
      ? guard
      : typeof guard === 'string'
        ? implementations[guard]
        : guard && typeof guard === 'object'
          ? ((guard as GuardLike).type !== undefined ? implementations[(guard as GuardLike).type!] ?? guard : guard)
          : undefined;
  const rule = ruleCheckOf(resolved);
  if (rule) {
    const v = rule.check({ context: snapshot.context, event });
    if (v) out.push(v);
    return;
  }
  // Builtin combinators (and/or/not) keep their parts in `guards`.
  const parts = (resolved as GuardLike | undefined)?.guards;
  if (Array.isArray(parts)) for (const part of parts) guardViolations(part, snapshot, event, out);
}

function refusal(
  eventType: string,
  reason: RefusalReason,
  extra: Partial<Pick<Refusal, 'violations' | 'issues'>> & { placement?: Placement } = {},
): Refusal {
  const violations = extra.violations ?? [];
  const issues = extra.issues ?? [];
  let message: Bilingual;
  switch (reason) {
    case 'rule':
      message = {
        zh: violations.map((v) => `[${v.rule}] ${v.message.zh}`).join(';'),
        en: violations.map((v) => `[${v.rule}] ${v.message.en}`).join('; '),
      };
      break;
    case 'invalid-event': {
      const list = issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ');
      message = { zh: `事件格式不正确(${list})`, en: `malformed event (${list})` };
      break;
    }
    case 'no-matching-guard':
      message = { zh: `当前条件下不能执行 ${eventType}`, en: `${eventType} does not apply in the current conditions` };
      break;
    case 'unexpected-event':
      message = unexpectedMessage(eventType, extra.placement);
      break;
    case 'not-active':
      message = { zh: '流程已结束或已停止', en: 'the process has ended or stopped' };
      break;
    case 'failed': {
      const why = issues.map((i) => i.message).join('; ');
      message = { zh: `无法执行 ${eventType}(${why})`, en: `${eventType} could not be applied (${why})` };
      break;
    }
  }
  return { accepted: false, eventType, reason, violations, issues, message };
}

/** Why the current step does not take the event: no step does, none ahead does, or one ahead that no rule gates. */
function unexpectedMessage(eventType: string, placement: Placement | undefined): Bilingual {
  const base = { zh: `当前步骤不接受 ${eventType}`, en: `${eventType} is not expected in the current step` };
  switch (placement?.kind) {
    case 'no-step':
      return { zh: `${base.zh}(本流程没有接受它的步骤)`, en: `${base.en} (no step of this process takes it)` };
    case 'not-ahead':
      return { zh: `${base.zh}(接受它的步骤已过,或不在此后的流程中)`, en: `${base.en} (the step that takes it is not ahead of this case)` };
    case 'ungated':
      return {
        zh: `${base.zh}(须先经 ${placement.gate} 进入「${placement.step.zh}」)`,
        en: `${base.en} (it is taken in ${placement.step.en}, entered by ${placement.gate})`,
      };
    default:
      return base;
  }
}

function typeOfEvent(event: unknown): string {
  return typeof (event as EventObject | null)?.type === 'string' ? (event as EventObject).type : '(unknown)';
}

function notAnEvent(event: unknown): Refusal | undefined {
  if (!event || typeof event !== 'object' || Array.isArray(event) || typeof (event as EventObject).type !== 'string') {
    return refusal(typeOfEvent(event), 'invalid-event', { issues: [{ path: 'type', message: 'an event is an object with a string "type"' }] });
  }
  return undefined;
}

function epochOf(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return toEpoch(value);
  } catch {
    return undefined;
  }
}

/** Options of {@link validateEvent}. */
export interface ValidateEventOptions {
  /** The host's clock (epoch ms): an event's `at` may not lie after it by more than the policy's clock tolerance. */
  readonly now?: number;
}

/**
 * Validate an event against the schema registered for the snapshot's machine, then against the
 * case's policy `limits`: text and list sizes, the year window of every date, and its `at`
 * (not before the case's clock, kept in `context.now`, nor after the host's `now`, each beyond
 * the clock tolerance). Returns the parsed event, or a refusal naming the fields at fault.
 */
export function validateEvent<TEvent extends EventObject>(snapshot: AnyMachineSnapshot, event: unknown, options: ValidateEventOptions = {}): TEvent | Refusal {
  return checkEvent<TEvent>(snapshot, event, options);
}

/**
 * {@link validateEvent}, where `quickPrincipal` may give the event's principal without its schema
 * (what `PrincipalSchema` would give; `undefined` to leave it to the schema). The runtime's step
 * passes `exactPrincipal`, kept out of the root entry's bundle. Internal to kefu.
 */
export function checkEvent<TEvent extends EventObject>(
  snapshot: AnyMachineSnapshot,
  event: unknown,
  options: ValidateEventOptions,
  quickPrincipal?: (by: unknown) => Principal | undefined,
): TEvent | Refusal {
  const type = typeOfEvent(event);
  const malformed = notAnEvent(event);
  if (malformed) return malformed;
  // The principal is the host's, not part of the machine's event schema: checked on its own.
  const { by, ...rest } = event as EventObject & { by?: unknown };
  let principal: Principal | undefined;
  if (by !== undefined) {
    principal = quickPrincipal?.(by);
    if (principal === undefined) {
      const p = PrincipalSchema.safeParse(by);
      if (!p.success) return refusal(type, 'invalid-event', { issues: issuesFromZod(p.error.issues, 'by') });
      principal = p.data;
    }
  }
  const schemas = machineSchemasFor(snapshot.machine.id);
  let parsed: EventObject = (by === undefined ? event : rest) as EventObject;
  if (schemas) {
    const result = z.safeParse(schemas.events, rest);
    if (!result.success) return refusal(type, 'invalid-event', { issues: issuesFromZod(result.error.issues) });
    parsed = result.data as EventObject;
  }
  const context = snapshot.context as { now?: unknown } | undefined;
  const limits = limitsOf(context);
  const issues = [
    ...boundIssues(parsed, limits),
    ...timeIssues(epochOf((parsed as { at?: unknown }).at), { caseClock: epochOf(context?.now), hostNow: options.now }, limits),
  ];
  if (issues.length > 0) return refusal(type, 'invalid-event', { issues });
  return (principal ? { ...parsed, by: principal } : parsed) as TEvent;
}

/**
 * Whether XState would fail applying `event` (an action throwing, e.g. a deadline past the
 * calendar's range): computed with XState's pure `transition()`, nothing is applied.
 */
function transitionFailure(snapshot: AnyMachineSnapshot, event: EventObject): Refusal | undefined {
  let error: unknown;
  try {
    const [next] = transition(snapshot.machine, snapshot as never, event as never) as unknown as [AnyMachineSnapshot];
    if (next.status !== 'error') return undefined;
    error = next.error;
  } catch (cause) {
    error = cause;
  }
  return failedRefusal(event.type, error);
}

/**
 * The refusal of an event the rules allowed but the machine could not apply (`reason: 'failed'`,
 * the error's name and message as the issue), as `send` and the runtime's `step` return it.
 * Internal to kefu.
 */
export function failedRefusal(eventType: string, error: unknown): Refusal {
  return refusal(eventType, 'failed', { issues: [{ path: '', message: describeFailure(error, 'the machine failed') }] });
}

function describeFailure(error: unknown, fallback: string): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : fallback).slice(0, 500);
}

/** The options of {@link explain}. */
export interface ExplainOptions {
  /** Who would send the event (ROLE-PERMIT); put on the event as `by`. */
  readonly by?: Principal;
}

/**
 * Say whether `event` would be accepted in `snapshot`, and if not, which rules refuse it.
 * Pure: nothing is sent. The rules are the same checks the machine's guards run.
 *
 * @example
 * const outcome = explain(actor.getSnapshot(), { type: 'VISIT.START', at: '2026-12-01T13:00:00+08:00' });
 * outcome.accepted //=> false
 * outcome.violations[0].rule //=> 'RV-QUIET'
 */
export function explain(snapshot: AnyMachineSnapshot, event: EventObject, options: ExplainOptions = {}): Outcome {
  const malformed = notAnEvent(event);
  if (malformed) return malformed;
  const bound = bindPrincipal(event, options.by);
  if (bound.violation) return refusal(event.type, 'rule', { violations: [bound.violation] });
  event = bound.event;
  if (snapshot.status !== 'active') return refusal(event.type, 'not-active');
  // Who acts comes first: a role outside the table learns that, whatever the step.
  const policy = (snapshot.context as { policy?: Pick<Policy, 'roles'> } | undefined)?.policy;
  const forbidden = checkRolePermit(policy, permissionKey(snapshot.machine.id), event);
  if (forbidden) return refusal(event.type, 'rule', { violations: [forbidden] });
  try {
    return explainActive(snapshot, event);
  } catch (cause) {
    // A guard that throws on this event cannot accept it.
    return refusal(event.type, 'failed', { issues: [{ path: '', message: describeFailure(cause, 'a guard failed') }] });
  }
}

function explainActive(snapshot: AnyMachineSnapshot, event: EventObject): Outcome {
  if (snapshot.can(event)) return { accepted: true, eventType: event.type };
  const violations: Violation[] = [];
  let candidates = 0;
  for (const node of snapshot._nodes) {
    for (const [descriptor, transitions] of node.transitions) {
      if (!matches(descriptor, event.type)) continue;
      for (const t of transitions) {
        candidates++;
        if (t.guard !== undefined) guardViolations(t.guard, snapshot, event, violations);
      }
    }
  }
  if (candidates === 0) {
    // The machine's own events (a timer the state no longer takes) belong to no step a sender takes.
    if (event.type.startsWith('xstate.')) return refusal(event.type, 'unexpected-event');
    // Out of order: a later step's event names the rule that gates that step.
    const placement = placeEvent(snapshot, event.type);
    if (placement.kind === 'later-step') return refusal(event.type, 'rule', { violations: placement.violations });
    return refusal(event.type, 'unexpected-event', { placement });
  }
  if (violations.length === 0) return refusal(event.type, 'no-matching-guard');
  // The same rule can refuse through several transitions; report it once.
  const seen = new Set<string>();
  const unique = violations.filter((v) => {
    const key = `${v.rule}|${v.message.en}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return refusal(event.type, 'rule', { violations: unique });
}

/** Options of {@link send}. */
export interface SendOptions {
  /**
   * The host's clock (never the end customer's): fills the event's `at` when it has none, and an
   * `at` later than it by more than the policy's clock tolerance is refused.
   */
  readonly now?: () => Instant;
  /**
   * Who sends the event, from the host's authenticated session (ROLE-PERMIT). Put on the event
   * as `by`, where the machine's guards read it; an event whose own `by` disagrees is refused.
   */
  readonly by?: Principal;
}

/**
 * Send an event to a running actor and learn what became of it. A malformed event or one a
 * rule refuses is not sent: the actor stays exactly as it was, and the outcome says why.
 *
 * @example
 * const outcome = send(actor, { type: 'COMPLAINT.REGISTER', at }, { by: { id: 'u-7', role: 'agent' } });
 * if (!outcome.accepted) console.log(outcome.violations.map((v) => v.rule));
 */
export function send<A extends AnyActorRef>(actor: A, event: EventFrom<A>, options: SendOptions = {}): Outcome {
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  const raw: unknown = event;
  const now = options.now ? toEpoch(options.now(), 'now') : undefined;
  const withTime =
    now !== undefined && raw && typeof raw === 'object' && !Array.isArray(raw) && !('at' in raw) ? { ...raw, at: toIso(now) } : raw;
  let withBy: unknown = withTime;
  if (options.by !== undefined && !notAnEvent(withTime)) {
    const bound = bindPrincipal(withTime as EventObject, options.by);
    if (bound.violation) return refusal((withTime as EventObject).type, 'rule', { violations: [bound.violation] });
    withBy = bound.event;
  }
  const valid = validateEvent(snapshot, withBy, now === undefined ? {} : { now });
  if ('accepted' in valid && valid.accepted === false) return valid as Refusal;
  const outcome = explain(snapshot, valid as EventObject);
  if (!outcome.accepted) return outcome;
  // An event the rules accept must not put the actor in error: try it on a copy first.
  const failure = transitionFailure(snapshot, valid as EventObject);
  if (failure) return failure;
  actor.send(valid as EventObject);
  return outcome;
}

/**
 * Like {@link send}, but throws a {@link RefusedError} when the event is refused.
 *
 * @example
 * sendOrThrow(actor, { type: 'COMPLAINT.REGISTER', at }, { by: agent }); // throws RefusedError if refused
 */
export function sendOrThrow<A extends AnyActorRef>(actor: A, event: EventFrom<A>, options: SendOptions = {}): Acceptance {
  const outcome = send(actor, event, options);
  if (!outcome.accepted) throw new RefusedError(outcome);
  return outcome;
}
