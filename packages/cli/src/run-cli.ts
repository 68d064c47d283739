import { setMaxListeners } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, type HttpClient, isFaunaError } from '@fauna-etl/core'
import {
  type EngineEvent,
  type PipelineDefinition,
  type RunSummary,
  replayDeadLetters,
  runPipeline,
} from '@fauna-etl/engine'
import { createHttpClient } from '@fauna-etl/http'
import {
  createMemoryStateStore,
  createSqliteStateStore,
  type StateScope,
  type StateStore,
} from '@fauna-etl/state'
import type { Logger } from 'pino'
import type { CliConfig, CliDefaults } from './cli-options.js'
import { createLogger } from './create-logger.js'
import { logEngineEvent, trackProgress } from './engine-event-log.js'
import { EXIT_CODES, exitCodeOf } from './exit-codes.js'
import { formatHelp } from './format-help.js'
import { formatSummary } from './format-summary.js'
import { createHttpTally } from './http-stats.js'
import { parseCliConfig } from './parse-cli-config.js'
import { formatProgress, type ProgressState } from './progress-line.js'
import { ProgressWriter } from './progress-writer.js'

/** An ETL app: its name, defaults, and how to build its pipeline from the parsed settings. */
export interface EtlApp<TRecord, TOutput> {
  /** Command name shown in help and messages, for example `animals-etl`. */
  command: string
  description: string
  /** Prefix of environment variables, for example `ANIMALS` for `ANIMALS_API_URL`. */
  envPrefix: string
  defaults: CliDefaults
  createPipeline(context: {
    client: HttpClient
    config: CliConfig
  }): PipelineDefinition<TRecord, TOutput>
}

export interface CliIo {
  argv: string[]
  env: Record<string, string | undefined>
  cwd: string
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  /** Install SIGINT and SIGTERM handlers for a graceful stop. Default true. */
  handleSignals?: boolean
  /** Aborts the run like a signal would, for embedding and tests. */
  signal?: AbortSignal
}

export interface CliResult {
  exitCode: number
  summary?: RunSummary
}

const STATE_FILE = 'fauna-state.sqlite'

/** Runs an ETL app's command line to the end and returns its exit code; it never calls exit. */
export async function runCli<TRecord, TOutput>(
  app: EtlApp<TRecord, TOutput>,
  io: CliIo,
): Promise<CliResult> {
  let config: CliConfig
  try {
    config = parseCliConfig({
      argv: io.argv,
      env: io.env,
      envPrefix: app.envPrefix,
      defaults: app.defaults,
      cwd: io.cwd,
    })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.stderr.write(`${app.command}: ${error.message}\n`)
    return { exitCode: EXIT_CODES.config }
  }

  if (config.help) {
    io.stdout.write(`${formatHelp(app)}\n`)
    return { exitCode: EXIT_CODES.complete }
  }

  const interactive =
    config.logFormat === 'pretty' || (config.logFormat === 'auto' && io.stderr.isTTY === true)
  const progress = new ProgressWriter(io.stderr, interactive)
  const logger = createLogger(config, interactive, progress, io.stderr)
  const { tally, record } = createHttpTally()

  const client = createHttpClient({
    baseURL: config.apiUrl,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    writeTimeoutMs: config.writeTimeoutMs,
    retry: { maxAttempts: config.maxAttempts, maxElapsedMs: config.maxElapsedMs },
    hedge: hedgeOptionOf(config.hedge),
    onEvent: (event) => {
      record(event)
      if (event.type === 'retry') {
        logger.debug(
          {
            method: event.method,
            url: event.url,
            attempt: event.attempt,
            status: event.status,
            delayMs: event.delayMs,
            error: event.error.message,
          },
          'request failed, retrying',
        )
      } else if (event.type === 'give-up' && !isAbort(event.error)) {
        logger.warn(
          {
            method: event.method,
            url: event.url,
            attempts: event.attempt,
            elapsedMs: event.elapsedMs,
            error: event.error.message,
          },
          'request failed after its last retry',
        )
      }
    },
  })

  const definition = app.createPipeline({ client, config })
  const scope: StateScope = {
    pipeline: definition.name,
    source: definition.source.name,
    target: definition.sink.name,
  }
  const stateFile = config.state ? join(config.stateDir, STATE_FILE) : 'memory (--no-state)'

  let store: StateStore
  try {
    store = config.state
      ? createSqliteStateStore({ directory: config.stateDir, fileName: STATE_FILE })
      : createMemoryStateStore()
  } catch (error) {
    io.stderr.write(`${app.command}: ${error instanceof Error ? error.message : String(error)}\n`)
    return { exitCode: isFaunaError(error, 'STATE_ERROR') ? EXIT_CODES.config : EXIT_CODES.failed }
  }

  try {
    writeConfiguration(io, logger, interactive, app, config, stateFile, definition)

    if (config.fresh) {
      const discarded = store.reset(scope)
      logger.info({ discarded }, 'discarded saved state (--fresh)')
      if (interactive) {
        io.stderr.write(
          `--fresh: discarded ${discarded.runs} runs, ${discarded.batches} batches, ${discarded.items} item states and ${discarded.deadLetters} dead letters\n`,
        )
      }
    }

    if (config.command === 'replay') {
      return await replay(app, io, config, store, scope, definition, logger)
    }
    const result = await run(
      io,
      config,
      store,
      scope,
      definition,
      logger,
      progress,
      tally,
      stateFile,
      app,
    )
    if (!config.state) writeQuarantineFile(io, store, scope, app.command)
    return result
  } finally {
    progress.stop()
    store.close()
  }
}

