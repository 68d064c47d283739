/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number

/**
 * Mixes a 32-bit value with the murmur3 finalizer, so that neighbouring inputs give unrelated
 * outputs.
 */
export function mix32(value: number): number {
  let hash = value >>> 0
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return (hash ^ (hash >>> 16)) >>> 0
}

/**
 * Creates an sfc32 generator whose 128-bit state comes from a seed, a stream name and an index.
 * Every (seed, stream, index) triple gets its own sequence, so one animal can be generated without
 * generating the ones before it. The generator is fast and statistically sound for test data, but
 * not cryptographic.
 */
export function createSeededRandom(seed: number, stream: number, index = 0): RandomSource {
  let a = mix32(seed ^ 0x9e3779b9)
  let b = mix32(stream + Math.imul(seed, 0x85ebca6b))
  let c = mix32(index ^ Math.imul(stream, 0xc2b2ae35))
  let d = mix32(Math.floor(index / 2 ** 32) + 0x27d4eb2f)

  const next = (): number => {
    const sum = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + sum) >>> 0
    return sum
  }

  // sfc32 needs a few rounds before nearby seeds stop giving correlated first outputs.
  for (let round = 0; round < 12; round++) next()

  return () => next() / 2 ** 32
}

/** Draws an integer from `min` to `max` inclusive, like Python's `random.randint`. */
export function randomInteger(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/**
 * Draws an integer from `min` to `max` inclusive with 53 bits of resolution, for ranges wider than
 * 2^32 (such as epoch milliseconds over decades).
 */
export function randomWideInteger(random: RandomSource, min: number, max: number): number {
  const fraction =
    (Math.floor(random() * 2 ** 21) * 2 ** 32 + Math.floor(random() * 2 ** 32)) / 2 ** 53
  return min + Math.floor(fraction * (max - min + 1))
}
