import { convertUnit, renameFields } from '@fauna-etl/transforms'
import type { LoadedPlant, PlantListItem } from './schemas.js'

/** Source field names and the names that the garden beds target expects. */
const FIELD_NAMES = {
  plant_id: 'id',
  common_name: 'name',
  height_cm: 'height_m',
  watering: 'watering_days',
}

/** Days between waterings for each watering frequency of the source. */
export const WATERING_DAYS: Readonly<
  Record<PlantListItem['watering'], LoadedPlant['watering_days']>
> = {
  daily: 1,
  weekly: 7,
  monthly: 30,
}

/**
 * Converts centimetres with one decimal to metres with three decimals, exactly.
 *
 * `height_cm / 100` is not exact in binary floating point (0.7 / 100 gives 0.006999999999999999),
 * and the target compares numbers exactly. Whole millimetres divided by 1000 give the double
 * closest to the decimal value, which is what the target expects.
 */
export function centimetresToMetres(heightCm: number | null): number | null {
  const millimetres = convertUnit(heightCm, 10)
  return millimetres === null ? null : Math.round(millimetres) / 1000
}

/** Turns a listed plant into the record that `POST /garden/v1/beds` expects. */
export function transformPlant(plant: PlantListItem): LoadedPlant {
  const record = renameFields(plant, FIELD_NAMES)
  record.height_m = centimetresToMetres(plant.height_cm)
  record.watering_days = WATERING_DAYS[plant.watering]

  // The pipeline's `validateOutput` checks this against `loadedPlantSchema` before batching.
  return record as LoadedPlant
}
