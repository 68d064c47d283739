import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, type ConfigProblem } from '@fauna-etl/core'
import {
  type CliConfig,
  type CliDefaults,
  defaultConfig,
  OPTION_SPECS,
  type OptionSpec,
} from './cli-options.js'

export interface ParseInput {
  argv: string[]
  env: Record<string, string | undefined>
  /** Prefix of the app's environment variables, for example `ANIMALS`. */
  envPrefix: string
  defaults: CliDefaults
  cwd: string
}

const COMMANDS = ['run', 'replay'] as const

/**
 * Merges flags, environment variables and defaults (in that order of precedence) and checks
 * every value. Throws one `ConfigError` listing every problem, before any request is sent.
 */
export function parseCliConfig(input: ParseInput): CliConfig {
  const config = defaultConfig(input.defaults)
  const problems: ConfigProblem[] = []
  // The flag or environment variable each value came from, so that a problem names what was set.
  const sources = new Map<keyof CliConfig, string>()

  // `pnpm --filter app start -- --flag` passes the `--` on to the script.
  const argv = input.argv[0] === '--' ? input.argv.slice(1) : input.argv

  // Non-strict parsing with tokens, so that unknown flags and missing values join the other
  // problems in one message instead of stopping at the first.
  const options = parseArgsOptions()
  const parsed = parseArgs({
    args: argv,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  })
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    const spec = options[token.name]
    if (!spec) {
      problems.push({
        option: token.rawName,
        value: token.value ?? token.rawName,
        message: 'unknown flag; run with --help for the list of flags',
      })
    } else if (spec.type === 'string' && token.value === undefined) {
      problems.push({ option: token.rawName, value: undefined, message: 'missing value' })
      delete parsed.values[token.name]
    }
  }

  const [command, ...extra] = parsed.positionals
  if (command !== undefined) {
    if ((COMMANDS as readonly string[]).includes(command))
      config.command = command as CliConfig['command']
    else
      problems.push({
        option: 'command',
        value: command,
        message: `unknown command; expected one of ${COMMANDS.join(', ')}`,
      })
  }
  if (extra.length > 0)
    problems.push({
      option: 'arguments',
      value: extra.join(' '),
      message: 'unexpected extra arguments',
    })

  for (const spec of OPTION_SPECS) {
    const negated = parsed.values[`no-${spec.flag}`] === true
    const fromFlag = negated ? false : parsed.values[spec.flag]
    const envName = spec.env ? `${input.envPrefix}_${spec.env}` : undefined
    const fromEnv = envName ? input.env[envName] : undefined
    const raw = fromFlag ?? (fromEnv === '' ? undefined : fromEnv)
    if (raw === undefined) continue

    const option = fromFlag !== undefined ? `--${spec.flag}` : (envName as string)
    sources.set(spec.key, option)
    const value = convert(spec, raw, option, input.defaults, problems)
    if (value !== undefined) (config as unknown as Record<string, unknown>)[spec.key] = value
  }

  checkRanges(config, input.defaults, sources, problems)
  checkCombinations(config, problems)
  config.stateDir = resolve(input.cwd, config.stateDir)
  if (config.state) checkStateDir(config.stateDir, problems)

  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

function parseArgsOptions() {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {}
  for (const spec of OPTION_SPECS) {
    options[spec.flag] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' }
    if (spec.kind === 'boolean' && spec.flag !== 'help' && spec.flag !== 'fresh') {
      options[`no-${spec.flag}`] = { type: 'boolean' }
    }
  }
  options.help = { type: 'boolean', short: 'h' }
  return options
}

