import {
  ANIMALS_MAX_BATCH_SIZE,
  type AnimalDetail,
  createAnimalsPipeline,
  type LoadedAnimal,
} from '@fauna-etl/animals-pipeline'
import type { EtlApp } from '@fauna-etl/cli'

/** The animals ETL: every animal of the animals API, loaded into its `/animals/v1/home` endpoint. */
export const animalsApp: EtlApp<AnimalDetail, LoadedAnimal> = {
  command: 'animals-etl',
  description:
    'Loads every animal of the animals API into its loading endpoint, resuming where an earlier run stopped.',
  envPrefix: 'ANIMALS',
  defaults: {
    apiUrl: 'http://localhost:3123',
    maxBatchSize: ANIMALS_MAX_BATCH_SIZE,
    idempotencyKey: false,
  },
  createPipeline: ({ client, config }) =>
    createAnimalsPipeline({
      client,
      apiUrl: config.apiUrl,
      pageConcurrency: config.pageConcurrency,
      detailConcurrency: config.concurrency,
      idempotencyKey: config.idempotencyKey,
    }),
}
