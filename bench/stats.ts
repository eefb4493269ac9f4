/** The small statistics the benches share: percentiles of timings, a seeded generator. */

/** Milliseconds at the median and the 95th percentile of one measured operation. */
export interface Timing {
  p50: number;
  p95: number;
}

/** The value at `fraction` (0-1) of the values sorted, nearest rank. */
export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** The median and 95th percentile of measured milliseconds. */
export function timing(values: number[]): Timing {
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95) };
}

/** A small seeded generator (mulberry32), so every run makes the same choices. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
