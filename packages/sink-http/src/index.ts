export { findRejectedIndexes } from './find-rejected-indexes.js'
export type { HttpBatchSinkOptions } from './http-batch-sink.js'
export { createHttpBatchSink } from './http-batch-sink.js'
export { parseBatchLimit, toBatchTooLargeError } from './to-batch-too-large-error.js'