async function run<TRecord, TOutput>(
  io: CliIo,
  config: CliConfig,
  store: StateStore,
  scope: StateScope,
  definition: PipelineDefinition<TRecord, TOutput>,
  logger: Logger,
  progress: ProgressWriter,
  tally: ReturnType<typeof createHttpTally>['tally'],
  stateFile: string,
  app: EtlApp<TRecord, TOutput>,
): Promise<CliResult> {
  const stop = new AbortController()
  // Every request in flight listens to this signal, so the default limit of 10 listeners warns.
  setMaxListeners(0, stop.signal)
  let stoppedBy: string | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) {
      io.stderr.write(
        `\n${app.command}: second ${signal}, stopping at once; in-flight batches stay in doubt until the next run\n`,
      )
      process.exit(signal === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted)
    }
    stoppedBy = signal
    progress.clear()
    io.stderr.write(
      `\n${app.command}: ${signal} received, stopping: no new requests, in-flight POSTs get up to ${config.shutdownGraceMs} ms. Press Ctrl-C again to stop at once.\n`,
    )
    stop.abort()
  }
  const handleSignals = io.handleSignals ?? true
  if (handleSignals) {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }
  io.signal?.addEventListener('abort', () => {
    stoppedBy ??= 'SIGTERM'
    stop.abort()
  })

  const state: ProgressState = {
    pages: 0,
    totalPages: undefined,
    fetched: 0,
    loaded: 0,
    rejected: 0,
    startedAt: Date.now(),
  }
  progress.start(() => formatProgress(state, tally, Date.now()))
  const reportInterval = setInterval(() => {
    if (!progress.interactive)
      logger.info(
        { progress: { ...state, retries: tally.retries, hedges: tally.hedges } },
        'progress',
      )
  }, 5_000)
  reportInterval.unref()

  const onEvent = (event: EngineEvent) => {
    trackProgress(state, event)
    logEngineEvent(logger, event)
  }

  let summary: RunSummary
  try {
    summary = await runPipeline(definition, {
      store,
      scope,
      batchSize: config.batchSize,
      sinkConcurrency: config.sinkConcurrency,
      inDoubt: config.inDoubt,
      signal: stop.signal,
      shutdownGraceMs: config.shutdownGraceMs,
      maxConsecutiveFailedBatches: config.maxFailedBatches,
      onEvent,
    })
  } catch (error) {
    progress.clear()
    logger.error({ err: error }, 'run failed')
    io.stderr.write(
      `${app.command}: run failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return { exitCode: EXIT_CODES.failed }
  } finally {
    clearInterval(reportInterval)
    if (handleSignals) {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    progress.stop()
  }

  io.stdout.write(`${formatSummary(summary, tally, stateFile)}\n`)
  io.stdout.write(`${nextStepText(summary, app.command)}\n`)
  logger.info(
    { summary: { ...summary, notLoaded: summary.notLoaded.length }, http: tally },
    'run finished',
  )
  return { exitCode: exitCodeOf(summary.outcome, stoppedBy), summary }
}

async function replay<TRecord, TOutput>(
  app: EtlApp<TRecord, TOutput>,
  io: CliIo,
  config: CliConfig,
  store: StateStore,
  scope: StateScope,
  definition: PipelineDefinition<TRecord, TOutput>,
  logger: Logger,
): Promise<CliResult> {
  const result = await replayDeadLetters({
    store,
    scope,
    sink: definition.sink,
    batchSize: config.batchSize,
    sinkConcurrency: config.sinkConcurrency,
    rejectedIndexes: definition.rejectedIndexes,
    onEvent: (event) => logEngineEvent(logger, event),
  })

  io.stdout.write(
    `Replay: ${result.resent} dead-lettered records sent again, ${result.loaded} loaded, ${result.failed.length} failed again; ` +
      `${result.released} failed fetches released for the next run.\n`,
  )
  for (const item of result.failed.slice(0, 20))
    io.stdout.write(`  id ${String(item.id)}: ${item.reason}\n`)
  if (result.released > 0)
    io.stdout.write(`Run \`${app.command}\` to fetch the released records again.\n`)
  return { exitCode: result.failed.length > 0 ? EXIT_CODES.failed : EXIT_CODES.complete }
}

