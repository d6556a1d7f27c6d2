import { createActor, SimulatedClock } from 'xstate';
import type { Policy } from 'kefu';
import { chatMachine } from 'kefu/machines/chat';

/** The chat opens Tuesday 2026-12-01 10:00:00 in Asia/Shanghai. */
export const startedAt = '2026-12-01T10:00:00+08:00';

/** The instant `ms` after the chat opened, as an ISO string (UTC). */
export const S = (ms: number) => new Date(Date.parse(startedAt) + ms).toISOString();

export const SECOND = 1_000;
export const MINUTE = 60_000;

export const chat = { chatId: 'CH-2026-0001', startedAt, agent: 'agent-07', department: 'service' };

/**
 * Start a chat on a SimulatedClock whose 0 is the chat's start. `to(ms)` moves the clock to
 * `ms` after the start (never back) and returns that instant, so events sent `at: to(ms)` and
 * the machine's timers agree.
 */
export function startChat(options: { policy?: Policy; closingMessage?: string; machine?: typeof chatMachine; chat?: Partial<typeof chat> } = {}) {
  const { machine = chatMachine, chat: overrides, ...rest } = options;
  const clock = new SimulatedClock();
  const actor = createActor(machine, { input: { chat: { ...chat, ...overrides }, ...rest }, clock }).start();
  let elapsed = 0;
  const to = (ms: number) => {
    if (ms < elapsed) throw new Error(`the simulated clock cannot go back from ${elapsed} to ${ms}`);
    clock.increment(ms - elapsed);
    elapsed = ms;
    return S(ms);
  };
  return { actor, clock, to };
}
