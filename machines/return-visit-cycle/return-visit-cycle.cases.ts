/**
 * The cycle's visits as cases of their own under `kefu/runtime` (`visitsAs: 'cases'`): how the
 * cycle's `openVisit` effect becomes a visit case, and how a visit's end (`returnVisit.ended`)
 * becomes the cycle's `VISIT.OUTCOME`. Plain data for `deliverChildCases` in `kefu/runtime`
 * (this module imports nothing of the runtime).
 */
import { returnVisitMachine, type ReturnVisitEmitted, type ReturnVisitOutput } from '../return-visit/index.js';
import type { OpenVisitParams } from './return-visit-cycle.types.js';

type Ended = Extract<ReturnVisitEmitted, { type: 'returnVisit.ended' }>;

/**
 * The link between a cycle run with `visitsAs: 'cases'` and its visits, for `deliverChildCases`
 * (`kefu/runtime`): each visit is opened as the case `visitId` under `returnVisitMachine` (the
 * runtime must know both machines), and when it ends its output is sent to the cycle as
 * `VISIT.OUTCOME` — both under the outbox message's id, so a redelivery changes nothing. A visit
 * case that cannot be opened (the id taken by another case, the input refused) is reported to the
 * cycle as `VISIT.FAILED` with the error's code.
 *
 * @example
 * const children = deliverChildCases(runtime, [cycleVisitCases]);
 * // in outbox.deliver: if (await children(message)) return;
 */
export const cycleVisitCases = /* @__PURE__ */ Object.freeze({
  openEffect: 'openVisit',
  child: (params: unknown) => {
    const p = params as OpenVisitParams;
    return { caseId: p.visitId, machine: returnVisitMachine.id, input: p.input };
  },
  endEvent: 'returnVisit.ended',
  report: (payload: unknown, child: { readonly snapshot: { readonly output?: unknown } }) => {
    const ended = payload as Ended;
    if (ended.cycleId === undefined) return undefined; // a visit opened on its own, not by a cycle
    return { caseId: ended.cycleId, event: { type: 'VISIT.OUTCOME', output: child.snapshot.output as ReturnVisitOutput } };
  },
  // A visit case that can never be opened (its id taken, its input refused) fails in the cycle, as a
  // failed visit actor does: the supervisor may then reissue it (RV-MEMBER-100).
  failed: (params: unknown, error: { readonly code: string }) => {
    const p = params as OpenVisitParams;
    return { caseId: p.cycleId, event: { type: 'VISIT.FAILED', visitId: p.visitId, customerId: p.input.customer.id, reason: error.code } };
  },
});
