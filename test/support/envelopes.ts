/** Small helpers of the tamper-evidence suites. */
import type { CaseEnvelope } from 'kefu/runtime';

/** A JSON copy of an envelope, as a database gives it back, with its context open to edits. */
export const copy = (e: CaseEnvelope) => JSON.parse(JSON.stringify(e)) as CaseEnvelope & { snapshot: { context: Record<string, unknown> } };

/** What `f` throws, or `undefined`. */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}