function convert(
  spec: OptionSpec,
  raw: string | boolean | (string | boolean)[],
  option: string,
  defaults: CliDefaults,
  problems: ConfigProblem[],
): unknown {
  const text = Array.isArray(raw) ? String(raw.at(-1)) : raw

  switch (spec.kind) {
    case 'boolean': {
      if (typeof text === 'boolean') return text
      if (['1', 'true', 'yes', 'on'].includes(text.toLowerCase())) return true
      if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false
      problems.push({
        option,
        value: text,
        message: 'expected true, false, 1, 0, yes, no, on or off',
      })
      return undefined
    }
    case 'integer': {
      const value = Number(text)
      if (typeof text !== 'string' || text.trim() === '' || !Number.isInteger(value)) {
        problems.push({
          option,
          value: text,
          message: `expected a whole number${rangeText(spec, defaults)}`,
        })
        return undefined
      }
      return value
    }
    case 'choice': {
      if (!spec.choices?.includes(String(text))) {
        problems.push({
          option,
          value: text,
          message: `expected one of ${spec.choices?.join(', ')}`,
        })
        return undefined
      }
      return text
    }
    case 'hedge': {
      if (text === 'auto' || text === 'off') return text
      const value = Number(text)
      if (!Number.isInteger(value) || value < 1 || value > 60_000) {
        problems.push({
          option,
          value: text,
          message: 'expected auto, off, or a delay in ms from 1 to 60000',
        })
        return undefined
      }
      return value
    }
    case 'url': {
      let url: URL
      try {
        url = new URL(String(text))
      } catch {
        problems.push({
          option,
          value: text,
          message:
            'expected an absolute http:// or https:// URL, for example http://localhost:3123',
        })
        return undefined
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        problems.push({ option, value: text, message: 'expected an http:// or https:// URL' })
        return undefined
      }
      return String(text).replace(/\/+$/, '')
    }
    case 'path':
      return String(text)
  }
}

function rangeText(spec: OptionSpec, defaults: CliDefaults): string {
  // The batch size's maximum is the target's, which the app sets in its defaults.
  const max = spec.key === 'batchSize' ? defaults.maxBatchSize : spec.max
  if (spec.min === undefined || typeof max !== 'number' || !Number.isFinite(max)) return ''
  return ` from ${spec.min} to ${max}`
}

function checkRanges(
  config: CliConfig,
  defaults: CliDefaults,
  sources: Map<keyof CliConfig, string>,
  problems: ConfigProblem[],
) {
  for (const spec of OPTION_SPECS) {
    if (spec.kind !== 'integer') continue
    const value = config[spec.key] as number
    const min = spec.min ?? Number.NEGATIVE_INFINITY
    const max = spec.key === 'batchSize' ? defaults.maxBatchSize : (spec.max as number)
    if (!Number.isInteger(value) || (value >= min && value <= max)) continue

    const hint =
      spec.key === 'batchSize'
        ? ` (the target takes at most ${defaults.maxBatchSize} per request)`
        : ''
    problems.push({
      option: sources.get(spec.key) ?? `--${spec.flag}`,
      value,
      message: `out of range; expected ${min} to ${max}${hint}`,
    })
  }

  if (config.writeTimeoutMs <= 15_000 && !config.idempotencyKey) {
    problems.push({
      option: sources.get('writeTimeoutMs') ?? '--write-timeout-ms',
      value: config.writeTimeoutMs,
      message:
        'must exceed 15000: the server may pause a POST for up to 15 s, and a POST abandoned earlier may be applied twice; raise it or enable --idempotency-key',
    })
  }
}

/** The state folder must be a writable folder, or creatable inside a writable one. */
function checkStateDir(path: string, problems: ConfigProblem[]) {
  let existing = path
  for (;;) {
    try {
      const stats = statSync(existing)
      if (!stats.isDirectory()) {
        problems.push({
          option: '--state-dir',
          value: path,
          message: `${existing} exists but is not a folder; pass another --state-dir`,
        })
        return
      }
      break
    } catch {
      const parent = dirname(existing)
      if (parent === existing) return
      existing = parent
    }
  }

  try {
    accessSync(existing, constants.R_OK | constants.W_OK)
  } catch {
    problems.push({
      option: '--state-dir',
      value: path,
      message: `${existing} is not readable and writable by this user; fix its permissions or pass another --state-dir`,
    })
  }
}

/** Flags that make no sense together, because the second one would be ignored or destructive. */
function checkCombinations(config: CliConfig, problems: ConfigProblem[]) {
  if (config.command !== 'replay') return

  if (config.fresh) {
    problems.push({
      option: '--fresh',
      value: true,
      message:
        'cannot be used with replay, which would discard the dead letters it is meant to send; run --fresh without replay to start over',
    })
  }
  if (!config.state) {
    problems.push({
      option: '--no-state',
      value: true,
      message: 'cannot be used with replay, which reads the dead letters from the state file',
    })
  }
}
