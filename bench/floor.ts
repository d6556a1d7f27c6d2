/**
 * The in-process floor of a stateless step: what any runtime on XState's pure API must do per
 * event — JSON.parse the stored envelope, `machine.resolveState`, `transition()`,
 * `getPersistedSnapshot`, JSON.stringify the envelope — and nothing else (no schema check, no
 * rules, no timers, no copies). `step()` is measured against it in bench/index.ts.
 */
import { transition } from 'xstate';
import { complaintMachine } from 'kefu';
import { initialStep } from 'kefu/runtime';
import { complaintInput, complaintPath } from './complaint-path.js';

const now = Date.parse('2026-12-05T00:00:00Z');

/** Run `cases` complaint cases through the bare floor; throws unless each ends closed. */
export function bareFloor(cases: number, offset = 0): void {
  for (let i = 0; i < cases; i++) {
    let text = JSON.stringify(initialStep(complaintMachine, complaintInput(offset + i), { now, caseId: `F-${offset + i}` }).envelope);
    for (const event of complaintPath) {
      const envelope = JSON.parse(text) as { snapshot: { value: unknown; context: unknown } };
      const snapshot = complaintMachine.resolveState(envelope.snapshot as never);
      const [next] = transition(complaintMachine, snapshot, event);
      text = JSON.stringify({ ...envelope, snapshot: complaintMachine.getPersistedSnapshot(next) });
    }
    const value = (JSON.parse(text) as { snapshot: { value: unknown } }).snapshot.value;
    if (value !== 'closed') throw new Error(`bare floor: the case ended in ${JSON.stringify(value)}, not closed`);
  }
}
