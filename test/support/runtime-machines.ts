/**
 * Small machines for the runtime tests: a counter (concurrency), a ticket with a deadline
 * (timers, crash), and two versions of a deploy machine (migrations).
 */
import { assign, emit, raise, setup } from 'xstate';
import * as z from 'zod/mini';
import { IsoDateTimeSchema, registerMachineSchemas } from 'kefu';
import { defineMachine } from 'kefu/runtime';

const toMs = (iso: string) => Date.parse(iso);

// ── counter ──────────────────────────────────────────────────────────────────
export const CounterEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('INC'), amount: z.optional(z.int().check(z.positive())), at: IsoDateTimeSchema }),
]);
export type CounterEvent = z.output<typeof CounterEventSchema>;

/** Counts the INC events applied to it. */
export const counterMachine = setup({
  types: { context: {} as { count: number; now: string }, events: {} as CounterEvent, input: {} as { at: string } },
  actions: {
    increment: assign(({ context, event }) => ({ count: context.count + (event.amount ?? 1), now: event.at })),
  },
}).createMachine({
  id: 'test-counter',
  context: ({ input }) => ({ count: 0, now: input.at }),
  initial: 'counting',
  states: { counting: { on: { INC: { actions: 'increment' } } } },
});
registerMachineSchemas({ id: counterMachine.id, events: CounterEventSchema, input: z.strictObject({ at: IsoDateTimeSchema }) });

// ── ticket with a deadline ───────────────────────────────────────────────────
export const TicketEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CLOSE'), at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('EXTEND'), dueAt: IsoDateTimeSchema, at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('PING.LATER'), ms: z.int().check(z.nonnegative()), at: IsoDateTimeSchema }),
]);
export type TicketEvent = z.output<typeof TicketEventSchema>;
export interface TicketContext {
  ticketId: string;
  now: string;
  dueAt: string;
  escalations: { dueAt: string; at: string }[];
  pings: number;
}

/** A ticket that escalates once when its due time passes (targetless `after`, like the complaint steps). */
export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent | { type: 'PING' },
    input: {} as { ticketId: string; at: string; dueAt: string },
    emitted: {} as { type: 'ticket.escalated'; ticketId: string; dueAt: string },
  },
  delays: {
    deadline: ({ context }) => Math.max(0, toMs(context.dueAt) - toMs(context.now)),
  },
  actions: {
    notifySupervisor: (_: unknown, _params: { ticketId: string; dueAt: string }) => {},
    recordEscalation: assign(({ context, event }) => {
      const at = 'at' in event && typeof event.at === 'string' ? event.at : context.dueAt;
      return { escalations: [...context.escalations, { dueAt: context.dueAt, at }], now: at };
    }),
    announceEscalation: emit(({ context }) => ({ type: 'ticket.escalated' as const, ticketId: context.ticketId, dueAt: context.dueAt })),
    extend: assign(({ event }) => {
      const e = event as Extract<TicketEvent, { type: 'EXTEND' }>;
      return { dueAt: e.dueAt, now: e.at };
    }),
    schedulePing: raise({ type: 'PING' }, { id: 'ping', delay: ({ event }) => (event as Extract<TicketEvent, { type: 'PING.LATER' }>).ms }),
    countPing: assign(({ context }) => ({ pings: context.pings + 1 })),
  },
}).createMachine({
  id: 'test-ticket',
  context: ({ input }) => ({ ticketId: input.ticketId, now: input.at, dueAt: input.dueAt, escalations: [], pings: 0 }),
  initial: 'open',
  states: {
    open: {
      after: {
        deadline: {
          actions: [
            'recordEscalation',
            'announceEscalation',
            { type: 'notifySupervisor', params: ({ context }) => ({ ticketId: context.ticketId, dueAt: context.dueAt }) },
          ],
        },
      },
      on: {
        CLOSE: { target: 'closed' },
        EXTEND: { target: 'open', reenter: true, actions: 'extend' },
        'PING.LATER': { actions: 'schedulePing' },
        PING: { actions: 'countPing' },
      },
    },
    closed: { type: 'final' },
  },
});
registerMachineSchemas({ id: ticketMachine.id, events: TicketEventSchema });

