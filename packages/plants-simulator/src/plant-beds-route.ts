import type { DeliveryLedger } from './delivery-ledger.js'
import { expectedLoadedPlant, type LoadedPlant } from './loaded-plant.js'
import {
  compareWithExpected,
  extractPlants,
  type ItemError,
  validatePlants,
} from './plant-batch-validation.js'
import { plantIndexFromId } from './plant-dataset.js'
import { jsonResponse, type SimulatorResponse } from './simulator-response.js'

export interface PlantBedsContext {
  seed: number
  total: number
  maxBatchSize: number
  verify: boolean
  ledger: DeliveryLedger
}

/**
 * Handles `POST /garden/v1/beds`. The checks run in this order, and the first failure ends the
 * request: JSON syntax (400), body shape (422), batch size (413), field types (422), and values
 * against the source (422, only in verification mode). Nothing is applied before all of them
 * pass. Plants are then applied in order. In verification mode the first duplicate or unknown id
 * fails the request with 500, and the plants before it stay planted.
 */
export function plantBeds(rawBody: string, context: PlantBedsContext): SimulatorResponse {
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch (error) {
    return jsonResponse(400, { error: `invalid JSON body: ${(error as Error).message}` })
  }

  const items = extractPlants(body)
  if (items === undefined) {
    return invalidItems([
      {
        index: null,
        field: 'plants',
        message: 'expected a JSON array of plants or an object {"plants": [...]}',
      },
    ])
  }

  if (items.length > context.maxBatchSize) {
    return jsonResponse(413, {
      error: `batch too large, at most ${context.maxBatchSize} plants per request`,
    })
  }

  const typeErrors = validatePlants(items)
  if (typeErrors.length > 0) return invalidItems(typeErrors)

  const plants = items as LoadedPlant[]
  const valueErrors = checkValues(plants, context)
  if (context.verify && valueErrors.length > 0) return invalidItems(valueErrors)

  for (const plant of plants) {
    const index = plantIndexFromId(plant.id)

    if (index === undefined || index >= context.total) {
      context.ledger.recordUnknown(plant.id)
      if (context.verify) {
        return jsonResponse(500, {
          error: `unknown plant id ${JSON.stringify(plant.id)}: the source has no such plant`,
        })
      }
      continue
    }

    if (context.ledger.isLoaded(index)) {
      context.ledger.recordDuplicate(plant.id)
      if (context.verify) {
        return jsonResponse(500, { error: `plant ${plant.id} was already planted` })
      }
      continue
    }

    context.ledger.markLoaded(index)
  }

  return jsonResponse(201, { planted: plants.length })
}

// Values are compared in both modes so that the report lists wrong values even when the
// simulator accepts them.
function checkValues(plants: LoadedPlant[], context: PlantBedsContext): ItemError[] {
  const errors: ItemError[] = []

  plants.forEach((plant, index) => {
    const sourceIndex = plantIndexFromId(plant.id)
    if (sourceIndex === undefined || sourceIndex >= context.total) return

    const expected = expectedLoadedPlant(sourceIndex, { seed: context.seed })
    for (const wrong of compareWithExpected(plant, expected)) {
      context.ledger.recordWrongValue({ id: plant.id, ...wrong })
      errors.push({
        index,
        field: wrong.field,
        message: `expected ${JSON.stringify(wrong.expected)}, received ${JSON.stringify(wrong.received)}`,
      })
    }
  })

  return errors
}

function invalidItems(errors: ItemError[]): SimulatorResponse {
  return jsonResponse(422, { errors })
}
