/**
 * Seeded random numbers for tests that draw many generated inputs: the same cases on every run.
 */

/** Integers below n, from a linear congruential generator (the C library's constants) started at `seed`. */
export function seededInts(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

/** Numbers in [0, 1), from a xorshift32 generator started at `seed`. */
export function xorshift(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
