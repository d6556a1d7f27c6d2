import { createActor, SimulatedClock, type AnyActorRef } from 'xstate';
import { defaultPolicy, sendOrThrow, type DoNotCallEntry } from 'kefu';
import { addCalendarHours, nextAllowedMoment, toEpoch } from 'kefu/time';
import type { ReturnVisitEvent, Satisfaction, VisitOutcome } from 'kefu/machines/return-visit';
import { cycleVisitId, returnVisitCycleMachine, type ArchiveRow } from 'kefu/machines/return-visit-cycle';
import { people } from './principals.js';

const quiet = defaultPolicy.returnVisit.quietHours;
const OFFSETS: Record<string, string> = { 'Asia/Shanghai': '+08:00', 'Asia/Tokyo': '+09:00', 'Asia/Urumqi': '+06:00' };

export const pad = (n: number) => String(n).padStart(4, '0');
export const idOf = (i: number) => `K${pad(i)}`;
/** Names and phones carry markers the privacy checks look for. */
export const nameOf = (i: number) => `测试客户${pad(i)}`;
export const phoneOf = (i: number) => `+86 139 0000 ${pad(i)}`;
/** Most customers in Shanghai; some in Tokyo (+1 h) and Urumqi (−2 h), whose rest hours differ. */
export const zoneOf = (i: number) => (i % 10 === 3 ? 'Asia/Tokyo' : i % 10 === 7 ? 'Asia/Urumqi' : 'Asia/Shanghai');
const ITEMS = ['常规保养', '更换轮胎', '空调清洗', '钣金喷漆'];
const ASPECTS = ['等待时间', '服务态度', '价格'];

/** The cycle's service range: services completed on Tuesday 2026-12-01 (Shanghai). */
export const RANGE = { from: '2026-12-01T00:00:00+08:00', to: '2026-12-02T00:00:00+08:00' };

/** An archive row for customer `i` (every fifth a member). */
export const row = (i: number, completedAt: string, id = idOf(i)): ArchiveRow => ({
  customer: { id, name: nameOf(i), salutation: i % 2 ? 'ms' : 'mr', phone: phoneOf(i), member: i % 5 === 0, timeZone: zoneOf(i) },
  service: { item: ITEMS[i % ITEMS.length]!, completedAt },
});

const minutesAfter = (iso: string, minutes: number) => new Date(toEpoch(iso) + minutes * 60_000).toISOString();

/**
 * An archive with `n` customers serviced on 2026-12-01 09:00–17:00 (every fifth a member), plus
 * rows the selection must leave out or merge: older services, a second same-day service for some,
 * 50 customers serviced the week before, and 10 customers on the do-not-call list.
 */
export function makeArchive(n: number): { rows: ArchiveRow[]; doNotCall: DoNotCallEntry[]; merged: number; blocked: string[] } {
  const rows: ArchiveRow[] = [];
  let merged = 0;
  for (let i = 0; i < n; i++) {
    rows.push(row(i, minutesAfter('2026-12-01T09:00:00+08:00', i % 480)));
    if (i % 7 === 0) rows.push(row(i, '2026-06-01T10:00:00+08:00')); // history, out of range
    if (i % 50 === 1) {
      rows.push(row(i, '2026-12-01T08:00:00+08:00')); // an earlier service the same day: merged
      merged++;
    }
  }
  for (let k = 0; k < 50; k++) rows.push(row(8000 + k, '2026-11-20T10:00:00+08:00', `K8${pad(k)}`));
  const blocked: string[] = [];
  const doNotCall: DoNotCallEntry[] = [];
  for (let k = 0; k < 10; k++) {
    const id = `K9${pad(k)}`;
    rows.push(row(9000 + k, '2026-12-01T11:00:00+08:00', id));
    blocked.push(id);
    doNotCall.push({ customerId: id, since: '2026-10-01T02:00:00.000Z', until: '2027-03-30T02:00:00.000Z' });
  }
  return { rows, doNotCall, merged, blocked };
}

/** How a customer's visit goes. */
export type Kind =
  | 'satisfied'
  | 'satisfiedNoSuggestion'
  | 'average'
  | 'dissatisfied'
  | 'noAnswerOnce'
  | 'unreachable'
  | 'callback'
  | 'wrongPerson'
  | 'optOut'
  | 'late'
  | 'tooLong';

// Members are i % 5 === 0, i.e. positions 0, 5, 10, 15: all of them end recorded.
const KINDS: Kind[] = [
  'satisfied', 'satisfiedNoSuggestion', 'average', 'dissatisfied', 'noAnswerOnce',
  'unreachable', 'callback', 'satisfied', 'wrongPerson', 'optOut',
  'late', 'tooLong', 'satisfiedNoSuggestion', 'unreachable', 'dissatisfied',
  'average', 'satisfied', 'late', 'noAnswerOnce', 'satisfied',
];

