import type { InDoubtPolicy } from '@fauna-etl/engine'

/** Settings of one run, after flags, environment variables and defaults are merged and checked. */
export interface CliConfig {
  command: 'run' | 'replay'
  apiUrl: string
  concurrency: number
  pageConcurrency: number
  batchSize: number
  sinkConcurrency: number
  timeoutMs: number
  writeTimeoutMs: number
  maxAttempts: number
  maxElapsedMs: number
  /** `auto` adapts the delay to observed latency; `off` turns hedging off; a number fixes it (ms). */
  hedge: 'auto' | 'off' | number
  idempotencyKey: boolean
  stateDir: string
  /** False keeps state in memory only: no resume, and rejected records go to a JSON Lines file. */
  state: boolean
  fresh: boolean
  inDoubt: InDoubtPolicy
  shutdownGraceMs: number
  maxFailedBatches: number
  logFormat: 'auto' | 'pretty' | 'json'
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  help: boolean
}

type Kind = 'url' | 'integer' | 'boolean' | 'choice' | 'hedge' | 'path'

export interface OptionSpec {
  key: keyof CliConfig
  flag: string
  /** Suffix of the environment variable, after the app's prefix and an underscore. */
  env?: string
  kind: Kind
  description: string
  unit?: string
  min?: number
  max?: number | ((config: Partial<CliConfig>) => number)
  choices?: readonly string[]
}

export interface CliDefaults {
  apiUrl: string
  /** The target's maximum batch size; also the default batch size. */
  maxBatchSize: number
  idempotencyKey: boolean
}

/** Every flag the runner takes, in the order `--help` lists them. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    key: 'apiUrl',
    flag: 'api-url',
    env: 'API_URL',
    kind: 'url',
    description: 'Base URL of the API',
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    env: 'CONCURRENCY',
    kind: 'integer',
    min: 1,
    max: 1024,
    unit: 'requests',
    description: 'HTTP requests in flight at once, hedges included',
  },
  {
    key: 'pageConcurrency',
    flag: 'page-concurrency',
    env: 'PAGE_CONCURRENCY',
    kind: 'integer',
    min: 1,
    max: 256,
    unit: 'pages',
    description: 'Listing pages fetched at once',
  },
  {
    key: 'batchSize',
    flag: 'batch-size',
    env: 'BATCH_SIZE',
    kind: 'integer',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    unit: 'records',
    description: 'Records per POST (at most the target maximum)',
  },
  {
    key: 'sinkConcurrency',
    flag: 'sink-concurrency',
    env: 'SINK_CONCURRENCY',
    kind: 'integer',
    min: 1,
    max: 64,
    unit: 'batches',
    description: 'Batches posted at once',
  },
  {
    key: 'timeoutMs',
    flag: 'timeout-ms',
    env: 'TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    max: 600_000,
    unit: 'ms',
    description: 'Timeout of one read attempt',
  },
  {
    key: 'writeTimeoutMs',
    flag: 'write-timeout-ms',
    env: 'WRITE_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    max: 600_000,
    unit: 'ms',
    description: 'Timeout of one POST attempt; keep it above the longest server pause (15 s)',
  },
  {
    key: 'maxAttempts',
    flag: 'max-attempts',
    env: 'MAX_ATTEMPTS',
    kind: 'integer',
    min: 1,
    max: 100,
    unit: 'attempts',
    description: 'Attempts per request before it is dead-lettered',
  },
  {
    key: 'maxElapsedMs',
    flag: 'max-elapsed-ms',
    env: 'MAX_ELAPSED_MS',
    kind: 'integer',
    min: 1_000,
    max: 3_600_000,
    unit: 'ms',
    description: 'Time one request may spend on retries',
  },
  {
    key: 'hedge',
    flag: 'hedge',
    env: 'HEDGE',
    kind: 'hedge',
    unit: 'auto | off | ms',
    description: 'Delay before a slow read is duplicated',
  },
  {
    key: 'idempotencyKey',
    flag: 'idempotency-key',
    env: 'IDEMPOTENCY_KEY',
    kind: 'boolean',
    description: 'Send an Idempotency-Key header per batch (only for targets that honour it)',
  },
  {
    key: 'stateDir',
    flag: 'state-dir',
    env: 'STATE_DIR',
    kind: 'path',
    description: 'Folder of the SQLite state file',
  },
  {
    key: 'state',
    flag: 'state',
    env: 'STATE',
    kind: 'boolean',
    description:
      'Keep state in the state folder; --no-state keeps none (no resume) and writes rejected records to a JSON Lines file in the working folder',
  },

  {
    key: 'fresh',
    flag: 'fresh',
    kind: 'boolean',
    description: 'Discard the saved state and start over',
  },
  {
    key: 'inDoubt',
    flag: 'in-doubt',
    env: 'IN_DOUBT',
    kind: 'choice',
    choices: ['resend', 'skip', 'fail'],
    description:
      'Action for a batch that an earlier run sent but never saw acknowledged, when the target has no idempotency keys',
  },
  {
    key: 'maxFailedBatches',
    flag: 'max-failed-batches',
    env: 'MAX_FAILED_BATCHES',
    kind: 'integer',
    min: 1,
    max: 10_000,
    unit: 'batches',
    description:
      'Batches dead-lettered in a row (after all their retries) that stop the run; records not reached stay for the next run',
  },
  {
    key: 'shutdownGraceMs',
    flag: 'shutdown-grace-ms',
    env: 'SHUTDOWN_GRACE_MS',
    kind: 'integer',
    min: 0,
    max: 600_000,
    unit: 'ms',
    description: 'Time in-flight POSTs get to finish after Ctrl-C or SIGTERM',
  },
  {
    key: 'logFormat',
    flag: 'log-format',
    env: 'LOG_FORMAT',
    kind: 'choice',
    choices: ['auto', 'pretty', 'json'],
    description: 'auto: progress on a terminal, JSON logs otherwise',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'LOG_LEVEL',
    kind: 'choice',
    choices: ['debug', 'info', 'warn', 'error'],
    description: 'Lowest log level written',
  },
  { key: 'help', flag: 'help', kind: 'boolean', description: 'Show this help' },
]

export function defaultConfig(defaults: CliDefaults): CliConfig {
  return {
    command: 'run',
    apiUrl: defaults.apiUrl,
    concurrency: 32,
    pageConcurrency: 4,
    batchSize: defaults.maxBatchSize,
    // A POST that the server pauses keeps its slot for 5 to 15 s and cannot be hedged, and
    // reading stalls once every slot is held, so spare slots keep reading going (docs/benchmarks.md).
    sinkConcurrency: 8,
    // Below the shortest server pause (5 s): a read whose first copy and hedge are both paused is
    // abandoned and retried instead of waiting out the pause (docs/benchmarks.md).
    timeoutMs: 3_000,
    writeTimeoutMs: 30_000,
    maxAttempts: 10,
    maxElapsedMs: 180_000,
    hedge: 'auto',
    idempotencyKey: defaults.idempotencyKey,
    stateDir: '.fauna-state',
    state: true,
    fresh: false,
    inDoubt: 'skip',
    shutdownGraceMs: 20_000,
    maxFailedBatches: 5,
    logFormat: 'auto',
    logLevel: 'info',
    help: false,
  }
}
