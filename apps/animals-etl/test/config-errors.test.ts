import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type FaultServer, startFaultServer } from '@fauna-etl/http/test'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runEtl, spawnEtl, useTempDir } from './etl-harness.js'

let server: FaultServer

beforeEach(async () => {
  server = await startFaultServer({ '*': { status: 200, body: [] } })
})

afterEach(async () => {
  await server.close()
})

interface BadConfig {
  name: string
  /** Flags after `--api-url <fault server>`; `{dir}` is replaced by a temporary folder. */
  flags: string[]
  env?: Record<string, string>
  /** Text that stderr must contain: the option, the value and what is accepted. */
  expected: string[]
}

describe('animals-etl configuration errors', () => {
  it.each<BadConfig>([
    {
      name: 'concurrency 0',
      flags: ['--concurrency', '0'],
      expected: ['--concurrency', 'got 0', 'expected 1 to 1024'],
    },
    {
      name: 'concurrency -3',
      flags: ['--concurrency', '-3'],
      expected: ['--concurrency', 'got -3', 'expected 1 to 1024'],
    },
    {
      name: 'batch size 101',
      flags: ['--batch-size', '101'],
      expected: ['--batch-size', 'got 101', 'expected 1 to 100'],
    },
    {
      name: 'batch size abc',
      flags: ['--batch-size', 'abc'],
      expected: ['--batch-size', 'got "abc"', 'whole number from 1 to 100'],
    },
    {
      name: 'unknown flag',
      flags: ['--bogus'],
      expected: ['--bogus', 'unknown flag', 'run with --help for the list of flags'],
    },
    {
      name: 'in-doubt maybe',
      flags: ['--in-doubt', 'maybe'],
      expected: ['--in-doubt', 'got "maybe"', 'expected one of resend, skip, fail'],
    },
    {
      name: 'hedge fast',
      flags: ['--hedge', 'fast'],
      expected: ['--hedge', 'got "fast"', 'expected auto, off, or a delay in ms from 1 to 60000'],
    },
    {
      name: 'state dir under a file',
      flags: ['--state-dir', '{dir}/file/state'],
      expected: ['--state-dir', 'got "{dir}/file/state"', '{dir}/file exists but is not a folder'],
    },
    {
      name: 'concurrency 0 in env',
      flags: [],
      env: { ANIMALS_CONCURRENCY: '0' },
      expected: ['ANIMALS_CONCURRENCY', 'got 0', 'expected 1 to 1024'],
    },
  ])('rejects $name', async ({ flags, env, expected }) => {
    const dir = useTempDir()
    writeFileSync(join(dir, 'file'), 'not a folder')
    const fill = (text: string) => text.replaceAll('{dir}', dir)

    const run = await runEtl(['--api-url', server.url, ...flags.map(fill)], env)

    expect(run.exitCode).toBe(2)
    expect(run.summary).toBeUndefined()
    for (const text of expected) expect(run.stderr).toContain(fill(text))
    expect(run.stdout).toBe('')
    expect(server.requests).toHaveLength(0)
  })

  it('rejects a malformed API URL', async () => {
    const run = await runEtl(['--api-url', 'notaurl'])

    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--api-url')
    expect(run.stderr).toContain('got "notaurl"')
    expect(run.stderr).toContain('expected an absolute http:// or https:// URL')
  })

  it('lists every problem at once', async () => {
    const run = spawnEtl([
      '--api-url',
      server.url,
      '--concurrency',
      '0',
      '--batch-size',
      '101',
      '--in-doubt',
      'maybe',
      '--hedge',
      'fast',
      '--bogus',
      '--state-dir',
      useTempDir(),
    ])

    const { code } = await run.exited

    const lines = run.stderr().trimEnd().split('\n')
    expect(code).toBe(2)
    expect(lines[0]).toBe('animals-etl: Invalid configuration:')
    expect(lines.slice(1).sort()).toEqual([
      '  --batch-size: out of range; expected 1 to 100 (the target takes at most 100 per request) (got 101)',
      '  --bogus: unknown flag; run with --help for the list of flags (got "--bogus")',
      '  --concurrency: out of range; expected 1 to 1024 (got 0)',
      '  --hedge: expected auto, off, or a delay in ms from 1 to 60000 (got "fast")',
      '  --in-doubt: expected one of resend, skip, fail (got "maybe")',
    ])
    expect(server.requests).toHaveLength(0)
  })
})
