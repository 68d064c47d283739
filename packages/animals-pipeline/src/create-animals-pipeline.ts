import type { HttpClient } from '@fauna-etl/core'
import type { PipelineDefinition } from '@fauna-etl/engine'
import { createHttpBatchSink, findRejectedIndexes } from '@fauna-etl/sink-http'
import { createRestSource } from '@fauna-etl/source-rest'
import { createValidator } from '@fauna-etl/transforms'
import {
  type AnimalDetail,
  animalDetailSchema,
  animalListItemSchema,
  animalsPageSchema,
  type LoadedAnimal,
  loadedAnimalSchema,
} from './schemas.js'
import { transformAnimal } from './transform-animal.js'

/** The loading endpoint rejects a request of more animals than this with 400. */
export const ANIMALS_MAX_BATCH_SIZE = 100

export interface AnimalsPipelineOptions {
  /** HTTP client whose `baseURL` is the animals API, for example `http://localhost:3123`. */
  client: HttpClient
  /** API base URL, used to name the source and target in the state store. */
  apiUrl: string
  /** Listing pages fetched at once once `total_pages` is known. Default 4. */
  pageConcurrency?: number
  /** Listing pages read ahead of the slowest unfinished page. Default 16. */
  pageWindow?: number
  /** Detail requests in flight at once. Default 32. */
  detailConcurrency?: number
  /**
   * Send an `Idempotency-Key` header with each batch. Only for targets that honour it (the
   * bundled simulator does; the original challenge server ignores it). Default false.
   */
  idempotencyKey?: boolean
}

/** Composes the animals pipeline from the generic REST source, transforms and HTTP sink. */
export function createAnimalsPipeline(
  options: AnimalsPipelineOptions,
): PipelineDefinition<AnimalDetail, LoadedAnimal> {
  const { client, apiUrl } = options
  const validateLoaded = createValidator(loadedAnimalSchema, 'outgoing animal')

  const source = createRestSource({
    name: `animals-api ${apiUrl}`,
    client,
    pagination: {
      type: 'page-number',
      url: '/animals/v1/animals?page={page}',
      firstPage: 1,
      totalPagesField: 'total_pages',
      itemsField: 'items',
      concurrency: options.pageConcurrency ?? 4,
      window: options.pageWindow ?? 16,
    },
    schemas: { page: animalsPageSchema, item: animalListItemSchema, detail: animalDetailSchema },
    detail: { url: '/animals/v1/animals/{id}', concurrency: options.detailConcurrency ?? 32 },
    toRecord: (_item, detail) => detail as AnimalDetail,
  })

  const sink = createHttpBatchSink<LoadedAnimal>({
    name: `animals-home ${apiUrl}`,
    client,
    url: '/animals/v1/home',
    maxBatchSize: ANIMALS_MAX_BATCH_SIZE,
    idempotencyKeyHeader: options.idempotencyKey ? 'Idempotency-Key' : undefined,
  })

  return {
    name: 'animals',
    source,
    transform: transformAnimal,
    validateOutput: (record) => validateLoaded(record),
    sink,
    rejectedIndexes: (error) => findRejectedIndexes(error.detail),
  }
}
