/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number

/**
 * Creates the mulberry32 generator: small, fast and good enough for test data. It is not
 * cryptographic. The same 32-bit seed always yields the same sequence.
 */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0

  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Mixes a seed and a stream number into one 32-bit seed (the murmur3 finalizer), so that
 * neighbouring indexes get unrelated sequences and each index can be generated on its own.
 */
export function deriveSeed(seed: number, stream: number): number {
  let hash = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return (hash ^ (hash >>> 16)) >>> 0
}
