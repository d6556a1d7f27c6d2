/**
 * A small task machine with a declared worklist projection (nested states, assignee, role queue,
 * due time, member, priority) and a deterministic set of cases, for the worklist tests on both
 * stores and for the bench.
 */
import { assign, setup } from 'xstate';
import * as z from 'zod/mini';
import { IsoDateTimeSchema, registerMachineSchemas } from 'kefu';
import { defineMachine, type CaseRuntime } from 'kefu/runtime';

export const TaskEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('START'), owner: z.string(), at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('SUBMIT'), at: IsoDateTimeSchema }),
  z.strictObject({ type: z.literal('APPROVE'), at: IsoDateTimeSchema }),
]);
export type TaskEvent = z.output<typeof TaskEventSchema>;
export const TaskInputSchema = z.strictObject({ dueAt: z.nullable(IsoDateTimeSchema), member: z.boolean(), urgent: z.int(), at: IsoDateTimeSchema });
export type TaskInput = z.output<typeof TaskInputSchema>;
export interface TaskContext {
  owner: string | null;
  dueAt: string | null;
  member: boolean;
  urgent: number;
  now: string;
}

/** queued → working.drafting → working.approval → done. */
export const taskMachine = setup({
  types: { context: {} as TaskContext, events: {} as TaskEvent, input: {} as TaskInput },
  actions: {
    take: assign(({ event }) => ({ owner: (event as Extract<TaskEvent, { type: 'START' }>).owner, now: event.at })),
    touch: assign(({ event }) => ({ now: event.at })),
  },
}).createMachine({
  id: 'test-task',
  context: ({ input }) => ({ owner: null, dueAt: input.dueAt, member: input.member, urgent: input.urgent, now: input.at }),
  initial: 'queued',
  states: {
    queued: { on: { START: { target: 'working', actions: 'take' } } },
    working: {
      initial: 'drafting',
      states: {
        drafting: { on: { SUBMIT: { target: 'approval', actions: 'touch' } } },
        approval: { on: { APPROVE: { target: '#test-task.done', actions: 'touch' } } },
      },
    },
    done: { type: 'final' },
  },
});
registerMachineSchemas({ id: taskMachine.id, events: TaskEventSchema, input: TaskInputSchema });

/**
 * The task machine with its worklist projection, typed by its snapshot. It does not look at final
 * states: the runtime stores a done case with no role and no due time (the tests' model expects that).
 */
export const task = defineMachine(taskMachine, {
  worklist: (s) => ({
    assignee: s.context.owner,
    role: s.matches({ working: 'approval' }) ? 'supervisor' : 'agent',
    nextDueAt: s.context.dueAt,
    priority: s.context.urgent,
    member: s.context.member,
  }),
});

export const BASE = Date.parse('2026-12-01T00:00:00.000Z');
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();
/** The clock of the seeded data: 50 hours after BASE. */
export const NOW = BASE + 50 * HOUR;

/** One seeded case as the test's model knows it. */
export interface SeedCase {
  readonly caseId: string;
  readonly openedAt: number;
  readonly dueAt: number | null;
  readonly member: boolean;
  readonly urgent: number;
  /** How far it goes: 0 queued, 1 working.drafting, 2 working.approval, 3 done. */
  readonly progress: 0 | 1 | 2 | 3;
  readonly owner: string | null;
}

/**
 * `n` cases with due times spread around NOW (some equal, to test the tie-break; every seventh has
 * none), owners u-0…u-2, every third a member; ids chosen so code-point order differs from a
 * locale's (upper/lower case, a digit run, a CJK id).
 */
export function seedCases(n: number): SeedCase[] {
  const out: SeedCase[] = [];
  for (let i = 0; i < n; i++) {
    const progress = (i % 4) as SeedCase['progress'];
    const prefix = ['T', 't', 'Z', '工单'][i % 4]!;
    out.push({
      caseId: `${prefix}-${String((i * 37) % n).padStart(3, '0')}`,
      openedAt: BASE + (i % 40) * HOUR,
      dueAt: i % 7 === 0 ? null : BASE + (((i * 13) % 30) + 35) * HOUR,
      member: i % 3 === 0,
      urgent: i % 5,
      progress,
      owner: progress === 0 ? null : `u-${i % 3}`,
    });
  }
  return out;
}

/** Open and advance the seeded cases through the runtime (every write projects the case). */
export async function openSeed(runtime: CaseRuntime<never> | CaseRuntime<unknown> | CaseRuntime<undefined>, cases: readonly SeedCase[]): Promise<void> {
  const rt = runtime as CaseRuntime<unknown>;
  for (const c of cases) {
    const at = iso(c.openedAt);
    await rt.open(c.caseId, 'test-task', { dueAt: c.dueAt === null ? null : iso(c.dueAt), member: c.member, urgent: c.urgent, at }, { now: c.openedAt });
    const later = iso(c.openedAt + 60_000);
    if (c.progress >= 1) await rt.send(c.caseId, { type: 'START', owner: c.owner!, at: later }, { now: later });
    if (c.progress >= 2) await rt.send(c.caseId, { type: 'SUBMIT', at: later }, { now: later });
    if (c.progress >= 3) await rt.send(c.caseId, { type: 'APPROVE', at: later }, { now: later });
  }
}
