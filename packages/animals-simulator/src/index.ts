export { ANIMAL_NAMES } from './animal-names.js'
export {
  type AnimalDetail,
  type AnimalsDataset,
  type AnimalsDatasetOptions,
  createAnimalsDataset,
  EARLIEST_BORN_AT_MS,
  type ListedAnimal,
  PAGE_SIZE,
  splitFriends,
} from './animals-dataset.js'
export { type AnimalsSimulator, startAnimalsSimulator } from './animals-simulator.js'
export { formatReport } from './format-report.js'
export type { AnimalsSimulatorOptions, SimulatorEvent } from './simulator-options.js'
export type { DeliveryReport, WrongValue } from './verification-ledger.js'
export type { RequestStats, VerificationReport } from './verification-report.js'
