import {
  generatePlant,
  type PlantDatasetOptions,
  type SourcePlant,
  type Watering,
} from './plant-dataset.js'

/** A plant as `POST /garden/v1/beds` expects it. */
export interface LoadedPlant {
  /** The source's `plant_id`. */
  id: string
  /** The source's `common_name`. */
  name: string
  /** The source's `height_cm` in metres with at most three decimals, or `null`. */
  height_m: number | null
  /** Days between waterings: daily is 1, weekly is 7, monthly is 30. */
  watering_days: number
}

export const WATERING_DAYS: Readonly<Record<Watering, number>> = {
  daily: 1,
  weekly: 7,
  monthly: 30,
}

/**
 * Transforms a source plant into the record the garden target expects.
 *
 * The height goes through whole tenths of a centimetre, because `height_cm / 100` alone is not
 * exact in binary floating point (0.7 / 100 gives 0.006999999999999999, not 0.007).
 */
export function toLoadedPlant(plant: SourcePlant): LoadedPlant {
  return {
    id: plant.plant_id,
    name: plant.common_name,
    height_m: plant.height_cm === null ? null : Math.round(plant.height_cm * 10) / 1000,
    watering_days: WATERING_DAYS[plant.watering],
  }
}

/** Returns the exact record that the target's verification expects for the plant at `index`. */
export function expectedLoadedPlant(index: number, options: PlantDatasetOptions = {}): LoadedPlant {
  return toLoadedPlant(generatePlant(index, options))
}
