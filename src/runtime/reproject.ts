import type { AnyMachineSnapshot } from 'xstate';
import { ValidationError } from '../errors/validation-error.js';
import { toIso } from '../time/instant.js';
import type { MachineDefinition } from './definition.js';
import { restore } from './envelope.js';
import type { CaseStore } from './store.js';
import { projectCase } from './worklist.js';

/** Options of `runtime.reproject`. */
export interface ReprojectOptions {
  /** Only the cases of this machine id (the one whose projection changed). Default: every case. */
  readonly machine?: string;
  /** Only the cases stored without a projection (e.g. written before worklists). @default false */
  readonly unprojectedOnly?: boolean;
  /** Cases read and written per batch, 1–1000. @default 200 */
  readonly batchSize?: number;
}

/** What `runtime.reproject` did. */
export interface ReprojectReport {
  /** Cases read. */
  readonly scanned: number;
  /** Cases whose projection columns were written. */
  readonly projected: number;
  /** Cases written by someone else between the read and the write: their writer projected them. */
  readonly movedOn: number;
  /** Cases left as they were, with why: an unknown machine, an envelope that does not restore, a projection that throws. */
  readonly failed: readonly { readonly caseId: string; readonly reason: string }[];
}

/** Default and largest batch of a walk over the stored cases (`reproject`, `backfill`). */
const BATCH = { default: 200, max: 1000 } as const;

/** The issue of a machine id the runtime does not know (`reproject`, `backfill`). Internal. */
export function unknownMachineIssue(machine: unknown, machines: ReadonlyMap<string, unknown>): { path: string; message: string } {
  return { path: 'machine', message: `unknown machine ${JSON.stringify(machine)}; the runtime knows ${[...machines.keys()].map((k) => `"${k}"`).join(', ')}` };
}

/** A walk's batch size (the default when absent), pushing an issue when it is out of range (`reproject`, `backfill`). Internal. */
export function batchSizeOf(batchSize: number | undefined, issues: { path: string; message: string }[]): number {
  const size = batchSize ?? BATCH.default;
  if (!Number.isInteger(size) || size < 1 || size > BATCH.max) issues.push({ path: 'batchSize', message: `must be an integer from 1 to ${BATCH.max}` });
  return size;
}

/**
 * Recompute the worklist projection of stored cases from their envelopes, in batches by case id:
 * each case is restored (migrated, its signature and invariants checked, as any load), projected by
 * its machine's current projection and written alone if it is still at the version read. Internal:
 * the runtime's `reproject`.
 * @throws {ValidationError} When an option is malformed or names an unknown machine.
 * @throws {TypeError} When the store cannot list or write projections.
 */
export async function reprojectCases<Tx>(
  store: CaseStore<Tx>,
  machines: ReadonlyMap<string, MachineDefinition>,
  options: ReprojectOptions = {},
): Promise<ReprojectReport> {
  const issues: { path: string; message: string }[] = [];
  if (options.machine !== undefined && !machines.has(options.machine)) issues.push(unknownMachineIssue(options.machine, machines));
  const size = batchSizeOf(options.batchSize, issues);
  if (issues.length > 0) throw new ValidationError('reproject options', issues);
  if (!store.projectionBatch || !store.writeWorklist) throw new TypeError('this store cannot re-project cases (CaseStore.projectionBatch and writeWorklist)');

  let scanned = 0;
  let projected = 0;
  let movedOn = 0;
  const failed: { caseId: string; reason: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await store.projectionBatch({
      limit: size,
      ...(options.machine !== undefined ? { machine: options.machine } : {}),
      ...(options.unprojectedOnly ? { unprojectedOnly: true } : {}),
      ...(after !== undefined ? { after } : {}),
    });
    for (const record of batch) {
      scanned++;
      const def = machines.get(record.envelope.machine);
      if (!def) {
        failed.push({ caseId: record.caseId, reason: `unknown machine "${record.envelope.machine}"` });
        continue;
      }
      let projection;
      try {
        const { snapshot, envelope } = restore(def, record.envelope);
        projection = projectCase(def.worklist, snapshot as AnyMachineSnapshot, envelope, toIso(envelope.updatedAt));
      } catch (error) {
        failed.push({ caseId: record.caseId, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        continue;
      }
      if (await store.writeWorklist(record.caseId, record.version, projection)) projected++;
      else movedOn++;
    }
    if (batch.length < size) return { scanned, projected, movedOn, failed };
    after = batch[batch.length - 1]!.caseId;
  }
}
