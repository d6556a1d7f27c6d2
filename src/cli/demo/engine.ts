import { loadCatalog } from '../../catalog/index.js';
import { defaultPolicy, type Policy } from '../../policy/index.js';
import { workingPeriodsOn } from '../../time/index.js';
import { localToEpoch } from '../../time/internal.js';
import { makeCustomer } from './people.js';
import { createRandom } from './random.js';
import { scenarios as defaultScenarios } from './scenarios.js';
import type { DemoRecords, Scenario, ScenarioContext } from './types.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Cases arriving during the day. */
  readonly cases: number;
  /** Seed of the simulation: the same seed gives the same day. */
  readonly seed: string;
  /** The day, `YYYY-MM-DD`, a working day of the policy's calendar. @default '2026-12-01' (a Tuesday) */
  readonly date?: string;
  /** @default defaultPolicy */
  readonly policy?: Policy;
  /** The processes simulated. @default every scenario of `scenarios.ts` whose machine is in the catalogue */
  readonly scenarios?: readonly Scenario[];
  /** Called after each simulated step (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a simulated day produced. */
export interface DemoResult {
  readonly seed: string;
  readonly date: string;
  readonly cases: number;
  readonly policy: Policy;
  readonly records: DemoRecords;
  /** The processes simulated, with their number of cases. */
  readonly processes: ReadonlyArray<{ readonly id: string; readonly title: { readonly zh: string; readonly en: string }; readonly cases: number }>;
  /** Scenarios left out because their machine is not in the catalogue yet. */
  readonly skipped: readonly string[];
  /** Simulated steps run. */
  readonly steps: number;
}

interface Timed {
  readonly at: number;
  readonly seq: number;
}

/** Items by time, then by insertion order: a binary min-heap (long runs have many). */
class Heap<T extends Timed> {
  private readonly items: T[] = [];

  private static before(a: Timed, b: Timed): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!Heap.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Heap.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && Heap.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The simulated clock every actor of the day runs on (XState's `Clock`: `setTimeout`,
 * `clearTimeout`). Like XState's `SimulatedClock`, time moves only when `set` is called and
 * due timers fire in order; unlike it, pending timers sit in a heap (it re-sorts them all on
 * every move, which a day with thousands of open cases cannot afford), and a timer fires with
 * the clock at its own due time.
 */
export class DemoClock {
  private current: number;
  private nextId = 0;
  private readonly timers = new Heap<Timed & { readonly id: number; readonly fn: () => void }>();
  private readonly cancelled = new Set<number>();

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, timeout), seq: id, id, fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.cancelled.add(id);
  }

  /** Move to `time`, firing every timer due by then, earliest first. */
  set(time: number): void {
    if (time < this.current) throw new Error('the simulated clock cannot go back in time');
    for (let top = this.timers.peek(); top && top.at <= time; top = this.timers.peek()) {
      this.timers.pop();
      if (this.cancelled.delete(top.id)) continue;
      this.current = Math.max(this.current, top.at);
      top.fn();
    }
    this.current = time;
  }
}

interface Step extends Timed {
  readonly run: () => void;
}

/**
 * Simulate a day at the service desk: `cases` arrivals spread over the day's working time,
 * each handed to a process scenario, every actor on one `SimulatedClock` so deadline
 * escalations fire at their due times. Deterministic for a seed: no `Math.random`, no wall
 * clock.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const policy = options.policy ?? defaultPolicy;
  const date = options.date ?? '2026-12-01';
  const random = createRandom(options.seed);
  const catalog = await loadCatalog();
  const machineFor = (name: string) => catalog.find((m) => m.name === name)?.machine;
  const candidates = options.scenarios ?? defaultScenarios;
  const active = candidates.filter((s) => machineFor(s.machine));
  const skipped = candidates.filter((s) => !machineFor(s.machine)).map((s) => s.id);
  if (active.length === 0) throw new Error('no scenario can run: none of their machines is in the catalogue');

  const { timeZone } = policy.calendar;
  const intervals = workingPeriodsOn(policy.calendar, date).map(([from, to]) => [localToEpoch(date, from, timeZone), localToEpoch(date, to, timeZone)] as const);
  const workingMs = intervals.reduce((sum, [from, to]) => sum + (to - from), 0);
  if (workingMs === 0) throw new Error(`${date} is not a working day of the calendar`);

  // Arrivals: uniform over the day's working time, to the minute, in order.
  const arrivals = Array.from({ length: options.cases }, () => {
    let offset = Math.floor(random.next() * (workingMs / 60_000)) * 60_000;
    for (const [from, to] of intervals) {
      if (offset < to - from) return from + offset;
      offset -= to - from;
    }
    return intervals[0]![0];
  }).sort((a, b) => a - b);

  const clock = new DemoClock(localToEpoch(date, '00:00', timeZone));
  const agenda = new Heap<Step>();
  let seq = 0;
  let total = 0;
  const schedule = (at: number, run: () => void) => {
    // A step is never in the past: the clock only moves forward.
    agenda.push({ at: Math.max(at, clock.now()), seq: seq++, run });
    total++;
  };

  const records: DemoRecords = { cases: [], sla: [], visits: [], complaints: [], refusals: [], transfers: [] };
  const counts = new Map<string, number>();
  arrivals.forEach((arrival, i) => {
    const scenario = random.weighted(active.map((s) => [s, s.weight] as const));
    counts.set(scenario.id, (counts.get(scenario.id) ?? 0) + 1);
    const ctx: ScenarioContext = { policy, date, clock, machine: machineFor(scenario.machine)!, machineOf: machineFor, records, schedule };
    scenario.plan(ctx, {
      caseNo: i + 1,
      arrival,
      random: random.fork(`case-${i + 1}`),
      customer: makeCustomer(random.fork(`customer-${i + 1}`)),
    });
  });

  let done = 0;
  for (let step = agenda.pop(); step; step = agenda.pop()) {
    // Setting the clock fires every XState delay due by then (deadline escalations), in order.
    clock.set(step.at);
    step.run();
    done++;
    options.onProgress?.(done, total);
  }

  return {
    seed: options.seed,
    date,
    cases: options.cases,
    policy,
    records,
    processes: active.map((s) => ({ id: s.id, title: s.title, cases: counts.get(s.id) ?? 0 })),
    skipped,
    steps: done,
  };
}
