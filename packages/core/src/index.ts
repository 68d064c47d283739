export type {
  ConfigProblem,
  FaunaErrorCode,
  FaunaErrorOptions,
  HttpErrorOptions,
  RequestDescription,
  RetryLimit,
  ValidationErrorOptions,
  ValidationIssue,
} from './errors.js'
export {
  AbortError,
  BatchTooLargeError,
  ConfigError,
  FaunaError,
  HttpError,
  isFaunaError,
  isRetryableStatus,
  NetworkError,
  RETRYABLE_STATUSES,
  RetryExhaustedError,
  StateError,
  TimeoutError,
  ValidationError,
} from './errors.js'
export type {
  GetOptions,
  HttpClient,
  HttpEvent,
  HttpEventListener,
  PostOptions,
  RequestLabel,
  RequestOptions,
} from './http-client.js'
export type { Sink, SinkWriteContext, SinkWriteResult } from './sink.js'
export type {
  ListingAnomalyCode,
  ListingPosition,
  RecordId,
  RecordOrigin,
  Source,
  SourceEvent,
  SourceReadOptions,
} from './source.js'