// ── deploy: version 1 and version 2 of the same machine ─────────────────────
export const DeployEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('START'), at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('FINISH'), at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('PRIORITIZE'), priority: z.enum(['normal', 'high']), at: IsoDateTimeSchema }),
]);
type DeployEvent = z.output<typeof DeployEventSchema>;

/** Version 1: `waiting` (reminds after its due time) → `working` → `done`. */
export const deployMachineV1 = setup({
  types: { context: {} as { now: string; dueAt: string; reminders: number }, events: {} as DeployEvent, input: {} as { at: string; dueAt: string } },
  delays: { reminder: ({ context }) => Math.max(0, toMs(context.dueAt) - toMs(context.now)) },
  actions: { remind: assign(({ context }) => ({ reminders: context.reminders + 1 })) },
}).createMachine({
  id: 'test-deploy',
  context: ({ input }) => ({ now: input.at, dueAt: input.dueAt, reminders: 0 }),
  initial: 'waiting',
  states: {
    waiting: { after: { reminder: { actions: 'remind' } }, on: { START: 'working' } },
    working: { on: { FINISH: 'done' } },
    done: { type: 'final' },
  },
});

/** Version 2: `waiting` renamed `queued`; the context gains `priority`; `PRIORITIZE` is new. */
export const deployMachineV2 = setup({
  types: {
    context: {} as { now: string; dueAt: string; reminders: number; priority: 'normal' | 'high' },
    events: {} as DeployEvent,
    input: {} as { at: string; dueAt: string },
  },
  delays: { reminder: ({ context }) => Math.max(0, toMs(context.dueAt) - toMs(context.now)) },
  actions: {
    remind: assign(({ context }) => ({ reminders: context.reminders + 1 })),
    prioritize: assign(({ event }) => ({ priority: (event as Extract<DeployEvent, { type: 'PRIORITIZE' }>).priority })),
  },
}).createMachine({
  id: 'test-deploy',
  context: ({ input }) => ({ now: input.at, dueAt: input.dueAt, reminders: 0, priority: 'normal' as const }),
  initial: 'queued',
  states: {
    queued: { after: { reminder: { actions: 'remind' } }, on: { START: 'working', PRIORITIZE: { actions: 'prioritize' } } },
    working: { on: { FINISH: 'done', PRIORITIZE: { actions: 'prioritize' } } },
    done: { type: 'final' },
  },
});
registerMachineSchemas({ id: 'test-deploy', events: DeployEventSchema });

/** Version 1 as the runtime knows it. */
export const deployV1 = defineMachine(deployMachineV1, { version: 1 });

/** Version 2 with its migration from version 1: rename the state and its timer, add `priority`. */
export const deployV2 = defineMachine(deployMachineV2, {
  version: 2,
  context: z.object({ now: z.string(), dueAt: z.string(), reminders: z.number(), priority: z.enum(['normal', 'high']) }),
  migrations: {
    1: {
      snapshot: (s) => ({
        ...s,
        value: s.value === 'waiting' ? 'queued' : s.value,
        context: { ...s.context, priority: 'normal' },
      }),
      timers: (t) =>
        t.id === 'xstate.after.reminder.test-deploy.waiting'
          ? { ...t, id: 'xstate.after.reminder.test-deploy.queued', event: { type: 'xstate.after.reminder.test-deploy.queued' } }
          : t,
    },
  },
});

/** An ISO instant `ms` after `base`. */
export const plus = (base: string | number, ms: number): string => new Date((typeof base === 'number' ? base : Date.parse(base)) + ms).toISOString();

/** A clock the test moves by hand. */
export function manualClock(start: string | number) {
  let now = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => now,
    set: (t: string | number) => {
      now = typeof t === 'number' ? t : Date.parse(t);
    },
    advance: (ms: number) => {
      now += ms;
    },
    iso: () => new Date(now).toISOString(),
  };
}