/** What the visit of customer `i` is expected to end with. */
export interface Expected {
  readonly customerId: string;
  readonly member: boolean;
  readonly kind: Kind;
  readonly outcome: VisitOutcome;
  readonly satisfaction?: Satisfaction;
  readonly aspects?: string[];
  readonly suggestion?: string | null;
  readonly overdue: boolean;
  readonly tooLong: boolean;
}

export function expectedOf(i: number): Expected {
  const kind = KINDS[i % KINDS.length]!;
  const member = i % 5 === 0;
  const base = { customerId: idOf(i), member, kind, overdue: kind === 'late', tooLong: kind === 'tooLong' };
  const aspect = ASPECTS[Math.floor(i / 20) % ASPECTS.length]!;
  switch (kind) {
    case 'average':
      return { ...base, outcome: 'recorded', satisfaction: 'average', aspects: [aspect] };
    case 'dissatisfied':
      return { ...base, outcome: 'recorded', satisfaction: 'dissatisfied', aspects: ['维修质量', aspect] };
    case 'satisfiedNoSuggestion':
      return { ...base, outcome: 'recorded', satisfaction: 'satisfied', suggestion: null };
    case 'unreachable':
      return member ? { ...base, outcome: 'recorded', satisfaction: 'satisfied', suggestion: null } : { ...base, outcome: 'unreached' };
    case 'wrongPerson':
      return { ...base, outcome: 'wrong-person' };
    case 'optOut':
      return { ...base, outcome: 'opted-out' };
    default:
      return { ...base, outcome: 'recorded', satisfaction: 'satisfied', suggestion: `希望增加预约时段(${idOf(i)})` };
  }
}

type Step = { ms: number; seq: number; customerId: string; event: ReturnVisitEvent };
type Body = ReturnVisitEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

/** The events of every visit, each at its time, in the order they happen. */
export function planEvents(count: number, agentOf: (customerId: string) => string, order: readonly string[]): Step[] {
  const steps: Step[] = [];
  let seq = 0;
  const at = (ms: number) => new Date(ms).toISOString();
  const push = (customerId: string, ms: number, body: Body) => steps.push({ ms, seq: seq++, customerId, event: { ...body, at: at(ms) } as ReturnVisitEvent });
  const s = (sec: number) => sec * 1000;

  // The agent's j-th customer is first called at 09:00 + 5 j minutes on Wednesday (Shanghai),
  // moved out of the customer's own rest hours.
  const taken = new Map<string, number>();
  const slot = new Map<string, number>();
  for (const customerId of order) {
    const agent = agentOf(customerId);
    const j = taken.get(agent) ?? 0;
    taken.set(agent, j + 1);
    slot.set(customerId, j);
  }

  for (let i = 0; i < count; i++) {
    const id = idOf(i);
    const tz = zoneOf(i);
    const exp = expectedOf(i);
    const allowed = (ms: number) => toEpoch(nextAllowedMoment(quiet, ms, tz));
    const talk = (t: number) => {
      push(id, t, { type: 'VISIT.START', by: people.agent });
      push(id, t + s(10), { type: 'CALL.ANSWER', by: people.agent });
      push(id, t + s(20), { type: 'IDENTITY.CONFIRM', by: people.agent });
      push(id, t + s(30), { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: exp.satisfaction! });
      if (exp.satisfaction === 'satisfied') {
        const long = exp.kind === 'tooLong';
        push(id, t + s(long ? 300 : 60), exp.suggestion ? { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: exp.suggestion } : { type: 'SUGGESTION.RECORD', by: people.agent });
        push(id, t + s(long ? 400 : 90), { type: 'CALL.END', by: people.agent });
        push(id, t + s(long ? 430 : 120), { type: 'RECORD.SUBMIT', by: people.agent });
      } else {
        push(id, t + s(60), { type: 'ASPECT.RECORD', by: people.agent, aspects: exp.aspects! });
        push(id, t + s(90), { type: 'CALL.END', by: people.agent });
        push(id, t + s(120), { type: 'RECORD.SUBMIT', by: people.agent });
      }
    };
    const noAnswer = (t: number): number => {
      push(id, t, { type: 'VISIT.START', by: people.agent });
      push(id, t + s(30), { type: 'CALL.NO_ANSWER', by: people.agent });
      return allowed(toEpoch(addCalendarHours(t + s(30), defaultPolicy.returnVisit.retrySpacingHours)));
    };
    const first = allowed(toEpoch('2026-12-02T09:00:00+08:00') + slot.get(id)! * 5 * 60_000);

    switch (exp.kind) {
      case 'noAnswerOnce':
        talk(noAnswer(first));
        break;
      case 'unreachable': {
        const third = noAnswer(noAnswer(first));
        push(id, third, { type: 'VISIT.START', by: people.agent });
        push(id, third + s(30), { type: 'CALL.NO_ANSWER', by: people.agent });
        if (exp.member) {
          const sms = allowed(third + s(60));
          push(id, sms, { type: 'VISIT.START', by: people.agent });
          push(id, sms + 3_600_000, { type: 'SMS.REPLY', by: people.customer, satisfaction: 'satisfied' });
          push(id, sms + 3_600_000 + s(60), { type: 'RECORD.SUBMIT', by: people.agent });
        }
        break;
      }
      case 'callback': {
        push(id, first, { type: 'VISIT.START', by: people.agent });
        push(id, first + s(10), { type: 'CALL.ANSWER', by: people.agent });
        const callbackAt = toEpoch(`2026-12-03T10:00:00${OFFSETS[tz]}`);
        push(id, first + s(20), { type: 'CALLBACK.BOOK', by: people.agent, callbackAt: at(callbackAt) });
        talk(callbackAt);
        break;
      }
      case 'wrongPerson':
        push(id, first, { type: 'VISIT.START', by: people.agent });
        push(id, first + s(10), { type: 'CALL.ANSWER', by: people.agent });
        push(id, first + s(20), { type: 'IDENTITY.WRONG_PERSON', by: people.agent });
        break;
      case 'optOut':
        push(id, first, { type: 'VISIT.START', by: people.agent });
        push(id, first + s(10), { type: 'CALL.ANSWER', by: people.agent });
        push(id, first + s(20), { type: 'IDENTITY.CONFIRM', by: people.agent });
        push(id, first + s(30), { type: 'CUSTOMER.OPT_OUT', by: people.agent });
        break;
      case 'late':
        // Friday 18:00 Shanghai: after every due time (services ended by 17:00 on Tuesday).
        talk(allowed(toEpoch('2026-12-04T18:00:00+08:00')));
        break;
      default:
        talk(first);
    }
  }
  return steps.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
}

