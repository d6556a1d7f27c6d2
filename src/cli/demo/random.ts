/**
 * A seeded pseudo-random generator for the simulation: the same seed gives the same day,
 * on every machine and Node version. Never `Math.random`.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** One of the items, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One of the items, by weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  /** An independent generator derived from this one's seed and a label (one per case). */
  fork(label: string): Random;
}

/** A 32-bit hash of a string (cyrb53's mixing, folded to 32 bits). */
function hash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * A generator for a seed (mulberry32: small, fast, and good enough for a simulation).
 *
 * @example
 * createRandom('42').int(1, 6) === createRandom('42').int(1, 6) //=> true
 */
export function createRandom(seed: string | number): Random {
  const label = String(seed);
  let state = hash(label);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let x = next() * total;
      for (const [item, w] of entries) {
        x -= w;
        if (x < 0) return item;
      }
      return entries[entries.length - 1]![0];
    },
    fork: (sub) => createRandom(`${label}/${sub}`),
  };
  return random;
}
