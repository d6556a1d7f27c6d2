/**
 * Cases that start cases: a parent case asks for a child case with an effect, the child reports
 * its end with an emitted event, and the outbox carries both. This module turns those two outbox
 * messages into runtime calls, each under the message's id as its event id, so a redelivery opens
 * no second child and reports no end twice.
 */
import type { Principal } from '../roles/principal.js';
import { isValidationError } from '../errors/validation-error.js';
import type { KefuError } from '../errors/kefu-error.js';
import { isCaseExistsError } from './errors/case-exists-error.js';
import { isEnvelopeTooLargeError } from './errors/envelope-too-large-error.js';
import { isInvariantViolationError } from './errors/invariant-violation-error.js';
import { isMachineFailedError } from './errors/machine-failed-error.js';
import type { OutboxMessage } from './outbox.js';
import type { CaseEvent, CaseResult, CaseRuntime, CaseView } from './runtime.js';

/**
 * How a parent machine starts child cases and learns how they ended. kefu's return-visit cycle
 * ships one (`cycleVisitCases` in `kefu/machines/return-visit-cycle`); a host machine of its own
 * writes one the same way.
 */
export interface ChildCaseLink {
  /** The parent's effect (a named action with params) that asks for a child case, e.g. `openVisit`. */
  readonly openEffect: string;
  /** The child case that effect asks for: its case id, its machine (id, known to the runtime) and its input. */
  readonly child: (params: unknown) => { readonly caseId: string; readonly machine: string; readonly input: unknown };
  /** The child's emitted event that says it ended, e.g. `returnVisit.ended`. */
  readonly endEvent: string;
  /**
   * The event to send the parent, from the end event's payload and the ended child case as
   * stored (its `snapshot.output`); `undefined` when the child has no parent to tell.
   */
  readonly report: (payload: unknown, child: Pick<CaseView, 'caseId' | 'machine' | 'snapshot' | 'context'>) => { readonly caseId: string; readonly event: CaseEvent } | undefined;
  /**
   * The event to send the parent when its child can never be opened — the input refused
   * (`ValidationError`), the id taken by another case (`CaseExistsError`), the case too large, the
   * machine failing on start — from the open effect's params and the error (its `code`). Without
   * it such a message is retried and dead-lettered like any failed delivery.
   */
  readonly failed?: (params: unknown, error: KefuError) => { readonly caseId: string; readonly event: CaseEvent } | undefined;
}

/** Errors of `open` that no retry can cure: the child is refused, not delayed. */
const cannotOpen = (error: unknown): error is KefuError =>
  isValidationError(error) || isCaseExistsError(error) || isEnvelopeTooLargeError(error) || isMachineFailedError(error) || isInvariantViolationError(error);

/** Options of {@link deliverChildCases}. */
export interface ChildCasesOptions {
  /**
   * Who opens the children and reports their ends, as recorded in the cases' history and checked
   * by the parent's permission table (ROLE-PERMIT). @default { id: 'outbox', role: 'system' }
   */
  readonly by?: Principal;
}

/** The principal of the calls {@link deliverChildCases} makes unless told otherwise. */
export const OUTBOX_PRINCIPAL: Principal = Object.freeze({ id: 'outbox', role: 'system' });

/**
 * A handler for the outbox's messages that opens child cases and reports their ends to their
 * parents: call it from `outbox.deliver`. It returns the runtime call's result for a message it
 * acted on (for a child that can never be opened, the parent's result of the link's `failed`
 * event), and `undefined` for any other message (deliver those yourself) and for the end of a
 * child that has no parent. Safe under
 * at-least-once delivery: the message id is the call's `eventId`, so a message delivered twice
 * comes back the second time as a `duplicate` and changes nothing. A runtime error (the parent
 * not found, the store down) is thrown, so the outbox retries the message.
 *
 * @example
 * const runtime = createCaseRuntime({
 *   machines: [returnVisitCycleMachine, returnVisitMachine],
 *   outbox: { deliver: async (m) => { if (!(await children(m))) await host(m); } },
 * });
 * const children = deliverChildCases(runtime, [cycleVisitCases]);
 */
export function deliverChildCases(
  runtime: Pick<CaseRuntime, 'open' | 'send' | 'read'>,
  links: readonly ChildCaseLink[],
  options: ChildCasesOptions = {},
): (message: OutboxMessage) => Promise<CaseResult | undefined> {
  const by = options.by ?? OUTBOX_PRINCIPAL;
  return async (m) => {
    for (const link of links) {
      if (m.kind === 'effect' && m.type === link.openEffect) {
        const child = link.child(m.payload);
        try {
          return await runtime.open(child.caseId, child.machine, child.input, { eventId: m.id, by });
        } catch (error) {
          const report = cannotOpen(error) ? link.failed?.(m.payload, error) : undefined;
          if (!report) throw error;
          return runtime.send(report.caseId, report.event, { eventId: m.id, by });
        }
      }
      if (m.kind === 'emitted' && m.type === link.endEvent) {
        const ended = await runtime.read(m.caseId);
        if (!ended) throw new Error(`child case ${m.caseId} is gone: its end cannot be reported`);
        const report = link.report(m.payload, ended);
        if (!report) return undefined;
        return runtime.send(report.caseId, report.event, { eventId: m.id, by });
      }
    }
    return undefined;
  };
}
