import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { ReturnExchangeContext } from './return-exchange.types.js';

/**
 * What a return or exchange shows in worklists (RETURN-POLICY): in the after-sales specialist's
 * queue (售后服务专员: decision, receipt, inspection, refund, replacement) until it ends; due at the
 * next tracking update of a replacement shipment; priority = missed updates so far.
 */
export function returnExchangeWorklist(s: ProjectedSnapshot<ReturnExchangeContext>): WorklistFields {
  const c = s.context;
  return {
    assignee: null,
    role: 'afterSales',
    nextDueAt: c.state === 'replacementShipped' ? (c.deadlines.tracking ?? null) : null,
    priority: c.escalations.length,
    member: null,
  };
}
