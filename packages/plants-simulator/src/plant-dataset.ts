import { PLANT_NAMES } from './plant-names.js'
import { createRandom, deriveSeed } from './random.js'

/** How often a plant needs water, as the source API spells it. */
export type Watering = 'daily' | 'weekly' | 'monthly'

/** A plant as `GET /plants/v2/plants` lists it. */
export interface SourcePlant {
  /** `p-` followed by the zero-padded index, for example `p-000123`. */
  plant_id: string
  common_name: string
  /** Height in centimetres with one decimal, from 0.5 to 3000.0, or `null` when unknown. */
  height_cm: number | null
  watering: Watering
}

export interface PlantDatasetOptions {
  /** Seed of the dataset, an integer from 0 to 2^32 - 1. Default: `1`. */
  seed?: number
}

export const DEFAULT_SEED = 1

/** Largest dataset size, so that every id keeps six digits (`p-000000` to `p-999999`). */
export const MAX_PLANTS = 1_000_000

const ID_PREFIX = 'p-'
const ID_PATTERN = /^p-(\d{6})$/

// Heights are drawn in tenths of a centimetre, log-uniformly so that small plants (and their
// metre conversions with three decimals) are as common as tall ones.
const MIN_HEIGHT_TENTHS = 5
const MAX_HEIGHT_TENTHS = 30_000
const NULL_HEIGHT_SHARE = 0.1

/** Returns the id of the plant at `index`, for example `p-000123` for 123. */
export function plantId(index: number): string {
  return ID_PREFIX + String(index).padStart(6, '0')
}

/** Returns the index that `id` names, or `undefined` when `id` is not a well-formed plant id. */
export function plantIndexFromId(id: string): number | undefined {
  const match = ID_PATTERN.exec(id)
  return match ? Number(match[1]) : undefined
}

/**
 * Generates the plant at `index` (0-based). The result depends only on the index and the seed,
 * so any plant can be computed without the ones before it.
 */
export function generatePlant(index: number, options: PlantDatasetOptions = {}): SourcePlant {
  const seed = options.seed ?? DEFAULT_SEED
  const random = createRandom(deriveSeed(seed, index))

  const common_name = PLANT_NAMES[Math.floor(random() * PLANT_NAMES.length)]!
  const height_cm = random() < NULL_HEIGHT_SHARE ? null : drawHeightTenths(random()) / 10
  const watering = drawWatering(random())

  return { plant_id: plantId(index), common_name, height_cm, watering }
}

function drawHeightTenths(uniform: number): number {
  const logMin = Math.log(MIN_HEIGHT_TENTHS)
  const logMax = Math.log(MAX_HEIGHT_TENTHS)
  const tenths = Math.round(Math.exp(logMin + uniform * (logMax - logMin)))
  return Math.min(MAX_HEIGHT_TENTHS, Math.max(MIN_HEIGHT_TENTHS, tenths))
}

function drawWatering(uniform: number): Watering {
  if (uniform < 0.3) return 'daily'
  if (uniform < 0.8) return 'weekly'
  return 'monthly'
}