/** Start a cycle on a simulated clock set to `at`. */
export function startCycle(input: { cycleId: string; at: string; doNotCall?: DoNotCallEntry[] }, machine = returnVisitCycleMachine) {
  const clock = new SimulatedClock();
  clock.set(toEpoch(input.at));
  const actor = createActor(machine, { input, clock }).start();
  return { actor, clock };
}

/** Run planned steps in time order, moving the clock to each step first. */
export function runSteps(steps: readonly Step[], children: Readonly<Record<string, AnyActorRef | undefined>>, cycleId: string, clock: SimulatedClock): void {
  for (const step of steps) {
    if (step.ms > clock.now()) clock.set(step.ms);
    const child = children[cycleVisitId(cycleId, step.customerId)];
    if (!child) throw new Error(`no visit for ${step.customerId}`);
    sendOrThrow(child, step.event);
  }
}

/** The visit actor of a customer in a cycle (the latest round unless given). */
export function childOf(actor: { getSnapshot(): { children: Record<string, unknown> } }, cycleId: string, customerId: string, round = 1): AnyActorRef {
  const child = actor.getSnapshot().children[cycleVisitId(cycleId, customerId, round)];
  if (!child) throw new Error(`no visit for ${customerId} (round ${round})`);
  return child as AnyActorRef;
}

/** Send events without `at` to a visit, `spacingSeconds` apart from `start`, moving the clock along. */
export function drive(ref: AnyActorRef, start: string, bodies: readonly Body[], clock?: SimulatedClock, spacingSeconds = 20): void {
  let ms = toEpoch(start);
  for (const body of bodies) {
    if (clock && ms > clock.now()) clock.set(ms);
    sendOrThrow(ref, { ...body, at: new Date(ms).toISOString() } as ReturnVisitEvent);
    ms += spacingSeconds * 1000;
  }
}

/** A satisfied call, dial to record. */
export const satisfiedVisit: readonly Body[] = [
  { type: 'VISIT.START', by: people.agent },
  { type: 'CALL.ANSWER', by: people.agent },
  { type: 'IDENTITY.CONFIRM', by: people.agent },
  { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied' },
  { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: '希望延长营业时间' },
  { type: 'CALL.END', by: people.agent },
  { type: 'RECORD.SUBMIT', by: people.agent },
];
