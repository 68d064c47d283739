import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '@fauna-etl/core'
import { describe, expect, it } from 'vitest'
import { parseCliConfig } from '../src/index.js'

const cwd = mkdtempSync(join(tmpdir(), 'fauna-cli-'))
const defaults = { apiUrl: 'http://localhost:3123', maxBatchSize: 100, idempotencyKey: false }

function parse(argv: string[], env: Record<string, string> = {}) {
  return parseCliConfig({ argv, env, envPrefix: 'ANIMALS', defaults, cwd })
}

function problemsOf(argv: string[], env: Record<string, string> = {}) {
  try {
    parse(argv, env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseCliConfig', () => {
  it('uses the defaults', () => {
    const config = parse([])

    expect(config.apiUrl).toBe('http://localhost:3123')
    expect(config.batchSize).toBe(100)
    expect(config.command).toBe('run')
    expect(config.stateDir).toBe(join(cwd, '.fauna-state'))
  })

  it('prefers flags over the environment', () => {
    const config = parse(['--concurrency', '8'], {
      ANIMALS_CONCURRENCY: '4',
      ANIMALS_BATCH_SIZE: '50',
    })

    expect(config.concurrency).toBe(8)
    expect(config.batchSize).toBe(50)
  })

  it('skips the -- that pnpm passes on', () => {
    expect(parse(['--', '--api-url', 'http://127.0.0.1:9/']).apiUrl).toBe('http://127.0.0.1:9')
  })

  it('reads the replay command', () => {
    expect(parse(['replay']).command).toBe('replay')
  })

  it('reads negated booleans', () => {
    expect(
      parse(['--no-idempotency-key'], { ANIMALS_IDEMPOTENCY_KEY: 'true' }).idempotencyKey,
    ).toBe(false)
  })

  it.each([
    ['auto', 'auto'],
    ['off', 'off'],
    ['250', 250],
  ])('reads --hedge %s', (value, expected) => {
    expect(parse(['--hedge', value]).hedge).toBe(expected)
  })

  it.each([
    [['--api-url', 'notaurl'], '--api-url', 'absolute http:// or https:// URL'],
    [['--api-url', 'ftp://host'], '--api-url', 'http:// or https://'],
    [['--concurrency', '0'], '--concurrency', 'expected 1 to 1024'],
    [['--concurrency', '-3'], '--concurrency', 'expected 1 to 1024'],
    [['--batch-size', '101'], '--batch-size', 'at most 100'],
    [['--batch-size', 'abc'], '--batch-size', 'whole number'],
    [['--in-doubt', 'maybe'], '--in-doubt', 'resend, skip, fail'],
    [['--hedge', 'fast'], '--hedge', 'auto, off, or a delay'],
    [['--bogus'], '--bogus', 'unknown flag'],
    [['--concurrency'], '--concurrency', 'missing value'],
    [['--write-timeout-ms', '10000'], '--write-timeout-ms', 'must exceed 15000'],
    [['load'], 'command', 'unknown command'],
  ])('rejects %j', (argv, option, message) => {
    const problems = problemsOf(argv)

    expect(problems.map((problem) => problem.option)).toContain(option)
    expect(problems.find((problem) => problem.option === option)?.message).toContain(message)
  })

  it('names the environment variable', () => {
    const problems = problemsOf([], { ANIMALS_CONCURRENCY: '0' })

    expect(problems).toEqual([expect.objectContaining({ option: 'ANIMALS_CONCURRENCY', value: 0 })])
  })

  it('rejects a state folder under a file', () => {
    const file = join(cwd, 'plain-file')
    writeFileSync(file, 'not a folder')

    const problems = problemsOf(['--state-dir', join(file, 'state')])

    expect(problems[0]?.message).toContain('is not a folder')
  })

  it('lists every problem at once', () => {
    const problems = problemsOf(['--concurrency', '0', '--batch-size', '500', '--api-url', 'x'])

    expect(problems.map((problem) => problem.option).sort()).toEqual([
      '--api-url',
      '--batch-size',
      '--concurrency',
    ])
  })
})