function nextStepText(summary: RunSummary, command: string): string {
  // State is kept per API URL and state folder, so the next command must repeat both.
  const same = 'with the same --api-url and --state-dir'
  switch (summary.outcome) {
    case 'interrupted':
      return `Stopped at listing position ${String(summary.checkpoint ?? 'start')}. Run \`${command}\` again ${same} to resume from there, or add --fresh to start over.`
    case 'failed':
      return `Some records were not loaded. Run \`${command} replay\` ${same} to resend dead-lettered records and release failed reads, then run \`${command}\` again to fetch them.`
    case 'complete-with-rejections':
      return `Rejected records are in the dead-letter table; after fixing the cause, run \`${command} replay\` ${same}.`
    case 'nothing-to-do':
      return `Nothing was sent. Add --fresh to load everything again.`
    case 'complete':
      return ''
  }
}

function writeConfiguration<TRecord, TOutput>(
  io: CliIo,
  logger: Logger,
  interactive: boolean,
  app: EtlApp<TRecord, TOutput>,
  config: CliConfig,
  stateFile: string,
  definition: PipelineDefinition<TRecord, TOutput>,
) {
  const settings = {
    command: config.command,
    apiUrl: config.apiUrl,
    concurrency: config.concurrency,
    pageConcurrency: config.pageConcurrency,
    batchSize: config.batchSize,
    sinkConcurrency: config.sinkConcurrency,
    timeoutMs: config.timeoutMs,
    writeTimeoutMs: config.writeTimeoutMs,
    maxAttempts: config.maxAttempts,
    maxElapsedMs: config.maxElapsedMs,
    hedge: config.hedge,
    idempotencyKey: config.idempotencyKey,
    inDoubt: config.inDoubt,
    stateFile,
  }
  if (!interactive) {
    logger.info(
      { configuration: settings, source: definition.source.name, target: definition.sink.name },
      'configuration',
    )
    return
  }
  const lines = Object.entries(settings).map(
    ([name, value]) => `  ${name.padEnd(16)} ${String(value)}`,
  )
  io.stderr.write(`${app.command} ${config.command}\n${lines.join('\n')}\n`)
}

/** Without a state file, rejected records would vanish with the process, so they go to a file. */
function writeQuarantineFile(io: CliIo, store: StateStore, scope: StateScope, command: string) {
  const letters = store.listDeadLetters(scope)
  if (letters.length === 0) return

  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const path = join(io.cwd, `${command}-rejected-${stamp}.jsonl`)
  const lines = letters.map((letter) =>
    JSON.stringify({
      kind: letter.kind,
      id: letter.id,
      reason: letter.reason,
      origin: letter.origin,
      payload: letter.payload,
      createdAt: letter.createdAt,
    }),
  )
  writeFileSync(path, `${lines.join('\n')}\n`)
  io.stdout.write(`${letters.length} rejected records written to ${path}\n`)
}

function hedgeOptionOf(hedge: CliConfig['hedge']): false | { delayMs?: number } {
  if (hedge === 'off') return false
  if (hedge === 'auto') return {}
  return { delayMs: hedge }
}

/** Aborted requests are the shutdown working as intended, not failures worth a warning. */
function isAbort(error: Error): boolean {
  return error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORTED'
}
