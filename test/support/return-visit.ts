import { createActor, SimulatedClock, type Actor } from 'xstate';
import { sendOrThrow } from 'kefu';
import { toEpoch } from 'kefu/time';
import { returnVisitMachine, type ReturnVisitEvent, type ReturnVisitInput } from 'kefu/machines/return-visit';
import { people } from './principals.js';

/** A local time in Shanghai (+08:00) on a day of December 2026. */
export const T = (hhmm: string, day = '2026-12-01', offset = '+08:00') => `${day}T${hhmm}:00${offset}`;

/** The customer of most tests: a member in Shanghai. */
export const customer = {
  id: 'K-1001',
  name: '王',
  salutation: 'mr' as const,
  phone: '+86 138 0013 8000',
  member: true,
  timeZone: 'Asia/Shanghai',
};

/** A regular service completed Tuesday 2026-12-01 10:00 Shanghai: due Friday 12-04 10:00. */
export const service = { item: '常规保养', itemEn: 'regular maintenance', completedAt: T('10:00') };

export const baseInput: ReturnVisitInput = {
  visitId: 'V-1',
  customer,
  service,
  agentId: 'A-07',
  method: 'phone',
  occasion: 'after-service',
  at: T('10:00'),
};

export type VisitActor = Actor<typeof returnVisitMachine>;

/**
 * Start a visit on a simulated clock set to the visit's creation time (a fresh one unless given):
 * no real timers run in tests, and a clock that is never advanced models a timer not yet fired.
 */
export function startVisit(input: Partial<ReturnVisitInput> = {}, options: { clock?: SimulatedClock; machine?: typeof returnVisitMachine } = {}): VisitActor {
  const full = { ...baseInput, ...input };
  const clock = options.clock ?? new SimulatedClock();
  clock.set(toEpoch(full.at ?? full.service.completedAt));
  return createActor(options.machine ?? returnVisitMachine, { input: full, clock }).start();
}

/** Events without `at`: `at` is added in turn, a few seconds apart, from `start`. */
type Step = ReturnVisitEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

/** Send steps starting at `start`, each `spacingSeconds` after the previous one. Returns the last `at`. */
export function play(actor: VisitActor, start: string, steps: readonly Step[], spacingSeconds = 20, clock?: SimulatedClock): string {
  let ms = toEpoch(start);
  for (const step of steps) {
    if (clock && clock.now() < ms) clock.set(ms);
    sendOrThrow(actor, { ...step, at: new Date(ms).toISOString() } as ReturnVisitEvent);
    ms += spacingSeconds * 1000;
  }
  return new Date(ms - spacingSeconds * 1000).toISOString();
}

/** A satisfied call from dial to closing (without the record submission). */
export const satisfiedCall: readonly Step[] = [
  { type: 'VISIT.START', by: people.agent },
  { type: 'CALL.ANSWER', by: people.agent },
  { type: 'IDENTITY.CONFIRM', by: people.agent },
  { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'satisfied' },
  { type: 'SUGGESTION.RECORD', by: people.agent, suggestion: '希望周末也能预约' },
  { type: 'CALL.END', by: people.agent },
];

/** A dissatisfied call from dial to closing. */
export const dissatisfiedCall: readonly Step[] = [
  { type: 'VISIT.START', by: people.agent },
  { type: 'CALL.ANSWER', by: people.agent },
  { type: 'IDENTITY.CONFIRM', by: people.agent },
  { type: 'SATISFACTION.ANSWER', by: people.agent, satisfaction: 'dissatisfied' },
  { type: 'ASPECT.RECORD', by: people.agent, aspects: ['等待时间'], detail: '等了两个小时' },
  { type: 'CALL.END', by: people.agent },
];
