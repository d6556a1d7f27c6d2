/**
 * Who takes which step by default (ROLE-PERMIT): each of kefu's machines carries its own table of
 * which roles may send each of its events (`machines/<name>/<name>.permissions.ts`, given to
 * `withRolePermit`), from the documents' 各岗位工作流程 and the steps they give each role.
 *
 * - 客服主管 (`supervisor`): approval and send-back of complaint remedies (主管领导…作出批示), the
 *   complaint classification statistics (由客服主管填写《顾客投诉分类统计表》), the classification and
 *   filing of the day's customer files (由客服主管安排信息汇总,并进行分析分类,分派专人管理各类资料), customer-file
 *   assignment (客服主管按照负责客户数量均衡…分配), visit assignment, campaign monitoring and summary
 *   (定期审核和评估…工作绩效). A supervisor may also take every step an agent takes (管理客户服务代表的工作流程;
 *   服务问题则服务专员/主管处理).
 * - 售后服务专员 (`afterSales`): return/exchange decisions, receipt, inspection, refund and
 *   replacement (处理客户的退货或换货申请) — theirs alone: the documents give the supervisor no step
 *   of a return, so a host whose supervisors decide returns adds them with `definePolicy`. They
 *   also take complaints (接收客户投诉,记录投诉信息) and the agent's steps of a return case.
 * - the customer (`customer`): signature and acceptance, acknowledgement of an explanation, dispute,
 *   confirmations; the customer's own messages (with `system` for the gateway that delivers them).
 * - 质量管理专员 (`quality`): the quality audit, from the sample to the close; the audited agent
 *   acknowledges the results.
 * - `system`: telephony and mail/chat gateways, the daily tick of customer data.
 * - 客服代表 (`agent`): the rest.
 *
 * Every event a kefu machine takes from outside is listed in its table; a policy holds only a
 * host's overrides (`policy.roles.permissions`), and `definePolicy` refuses an override naming an
 * event its machine's table does not list, so a typo cannot silently leave a step open.
 *
 * The tables travel with the machines, not with the root entry's `defaultPolicy`: a host that
 * imports the complaint machine does not carry the other fourteen machines' tables (issue 13's
 * bundle budget). This module holds what they share: the role groups, the registry the machines
 * put their tables in, and the ids of kefu's machines.
 */

import { PermissionTableConflictError } from '../errors/permission-table-conflict-error.js';

/** Agent steps: the agent, and the supervisor, who may take every agent step. */
export const A = ['agent', 'supervisor'] as const;
/** Agent steps of processes the after-sales specialist takes part in (complaints, returns). */
export const AX = ['agent', 'supervisor', 'afterSales'] as const;
/** The supervisor's own steps. */
export const S = ['supervisor'] as const;
/** The customer's own steps. */
export const C = ['customer'] as const;
/** The after-sales specialist's own steps of a return or exchange (处理客户的退货或换货申请). */
export const X = ['afterSales'] as const;
/** The quality specialist's steps. */
export const Q = ['quality'] as const;

/** One machine's permissions: event type → the roles that may send it. */
export type PermissionTable = Readonly<Record<string, readonly string[]>>;

/**
 * The machines of kefu, by their permission key (the folder under `machines/`). A policy may
 * override the table of one of them before its module is loaded; its event names are checked when
 * the machine is loaded (its input parses the policy) and by `kefu policy --check`, which loads
 * every machine. test/roles.machines.test.ts checks the list against the catalog.
 */
export const kefuMachineKeys: readonly string[] = [
  'complaint', 'email', 'chat', 'call', 'inquiry', 'suggestion', 'return-visit', 'return-visit-cycle', 'order',
  'return-exchange', 'customer-data', 'campaign', 'walk-in', 'quality-audit', 'monthly-assessment',
];

// One registry per process, even when the ESM and CJS builds are both loaded (as the schemas' registry).
const KEY = Symbol.for('kefu.permissionTables');
const holder = globalThis as unknown as Record<symbol, Map<string, PermissionTable> | undefined>;
const tables: Map<string, PermissionTable> = (holder[KEY] ??= new Map());

/** The event types whose roles differ between two tables (the order of an event's roles aside). */
function differingEvents(a: PermissionTable, b: PermissionTable): string[] {
  const same = (x: readonly string[] | undefined, y: readonly string[] | undefined) =>
    !!x && !!y && x.length === y.length && x.every((r) => y.includes(r)) && y.every((r) => x.includes(r));
  const has = (t: PermissionTable, k: string) => Object.hasOwn(t, k);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(has(a, k) ? a[k] : undefined, has(b, k) ? b[k] : undefined)).sort();
}

/**
 * Internal: `withRolePermit` records a machine's default table under its permission key. The same
 * table again is accepted — compared by content, since the ESM and the CJS build each load the
 * machine and register their own copy — but a different one is refused, the first staying in force.
 * @throws {PermissionTableConflictError} When the key holds a table that differs, naming the key and the events.
 */
export function registerPermissionTable(machineKey: string, table: PermissionTable): void {
  const known = tables.get(machineKey);
  if (known && known !== table) {
    const events = differingEvents(known, table);
    if (events.length > 0) throw new PermissionTableConflictError(machineKey, events);
    return;
  }
  tables.set(machineKey, table);
}

/** Internal: the default table of a loaded machine (`undefined` before its module is loaded). */
export function permissionTableOf(machineKey: string): PermissionTable | undefined {
  return tables.get(machineKey);
}
