/**
 * Selecting, compiling and assigning a cycle's customers (提取 → 统计整理 → 分配): pure functions
 * the machine uses and hosts may call to preview a cycle.
 */
import { defaultPolicy, type Policy } from '../../src/policy/index.js';
import { toEpoch, type Instant } from '../../src/time/index.js';
import { activeDoNotCall, type DoNotCallList } from '../../src/dnc/index.js';
import { DATED_OCCASIONS } from '../return-visit/index.js';
import { addMonthsIn } from '../return-visit/return-visit.machine.js';
import type { ArchiveRow, SelectionCriteria } from './return-visit-cycle.schemas.js';
import type { Candidate, CompiledList } from './return-visit-cycle.types.js';

/**
 * The first maintenance reminder (last service + k × `maintenanceReminderMonths`, k ≥ 1) that
 * falls in `[from, to)`, or `undefined` (定期友情提醒客户做车保养, RV-OCCASION).
 *
 * @example
 * maintenanceReminderIn('2026-01-10T10:00:00+08:00', '2026-12-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00')
 * //=> undefined (reminders fall on 2026-07-10 and 2027-01-10)
 * maintenanceReminderIn('2026-06-10T10:00:00+08:00', '2026-12-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00')
 * //=> '2026-12-10T02:00:00.000Z'
 */
export function maintenanceReminderIn(lastServiceAt: Instant, from: Instant, to: Instant, policy: Policy = defaultPolicy): string | undefined {
  const { maintenanceReminderMonths: months } = policy.returnVisit;
  const start = toEpoch(from);
  const end = toEpoch(to);
  for (let k = 1; ; k++) {
    const due = addMonthsIn(lastServiceAt, k * months, policy.calendar.timeZone);
    const ms = toEpoch(due);
    if (ms >= end) return undefined;
    if (ms >= start) return due;
  }
}

/** What {@link selectCustomers} returns: the candidates in visiting order and the compiled counts. */
export interface Selection {
  readonly candidates: Candidate[];
  readonly compiled: CompiledList;
}

/**
 * Select the cycle's customers from archive rows (RV-CYCLE 提取, 统计整理): one per customer (the
 * latest service that fits), filtered by occasion, range and member flag, leaving out customers on
 * the do-not-call list at `at`. Members come first, then by service date.
 *
 * @example
 * selectCustomers(rows, { occasion: 'after-service', from, to, method: 'phone' }, defaultPolicy, [], at).compiled.selected
 * //=> 2
 */
export function selectCustomers(
  archive: readonly ArchiveRow[],
  criteria: SelectionCriteria,
  policy: Policy,
  doNotCall: DoNotCallList,
  at: Instant,
): Selection {
  const from = toEpoch(criteria.from);
  const to = toEpoch(criteria.to);
  const reminders = criteria.occasion === 'maintenance-reminder';
  // Reminders follow the last service of all; other occasions the latest service in the range.
  const latest = new Map<string, ArchiveRow>();
  let fitting = 0;
  for (const row of archive) {
    const done = toEpoch(row.service.completedAt);
    if (!reminders && (done < from || done >= to)) continue;
    fitting++;
    const seen = latest.get(row.customer.id);
    if (!seen || toEpoch(seen.service.completedAt) < done) latest.set(row.customer.id, row);
  }
  const blocked = activeDoNotCall(doNotCall, at);
  const excludedDoNotCall: string[] = [];
  const candidates: Candidate[] = [];
  for (const row of latest.values()) {
    if (criteria.member !== undefined && row.customer.member !== criteria.member) continue;
    let occasionDate: string | undefined;
    if (reminders) {
      occasionDate = maintenanceReminderIn(row.service.completedAt, criteria.from, criteria.to, policy);
      if (occasionDate === undefined) continue;
    } else if (DATED_OCCASIONS.includes(criteria.occasion)) {
      occasionDate = criteria.occasionDate;
    }
    if (blocked.has(row.customer.id)) {
      excludedDoNotCall.push(row.customer.id);
      continue;
    }
    candidates.push(occasionDate ? { row, occasionDate } : { row });
  }
  candidates.sort(
    (a, b) =>
      Number(b.row.customer.member) - Number(a.row.customer.member) ||
      toEpoch(a.row.service.completedAt) - toEpoch(b.row.service.completedAt) ||
      (a.row.customer.id < b.row.customer.id ? -1 : a.row.customer.id > b.row.customer.id ? 1 : 0),
  );
  return {
    candidates,
    compiled: {
      rowsRead: archive.length,
      selected: candidates.length,
      members: candidates.filter((c) => c.row.customer.member).length,
      excludedDoNotCall: excludedDoNotCall.sort(),
      duplicatesMerged: reminders ? archive.length - latest.size : fitting - latest.size,
    },
  };
}

/**
 * Assign customers to agents balanced by count (按照负责客户数量均衡): each customer, in order, goes
 * to the agent holding the fewest so far (ties: the earlier agent). With members listed first,
 * members are spread evenly too. `load` counts visits an agent already holds.
 *
 * @example
 * assignBalanced(['K1', 'K2', 'K3'], ['A', 'B'])
 * //=> { K1: 'A', K2: 'B', K3: 'A' }
 */
export function assignBalanced(customerIds: readonly string[], agentIds: readonly string[], load: Readonly<Record<string, number>> = {}): Record<string, string> {
  if (agentIds.length === 0) throw new RangeError('at least one agent is needed');
  const counts = agentIds.map((id) => load[id] ?? 0);
  const out: Record<string, string> = {};
  for (const customerId of customerIds) {
    let best = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i]! < counts[best]!) best = i;
    out[customerId] = agentIds[best]!;
    counts[best]!++;
  }
  return out;
}
