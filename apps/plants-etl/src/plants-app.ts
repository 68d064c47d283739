import type { EtlApp } from '@fauna-etl/cli'
import { createPlantsPipeline, PLANTS_MAX_BATCH_SIZE } from './plants-pipeline.js'
import type { LoadedPlant, PlantListItem } from './schemas.js'

/** The plants ETL: every plant of the plants API, planted through its `/garden/v1/beds` endpoint. */
export const plantsApp: EtlApp<PlantListItem, LoadedPlant> = {
  command: 'plants-etl',
  description:
    'Loads every plant of the plants API into its garden beds endpoint, resuming where an earlier run stopped.',
  envPrefix: 'PLANTS',
  defaults: {
    apiUrl: 'http://localhost:3124',
    maxBatchSize: PLANTS_MAX_BATCH_SIZE,
    idempotencyKey: false,
  },
  createPipeline: ({ client, config }) =>
    createPlantsPipeline({ client, apiUrl: config.apiUrl, idempotencyKey: config.idempotencyKey }),
}
