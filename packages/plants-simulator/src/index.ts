export type { DeliverySummary, WrongValue } from './delivery-ledger.js'
export { formatReport, isVerified } from './format-report.js'
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './list-plants-route.js'
export type { LoadedPlant } from './loaded-plant.js'
export { expectedLoadedPlant, toLoadedPlant, WATERING_DAYS } from './loaded-plant.js'
export type { ItemError } from './plant-batch-validation.js'
export type { PlantDatasetOptions, SourcePlant, Watering } from './plant-dataset.js'
export {
  DEFAULT_SEED,
  generatePlant,
  MAX_PLANTS,
  plantId,
  plantIndexFromId,
} from './plant-dataset.js'
export { PLANT_NAMES } from './plant-names.js'
export type { PlantsSimulator, PlantsSimulatorReport } from './plants-simulator.js'
export { startPlantsSimulator } from './plants-simulator.js'
export type { PlantsSimulatorOptions } from './simulator-options.js'
export { DEFAULT_SIMULATOR_OPTIONS } from './simulator-options.js'
