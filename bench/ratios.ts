/**
 * The in-process targets of issue 11 as ratios measured in one process, interleaved: rounds
 * alternate the two paths of each pair (A, B, B, A, …) and each ratio is the median of the
 * rounds' ratios, so a load that moves during the run moves both sides of a pair alike.
 *
 * - `step()` ÷ the bare floor (bench/floor.ts), per event — target ≤ 1.3×. The floor goes from
 *   JSON text to JSON text, so `step()` is measured the same way (given back `StepResult.text`, it
 *   parses once and stringifies once); the row on envelope objects (restore checks the object is
 *   unchanged by writing its JSON, and hands out a parsed copy) is printed beside it;
 * - the complaint machine ÷ the same-shape raw XState machine (bench/raw-shape.ts), both driven
 *   by `createActor().send` along bench/complaint-path.ts, per event — target ≤ 2×.
 *
 * Run alone: npx tsx bench/ratios.ts   (RATIO_ROUNDS, RATIO_CASES to change the defaults; RATIO_CLOCK=cpu
 * to time rounds in process CPU time instead of wall time, on a busy machine)
 */
import { createActor, type AnyStateMachine } from 'xstate';
import { complaintMachine } from 'kefu';
import { initialStep, step, type CaseEnvelope } from 'kefu/runtime';
import { complaintInput, complaintPath } from './complaint-path.js';
import { bareFloor } from './floor.js';
import { rawShapeMachine } from './raw-shape.js';

const now = Date.parse('2026-12-05T00:00:00Z');

function expectClosed(value: unknown, path: string): void {
  if (value !== 'closed') throw new Error(`${path}: the case ended in ${JSON.stringify(value)}, not closed`);
}

/** `cases` cases of `machine` through `createActor().send` along the complaint path. */
export function actorSend(machine: AnyStateMachine, cases: number, offset = 0): void {
  for (let i = 0; i < cases; i++) {
    const actor = createActor(machine, { input: complaintInput(offset + i) }).start();
    for (const event of complaintPath) actor.send(event);
    expectClosed(actor.getSnapshot().value, `${machine.id} createActor().send`);
    actor.stop();
  }
}

/**
 * `cases` complaint cases through `step()`: text to text (`StepResult.text` given back, as a host
 * storing JSON does), or envelope object to envelope object.
 */
export function pureStep(cases: number, offset = 0, io: 'text' | 'object' = 'text'): void {
  for (let i = 0; i < cases; i++) {
    const caseId = `B-${offset + i}`;
    const first = initialStep(complaintMachine, complaintInput(offset + i), { now, caseId });
    let envelope: CaseEnvelope | string = io === 'text' ? first.text : first.envelope;
    for (const event of complaintPath) {
      const r = step(complaintMachine, envelope, event, { now, caseId });
      if (r.status !== 'applied') throw new Error(`step: ${event.type} ${r.status}`);
      envelope = io === 'text' ? r.text : r.envelope;
    }
    const last = typeof envelope === 'string' ? (JSON.parse(envelope) as CaseEnvelope) : envelope;
    expectClosed(last.snapshot.value, `step() (${io})`);
  }
}

/**
 * The clock rounds are timed with: wall time (`performance.now`), or with `RATIO_CLOCK=cpu` the
 * process's CPU time (`process.cpuUsage`), which leaves out the time other processes hold the CPU:
 * on a machine shared with other work, wall-time rounds measure the scheduler as much as the code.
 */
const clock = process.env.RATIO_CLOCK === 'cpu' ? 'cpu' : 'wall';

function ms(run: () => void): number {
  if (clock === 'cpu') {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  }
  const start = performance.now();
  run();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median over `rounds` of (time of `a`) ÷ (time of `b`), the order alternating round by round. */
function interleaved(rounds: number, a: () => void, b: () => void): { ratio: number; aMs: number; bMs: number } {
  const ratios: number[] = [];
  let aMs = 0;
  let bMs = 0;
  for (let r = 0; r < rounds; r++) {
    let ta: number;
    let tb: number;
    if (r % 2 === 0) {
      ta = ms(a);
      tb = ms(b);
    } else {
      tb = ms(b);
      ta = ms(a);
    }
    ratios.push(ta / tb);
    aMs += ta;
    bMs += tb;
  }
  return { ratio: median(ratios), aMs, bMs };
}

/** One measured pair: µs per event of each side, and the median ratio. */
export interface RatioRow {
  readonly name: string;
  readonly target: number;
  readonly ratio: number;
  readonly usPerEvent: readonly [number, number];
}

/** Measure both ratios: `rounds` rounds of `cases` cases per side (after a warm-up). */
export function inProcessRatios(rounds = 15, cases = 20): RatioRow[] {
  const events = cases * rounds * complaintPath.length;
  // Warm up the JIT on all four paths.
  for (let i = 0; i < 3; i++) {
    pureStep(cases, 100_000);
    pureStep(cases, 100_000, 'object');
    bareFloor(cases, 100_000);
    actorSend(complaintMachine, cases * 5, 100_000);
    actorSend(rawShapeMachine, cases * 5, 100_000);
  }
  const s = interleaved(rounds, () => pureStep(cases), () => bareFloor(cases));
  const o = interleaved(rounds, () => pureStep(cases, 0, 'object'), () => bareFloor(cases));
  // A live actor's event costs a tenth of a stateless step's: five times the cases keep its rounds
  // as long (a short round on a busy machine measures the scheduler more than the code).
  const actorCases = cases * 5;
  const c = interleaved(rounds, () => actorSend(complaintMachine, actorCases), () => actorSend(rawShapeMachine, actorCases));
  return [
    { name: 'step() ÷ bare floor (JSON text in and out, as the floor)', target: 1.3, ratio: s.ratio, usPerEvent: [(s.aMs * 1000) / events, (s.bMs * 1000) / events] },
    { name: 'step() on envelope objects ÷ bare floor', target: 1.3, ratio: o.ratio, usPerEvent: [(o.aMs * 1000) / events, (o.bMs * 1000) / events] },
    { name: 'complaint ÷ same-shape raw XState (createActor().send)', target: 2, ratio: c.ratio, usPerEvent: [(c.aMs * 1000) / (events * 5), (c.bMs * 1000) / (events * 5)] },
  ];
}

/** The rows as Markdown lines. */
export function formatRatios(rows: readonly RatioRow[]): string[] {
  return [
    '| ratio (per event, median of interleaved rounds) | µs/event | µs/event baseline | ratio | target |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.usPerEvent[0].toFixed(1)} | ${r.usPerEvent[1].toFixed(1)} | **${r.ratio.toFixed(2)}×** | ≤ ${r.target}× |`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = inProcessRatios(Number(process.env.RATIO_ROUNDS ?? 15), Number(process.env.RATIO_CASES ?? 20));
  console.log(formatRatios(rows).join('\n'));
}
