export type { BatchLoaderOptions, PendingRecord } from './batch-loader.js'
export { BatchLoader } from './batch-loader.js'
export { PageTracker } from './page-tracker.js'
export type { ReplayOptions, ReplaySummary } from './replay-dead-letters.js'
export { replayDeadLetters } from './replay-dead-letters.js'
export { runPipeline } from './run-pipeline.js'
export type {
  EngineEvent,
  InDoubtBatch,
  InDoubtPolicy,
  NotLoaded,
  OutputCheck,
  PipelineDefinition,
  RunOptions,
  RunOutcome,
  RunSummary,
} from './types.js'
