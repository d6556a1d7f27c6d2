/**
 * The event sequence every benchmark path runs: one complaint case from registration to review —
 * the same happy path the complaint tests walk (test/support/complaint.ts), so the benchmark
 * measures exactly what the tests check.
 */
import type { ComplaintEvent, ComplaintInput } from 'kefu';
import { form, happyPath } from '../test/support/complaint.js';

/** Input of case number `i`. */
export function complaintInput(i: number): ComplaintInput {
  return { form: { ...form, caseId: `B-${i}` } };
}

/** The 15 events of the happy path (受理 → 判断 → 调查 → 方案 → 实施 → 回访 → 总结评价). */
export const complaintPath: readonly ComplaintEvent[] = happyPath;
