export { createMemoryStateStore, type MemoryStateStoreOptions } from './memory-state-store.js'
export { createSqliteStateStore, type SqliteStateStoreOptions } from './sqlite-state-store.js'
export type {
  BatchRecord,
  BatchStatus,
  DeadLetter,
  DeadLetterInput,
  DeadLetterKind,
  ListingCheckpoint,
  ResetReport,
  RunRecord,
  RunStatus,
  StateScope,
  StateStore,
} from './state-store.js'
