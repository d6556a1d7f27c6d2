/**
 * The machine catalogue: every machine kefu ships, found through the module list in
 * `machines.ts`, plus helpers that read a chart without running it.
 *
 * Internal for now (used by the CLI, the docs script and the tests); not a published subpath,
 * so it may change without a major version.
 */
import type { AnyStateMachine } from 'xstate';
import { machinesIn } from './introspect.js';
import { machineModules, type MachineModuleName } from './machines.js';

export { machineModules, type MachineModuleName } from './machines.js';
export {
  isStateMachine,
  machinesIn,
  stateNodesOf,
  transitionsOf,
  guardLabel,
  actionLabel,
  auditChart,
} from './introspect.js';
export type { TransitionInfo, TransitionKind, ChartIssue } from './introspect.js';

/** A machine of the catalogue. */
export interface CatalogMachine {
  /** The machine's `id`, e.g. `complaint`; what `kefu diagram <name>` takes. */
  readonly name: string;
  /** The folder under `machines/` it comes from. */
  readonly module: string;
  /** The name it is exported under, e.g. `complaintMachine`. */
  readonly exportName: string;
  readonly machine: AnyStateMachine;
}

/**
 * Load every machine of the catalogue, in list order (a module exporting several machines
 * gives each of them; a machine exported by two modules is listed once).
 *
 * @example
 * (await loadCatalog()).map((m) => m.name) //=> ['complaint', ...]
 */
export async function loadCatalog(
  modules: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = machineModules,
): Promise<CatalogMachine[]> {
  const out: CatalogMachine[] = [];
  for (const [module, load] of Object.entries(modules)) {
    for (const { exportName, machine } of machinesIn(await load())) {
      // A module may re-export another's machine (a cycle exporting the visit it runs): list it once.
      if (out.some((m) => m.machine === machine)) continue;
      out.push({ name: machine.id, module, exportName, machine });
    }
  }
  return out;
}

/**
 * Find a machine of the catalogue by its id (`complaint`), its folder or its export name
 * (`complaintMachine`).
 */
export async function findCatalogMachine(name: string): Promise<CatalogMachine | undefined> {
  const all = await loadCatalog();
  return (
    all.find((m) => m.name === name) ??
    all.find((m) => m.exportName === name) ??
    all.find((m) => m.module === (name as MachineModuleName))
  );
}
