export type { AnimalsPipelineOptions } from './create-animals-pipeline.js'
export { ANIMALS_MAX_BATCH_SIZE, createAnimalsPipeline } from './create-animals-pipeline.js'
export type { AnimalDetail, AnimalListItem, AnimalsPage, LoadedAnimal } from './schemas.js'
export {
  animalDetailSchema,
  animalListItemSchema,
  animalsPageSchema,
  loadedAnimalSchema,
} from './schemas.js'
export { transformAnimal } from './transform-animal.js'
