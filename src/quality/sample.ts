/**
 * Deterministic sampling of service records for an audit (抽查): the same records and seed always
 * give the same sample, whatever order the records come in, so an audit can be reproduced.
 */
/** Options of {@link sampleRecords}: a total size, or a number per agent. */
export type SampleOptions =
  | { readonly seed: string; readonly size: number; readonly perAgent?: undefined }
  | { readonly seed: string; readonly perAgent: number; readonly size?: undefined };

/** FNV-1a, 32 bits: a string seed to a number. */
function hash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-distributed PRNG; enough for sampling, not for secrets. */
function random(seed: string): () => number {
  let a = hash(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function pick<T extends { id: string }>(records: readonly T[], n: number, seed: string): T[] {
  const pool = [...records].sort(byId);
  const next = random(seed);
  const k = Math.min(n, pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort(byId);
}

/**
 * Draw a seeded sample of service records: `size` records in all, or `perAgent` records from
 * each agent (each agent's sample depends only on the seed and that agent's records). Returned
 * sorted by record id. Only `id` and `agentId` are read, so the sample can be drawn from
 * references to the records (the quality-audit machine does) as well as from the records.
 *
 * @example
 * sampleRecords(records, { seed: 'QA-2026-12', perAgent: 2 }).map((r) => r.id)
 * //=> ['S03', 'S07', 'S12', 'S18'] (two of A1's, two of A2's; the same every time)
 */
export function sampleRecords<T extends { readonly id: string; readonly agentId: string }>(records: readonly T[], options: SampleOptions): T[] {
  if (options.perAgent === undefined) return pick(records, options.size, options.seed);
  const agents = [...new Set(records.map((r) => r.agentId))].sort();
  return agents.flatMap((agentId) => pick(records.filter((r) => r.agentId === agentId), options.perAgent, `${options.seed}:${agentId}`)).sort(byId);
}
