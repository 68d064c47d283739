import { parseArgs } from 'node:util'
import { type AnimalsSimulatorOptions, resolveSimulatorOptions } from './simulator-options.js'

export const DEFAULT_CLI_PORT = 3123

export const CLI_HELP = `Usage: fauna-animals-simulator [flags]

Serves a simulator of the animals API, chaos included, until Ctrl-C, then prints its report.

Flags:
  --port <n>               TCP port, 0 for a free one (default ${DEFAULT_CLI_PORT})
  --host <address>         address to listen on (default 127.0.0.1)
  --seed <n>               seed of data and chaos, 0 to 4294967295 (default random)
  --pages <n>              pages of 10 animals, 1 to 1000000 (default drawn from the seed, 500 to 600)
  --now <time>             latest born_at, epoch ms or ISO 8601 with zone (default start time)
  --chaos-rate <p>         probability 0 to 1 that a request is disturbed (default 2/101)
  --chaos-error-share <p>  share 0 to 1 of disturbed requests that fail instead of pausing (default 0.5)
  --pause-scale <x>        factor on the 5 to 15 s chaos pauses, 0 to 1000 (default 1)
  --verify                 fail a POST with 500 on a duplicate or unknown id (default off)
  --detail-latency-ms <n>  extra latency of each detail request in ms (default 0)
  --max-batch-size <n>     animals per POST before 400 (default 100)
  --reject-ids <ids>       comma-separated ids whose POST gets 422 (default none)
  --no-idempotency         ignore the Idempotency-Key header (default: honoured)
  --help                   print this help
`

export type CliCommand = { kind: 'help' } | { kind: 'serve'; options: AnimalsSimulatorOptions }

const FLAG_BY_OPTION: Record<string, string> = {
  seed: '--seed',
  pages: '--pages',
  now: '--now',
  chaosRate: '--chaos-rate',
  chaosErrorShare: '--chaos-error-share',
  pauseScale: '--pause-scale',
  detailLatencyMs: '--detail-latency-ms',
  maxBatchSize: '--max-batch-size',
  rejectIds: '--reject-ids',
  port: '--port',
  host: '--host',
}

/**
 * Parses the command line of `fauna-animals-simulator`. Throws an `Error` naming the flag and
 * the value for an unknown flag or an invalid value.
 */
export function parseCliArgs(argv: string[]): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      pages: { type: 'string' },
      now: { type: 'string' },
      'chaos-rate': { type: 'string' },
      'chaos-error-share': { type: 'string' },
      'pause-scale': { type: 'string' },
      verify: { type: 'boolean' },
      'detail-latency-ms': { type: 'string' },
      'max-batch-size': { type: 'string' },
      'reject-ids': { type: 'string' },
      'no-idempotency': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })

  if (values.help) return { kind: 'help' }

  const options: AnimalsSimulatorOptions = {
    port: values.port === undefined ? DEFAULT_CLI_PORT : toNumber('--port', values.port),
    host: values.host,
    seed: optionalNumber('--seed', values.seed),
    pages: optionalNumber('--pages', values.pages),
    now: values.now === undefined ? undefined : toEpochMs(values.now),
    chaosRate: optionalNumber('--chaos-rate', values['chaos-rate']),
    chaosErrorShare: optionalNumber('--chaos-error-share', values['chaos-error-share']),
    pauseScale: optionalNumber('--pause-scale', values['pause-scale']),
    verify: values.verify ?? false,
    detailLatencyMs: optionalNumber('--detail-latency-ms', values['detail-latency-ms']),
    maxBatchSize: optionalNumber('--max-batch-size', values['max-batch-size']),
    rejectIds: values['reject-ids']?.split(',').map((id) => toNumber('--reject-ids', id)),
    idempotency: !values['no-idempotency'],
  }
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as AnimalsSimulatorOptions

  try {
    resolveSimulatorOptions(defined)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw new Error(renameOptions(error.message), { cause: error })
  }
  return { kind: 'serve', options: defined }
}

function optionalNumber(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : toNumber(flag, text)
}

function toNumber(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text)
  if (Number.isNaN(value)) throw new Error(`Invalid ${flag} "${text}": expected a number.`)
  return value
}

function toEpochMs(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)

  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)
  const value = Date.parse(text)
  if (!hasZone || Number.isNaN(value)) {
    throw new Error(
      `Invalid --now "${text}": expected epoch milliseconds or an ISO 8601 time with a zone, such as 2024-01-01T00:00:00Z.`,
    )
  }
  return value
}

// Error messages of the options name the JavaScript option; a CLI user knows the flag.
function renameOptions(message: string): string {
  return message.replace(/option "(\w+)"/g, (whole, name: string) => FLAG_BY_OPTION[name] ?? whole)
}
