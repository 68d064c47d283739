import { parseArgs } from 'node:util'
import type { PlantsSimulatorOptions } from './simulator-options.js'

export const DEFAULT_CLI_PORT = 3124

export const CLI_USAGE = `Usage: fauna-plants-simulator [options]

Serves a simulated plants API on loopback until interrupted, then prints the delivery report.

Options:
  --port <n>             TCP port, 0 for a free one (default: ${DEFAULT_CLI_PORT})
  --host <address>       address to listen on (default: 127.0.0.1)
  --seed <n>             seed of the data and chaos, 0 to 4294967295 (default: 1)
  --plants <n>           number of plants in the source, 0 to 1000000 (default: 1234)
  --chaos-rate <p>       probability from 0 to 1 that a request is disturbed (default: 0.0198, 2/101)
  --pause-scale <f>      factor for chaos pauses of 5 to 15 s, 0 for none (default: 1)
  --max-batch-size <n>   maximum plants per POST /garden/v1/beds (default: 50)
  --verify               reject wrong values (422), duplicates and unknown ids (500)
  --no-idempotency       ignore the Idempotency-Key header
  -h, --help             show this help
`

export type CliCommand = { help: true } | { help: false; options: PlantsSimulatorOptions }

const NUMBER_FLAGS = {
  port: 'port',
  seed: 'seed',
  plants: 'plants',
  'chaos-rate': 'chaosRate',
  'pause-scale': 'pauseScale',
  'max-batch-size': 'maxBatchSize',
} as const

/**
 * Parses command-line arguments into simulator options. Throws a `TypeError` for an unknown flag
 * or a value that is not a number. Ranges are checked later, when the simulator starts.
 */
export function parseCliArguments(args: string[]): CliCommand {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      plants: { type: 'string' },
      'chaos-rate': { type: 'string' },
      'pause-scale': { type: 'string' },
      'max-batch-size': { type: 'string' },
      verify: { type: 'boolean' },
      'no-idempotency': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })

  if (values.help) return { help: true }

  const options: PlantsSimulatorOptions = { port: DEFAULT_CLI_PORT }
  for (const [flag, option] of Object.entries(NUMBER_FLAGS)) {
    const text = values[flag as keyof typeof NUMBER_FLAGS]
    if (text === undefined) continue

    const value = text.trim() === '' ? Number.NaN : Number(text)
    if (Number.isNaN(value)) {
      throw new TypeError(`Invalid --${flag} ${JSON.stringify(text)}: expected a number.`)
    }
    options[option] = value
  }
  if (values.host !== undefined) options.host = values.host
  if (values.verify) options.verify = true
  if (values['no-idempotency']) options.idempotency = false

  return { help: false, options }
}
