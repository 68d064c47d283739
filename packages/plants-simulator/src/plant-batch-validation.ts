import type { LoadedPlant } from './loaded-plant.js'

/** One problem with a posted batch, as listed in a 422 body. */
export interface ItemError {
  /** Position of the plant in the batch, or `null` for a problem with the body as a whole. */
  index: number | null
  /** Name of the offending field, or `null` when the item as a whole is wrong. */
  field: string | null
  message: string
}

const KNOWN_FIELDS = new Set(['id', 'name', 'height_m', 'watering_days'])
const ALLOWED_WATERING_DAYS = new Set([1, 7, 30])

/**
 * Returns the array of plants in a body, which is either the array itself or an object
 * `{"plants": [...]}`, or `undefined` when the body has neither form.
 */
export function extractPlants(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body
  if (isPlainObject(body) && Array.isArray(body.plants)) return body.plants
  return undefined
}

/**
 * Checks the type of every field of every plant and returns all problems found. Unknown fields
 * are rejected too, because a source field left in place (`plant_id`, `height_cm`) means that
 * the transformation did not run.
 */
export function validatePlants(items: unknown[]): ItemError[] {
  const errors: ItemError[] = []

  items.forEach((item, index) => {
    if (!isPlainObject(item)) {
      errors.push({ index, field: null, message: 'expected an object' })
      return
    }

    if (typeof item.id !== 'string' || item.id === '') {
      errors.push({ index, field: 'id', message: 'expected a non-empty string' })
    }
    if (typeof item.name !== 'string' || item.name === '') {
      errors.push({ index, field: 'name', message: 'expected a non-empty string' })
    }
    if (!('height_m' in item)) {
      errors.push({
        index,
        field: 'height_m',
        message: 'missing (send null when the height is unknown)',
      })
    } else if (
      item.height_m !== null &&
      !(typeof item.height_m === 'number' && Number.isFinite(item.height_m) && item.height_m >= 0)
    ) {
      errors.push({ index, field: 'height_m', message: 'expected a number of metres ≥ 0 or null' })
    }
    if (!ALLOWED_WATERING_DAYS.has(item.watering_days as number)) {
      errors.push({ index, field: 'watering_days', message: 'expected 1, 7 or 30' })
    }

    for (const field of Object.keys(item)) {
      if (!KNOWN_FIELDS.has(field)) {
        errors.push({
          index,
          field,
          message: 'unknown field, expected only id, name, height_m and watering_days',
        })
      }
    }
  })

  return errors
}

/** Lists the fields whose delivered value differs from the expected one. */
export function compareWithExpected(
  received: LoadedPlant,
  expected: LoadedPlant,
): { field: keyof LoadedPlant; expected: unknown; received: unknown }[] {
  const fields = ['name', 'height_m', 'watering_days'] as const
  return fields
    .filter((field) => !Object.is(received[field], expected[field]))
    .map((field) => ({ field, expected: expected[field], received: received[field] }))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
