import type { HttpClient } from '@fauna-etl/core'
import type { PipelineDefinition } from '@fauna-etl/engine'
import { createHttpBatchSink, findRejectedIndexes } from '@fauna-etl/sink-http'
import { createRestSource } from '@fauna-etl/source-rest'
import { createValidator } from '@fauna-etl/transforms'
import {
  type LoadedPlant,
  loadedPlantSchema,
  type PlantListItem,
  plantListItemSchema,
  plantsPageSchema,
} from './schemas.js'
import { transformPlant } from './transform-plant.js'

/** `POST /garden/v1/beds` rejects a batch above this many plants with 413. */
export const PLANTS_MAX_BATCH_SIZE = 50

/** Plants per listing page: the largest `limit` that `GET /plants/v2/plants` accepts. */
export const PLANTS_PAGE_LIMIT = 100

export interface PlantsPipelineOptions {
  /** HTTP client whose `baseURL` is the plants API, for example `http://localhost:3124`. */
  client: HttpClient
  /** API base URL, used to name the source and target in the state store. */
  apiUrl: string
  /**
   * Send an `Idempotency-Key` header with each batch. Only for targets that honour it (the
   * bundled plants simulator does by default). Default false.
   */
  idempotencyKey?: boolean
}

/** Composes the plants pipeline from the generic REST source, transforms and HTTP sink. */
export function createPlantsPipeline(
  options: PlantsPipelineOptions,
): PipelineDefinition<PlantListItem, LoadedPlant> {
  const { client, apiUrl } = options
  const validateLoaded = createValidator(loadedPlantSchema, 'outgoing plant')

  // The listing is the whole record, so no detail request is sent.
  const source = createRestSource({
    name: `plants-api ${apiUrl}`,
    client,
    pagination: {
      type: 'cursor',
      firstUrl: `/plants/v2/plants?limit=${PLANTS_PAGE_LIMIT}`,
      url: `/plants/v2/plants?limit=${PLANTS_PAGE_LIMIT}&cursor={cursor}`,
      nextField: 'next',
      itemsField: 'data',
    },
    schemas: { page: plantsPageSchema, item: plantListItemSchema },
    idOf: (plant) => plant.plant_id,
  })

  const sink = createHttpBatchSink<LoadedPlant>({
    name: `garden-beds ${apiUrl}`,
    client,
    url: '/garden/v1/beds',
    maxBatchSize: PLANTS_MAX_BATCH_SIZE,
    idempotencyKeyHeader: options.idempotencyKey ? 'Idempotency-Key' : undefined,
  })

  return {
    name: 'plants',
    source,
    transform: transformPlant,
    validateOutput: (record) => validateLoaded(record),
    sink,
    // The target's 422 lists `{ index, field, message }` per invalid plant of the batch.
    rejectedIndexes: (error) => findRejectedIndexes(error.detail),
  }
}
