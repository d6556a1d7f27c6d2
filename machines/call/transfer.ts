/**
 * Transfer helpers (转接业务, CALL-TRANSFER), shared by every channel that hands a customer to
 * another department: the call machine uses them, and chat or inquiry handling can import them
 * from `kefu/machines/call`. Pure functions of the policy and the transfer history.
 */
import * as z from 'zod/mini';
import { findDepartment, type Department, type Policy } from '../../src/policy/index.js';
import { type Violation } from '../../src/rules/index.js';
import { violation } from '../../src/rules/process.js';
import { toEpoch, toIso } from '../../src/time/index.js';

/**
 * How a transfer is made.
 * - `cold` (blind, 直接转接): the caller is put straight through to the department's line.
 * - `warm` (consult, 咨询转接): the caller is on hold while the agent reaches the department and
 *   briefs it; the caller is joined only once the department has agreed.
 */
export const TransferModeSchema = z.enum(['cold', 'warm']);
/** How a transfer is made: `cold` (blind) or `warm` (consult). */
export type TransferMode = z.output<typeof TransferModeSchema>;

/** How a transfer attempt ended. */
export type TransferOutcome = 'completed' | 'timeout' | 'declined' | 'cancelled' | 'caller-hung-up';

/** Why a transfer failed back to the agent (or to a callback). */
export type TransferFailureReason = 'timeout' | 'declined';

/** One transfer attempt, kept in the history whether it succeeded or not. */
export interface TransferAttempt {
  /** Sequence id within the process, `T1`, `T2`, ... */
  readonly id: string;
  /** Department holding the customer when the transfer started. */
  readonly from: string;
  /** Target department (an id of `policy.departments`). */
  readonly to: string;
  readonly mode: TransferMode;
  /** Why the agent transfers (free text, optional). */
  readonly reason?: string;
  /** What happens when the transfer fails: back to the agent (default), or a callback task. */
  readonly onFailure?: 'return' | 'callback';
  readonly startedAt: string;
  /** When an unanswered transfer fails (calls: start + `policy.call.transferTimeoutSeconds`). */
  readonly dueAt?: string;
  /** When the target answered (warm: the consultation begins). */
  readonly answeredAt?: string;
  /** Who answered for the target department, if the host says. */
  readonly targetAgent?: string;
  readonly endedAt?: string;
  readonly outcome?: TransferOutcome;
  /** The target's reason for declining, if given. */
  readonly declineReason?: string;
}

/**
 * CALL-TRANSFER: a transfer target must be a department of the host's directory, and not the
 * department that already holds the customer.
 *
 * @example
 * checkTransferTarget(defaultPolicy, 'marketing', 'service')?.details //=> { department: 'marketing', known: ['repair', ...] }
 * checkTransferTarget(defaultPolicy, 'repair', 'service') //=> undefined
 */
export function checkTransferTarget(policy: Policy, department: string, current?: string): Violation | undefined {
  if (!findDepartment(policy, department)) {
    return violation('CALL-TRANSFER', {
      reason: { zh: `部门“${department}”不在部门目录中`, en: `unknown department "${department}"` },
      details: { department, known: policy.departments.map((d) => d.id) },
    });
  }
  if (current !== undefined && department === current) {
    return violation('CALL-TRANSFER', {
      reason: { zh: `客户已在“${department}”`, en: `the customer is already with "${department}"` },
      details: { department },
    });
  }
  return undefined;
}

/**
 * When a transfer started at `at` fails for want of an answer: `at` plus the policy's
 * `call.transferTimeoutSeconds` (default 15 s, Asterisk's default).
 *
 * @example
 * transferDueAt(defaultPolicy, '2026-12-01T10:00:00+08:00') //=> '2026-12-01T02:00:15.000Z'
 */
export function transferDueAt(policy: Policy, at: string): string {
  return toIso(toEpoch(at) + Math.round(policy.call.transferTimeoutSeconds * 1000));
}

/**
 * Completed transfers between two departments, in either direction.
 *
 * @example
 * transfersBetween([{ from: 'service', to: 'repair', outcome: 'completed' }, { from: 'repair', to: 'service', outcome: 'completed' }], 'service', 'repair') //=> 2
 */
export function transfersBetween(
  transfers: readonly Pick<TransferAttempt, 'from' | 'to' | 'outcome'>[],
  a: string,
  b: string,
): number {
  return transfers.filter(
    (t) => t.outcome === 'completed' && ((t.from === a && t.to === b) || (t.from === b && t.to === a)),
  ).length;
}

/** A customer transferred back and forth between two departments more often than the policy allows. */
export interface PingPong {
  /** The two departments, sorted. */
  readonly departments: readonly [string, string];
  /** Completed transfers between them. */
  readonly count: number;
}

/**
 * Whether the completed transfers between `a` and `b` exceed `policy.call.pingPongLimit`
 * (default 2: there and back is tolerated, the third transfer between the same pair is flagged).
 *
 * @example
 * detectPingPong(defaultPolicy, history, 'service', 'repair') //=> { departments: ['repair', 'service'], count: 3 }
 */
export function detectPingPong(
  policy: Policy,
  transfers: readonly Pick<TransferAttempt, 'from' | 'to' | 'outcome'>[],
  a: string,
  b: string,
): PingPong | undefined {
  const count = transfersBetween(transfers, a, b);
  if (count <= policy.call.pingPongLimit) return undefined;
  const departments = [a, b].sort() as [string, string];
  return { departments, count };
}

/**
 * The department that answers a line when the host names none: the first department of the
 * directory that handles service matters (客服部), else the first department.
 *
 * @example
 * defaultDepartment(defaultPolicy).id //=> 'service'
 */
export function defaultDepartment(policy: Policy): Department {
  return policy.departments.find((d) => d.handles === 'service') ?? policy.departments[0]!;
}

