import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyWorkspace } from './copy-workspace.js'
import {
  type CommandOutput,
  describeOutput,
  runCommand,
  withoutPackageManagerSettings,
} from './run-command.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
// The `gen` command of @turbo/gen, which `turbo gen` also runs.
const genCommand = join(repoRoot, 'node_modules', '.bin', 'gen')

interface AppAnswers {
  name: string
  apiUrl: string
  pagination: 'page-number' | 'cursor'
  targetPath: string
  maxBatchSize: string
}

/**
 * One app per pagination style; the answers are passed in the order the generator asks. The names
 * sort before and after `schemas`, so that Biome orders the generated imports differently.
 */
const APPS: AppAnswers[] = [
  {
    name: 'tree-census',
    apiUrl: 'http://localhost:3000',
    pagination: 'page-number',
    targetPath: '/trees/import',
    maxBatchSize: '25',
  },
  {
    name: 'bird-sightings',
    apiUrl: 'http://127.0.0.1:8080/api/',
    pagination: 'cursor',
    targetPath: '/v2/sightings/bulk',
    maxBatchSize: '1000',
  },
]

const GENERATED_FILES = (name: string) => [
  'package.json',
  'tsconfig.json',
  'README.md',
  'src/main.ts',
  `src/${name}-app.ts`,
  `src/${name}-pipeline.ts`,
  'src/schemas.ts',
  'src/transform-record.ts',
  'test/fake-api.ts',
  `test/${name}-etl.test.ts`,
]

/** Rows of `it.each` tables: the app name for the test name, then its answers. */
const APP_ROWS = APPS.map((app) => [app.name, app] as const)

const answersOf = (app: AppAnswers) => [
  app.name,
  app.apiUrl,
  app.pagination,
  app.targetPath,
  app.maxBatchSize,
]

describe('etl-app generator', () => {
  let tempRoot: string
  let workspace: string
  let env: NodeJS.ProcessEnv
  const generation = new Map<string, CommandOutput>()

  const generate = (answers: string[]) =>
    runCommand(genCommand, ['run', 'etl-app', '--root', workspace, '--args', ...answers], {
      cwd: workspace,
      env,
    })

  const install = async () => {
    // The new apps change the lockfile, and CI=true would make pnpm refuse that by default.
    const output = await runCommand(
      'pnpm',
      ['install', '--offline', '--no-frozen-lockfile', '--reporter=append-only'],
      { cwd: workspace, env, timeoutMs: 120_000 },
    )
    if (output.exitCode !== 0) throw new Error(`pnpm install failed:\n${describeOutput(output)}`)
  }

  beforeAll(async () => {
    tempRoot = await mkdtemp(join(tmpdir(), 'fauna-generator-check-'))
    workspace = join(tempRoot, 'workspace')
    env = {
      ...withoutPackageManagerSettings(process.env),
      NO_COLOR: '1',
      // turbo would otherwise send usage data to Vercel, a host outside the loopback range.
      TURBO_TELEMETRY_DISABLED: '1',
    }
    await copyWorkspace(repoRoot, workspace)

    // The generator formats the new apps with the copy's Biome, so the copy is installed first
    // and installed again after generating, to link the new apps. Offline: every package is
    // already in the pnpm store from the repository's own install.
    await install()
    for (const app of APPS) generation.set(app.name, await generate(answersOf(app)))
    await install()
  })

  afterAll(async () => {
    if (tempRoot) await rm(tempRoot, { recursive: true, force: true })
  })

  it.each(APP_ROWS)('generates %s-etl files', (name) => {
    const output = generation.get(name)!
    const appDir = join(workspace, 'apps', `${name}-etl`)

    expect(output.exitCode, describeOutput(output)).toBe(0)
    for (const file of GENERATED_FILES(name)) {
      expect(existsSync(join(appDir, file)), `apps/${name}-etl/${file}`).toBe(true)
    }
  })

  it.each(APP_ROWS)('writes %s-etl answers', async (_name, app) => {
    const appDir = join(workspace, 'apps', `${app.name}-etl`)
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8'))
    const pipeline = await readFile(join(appDir, 'src', `${app.name}-pipeline.ts`), 'utf8')
    const appConfig = await readFile(join(appDir, 'src', `${app.name}-app.ts`), 'utf8')

    expect(manifest.name).toBe(`${app.name}-etl`)
    expect(manifest.private).toBe(true)
    expect(Object.keys(manifest.scripts)).toEqual(
      expect.arrayContaining(['start', 'build', 'test', 'typecheck', 'lint']),
    )
    expect(pipeline).toContain(`type: '${app.pagination}'`)
    expect(pipeline).toContain(`export const TARGET_PATH = '${app.targetPath}'`)
    expect(pipeline).toContain(`export const MAX_BATCH_SIZE = ${app.maxBatchSize}`)
    // A trailing slash is dropped from the API URL.
    expect(appConfig).toContain(`apiUrl: '${app.apiUrl.replace(/\/$/, '')}'`)
  })

  it('docs show tested commands', async () => {
    const guide = await readFile(join(repoRoot, 'docs', 'new-pipeline.md'), 'utf8')

    for (const app of APPS) {
      expect(guide).toContain(`pnpm turbo gen etl-app --args ${answersOf(app).join(' ')}`)
    }
    for (const file of GENERATED_FILES(APPS[0]!.name)) {
      expect(guide).toContain(`apps/${APPS[0]!.name}-etl/${file}`)
    }
  })

  describe('generated apps', () => {
    let turbo: CommandOutput

    beforeAll(async () => {
      // Only the new apps are filtered, but turbo still builds the packages they depend on first.
      // It reads those from the repository's cache (read-only) when their inputs are unchanged.
      turbo = await runCommand(
        'pnpm',
        [
          'turbo',
          'run',
          'build',
          'typecheck',
          'lint',
          'test',
          ...APPS.map((app) => `--filter=${app.name}-etl`),
          `--cache-dir=${join(repoRoot, '.turbo', 'cache')}`,
          '--cache=local:r',
          '--output-logs=new-only',
          '--no-color',
        ],
        { cwd: workspace, env, timeoutMs: 170_000 },
      )
    })

    it('build, typecheck, lint and test', () => {
      expect(turbo.exitCode, describeOutput(turbo)).toBe(0)
    })

    it.each(APP_ROWS)('%s-etl tests pass', (name) => {
      const summary = new RegExp(`${name}-etl:test: .*Tests\\s+(\\d+) passed`).exec(turbo.stdout)

      expect(summary, describeOutput(turbo)).not.toBeNull()
      expect(Number(summary?.[1])).toBeGreaterThanOrEqual(3)
    })

    it.each(APP_ROWS)('%s-etl start --help', async (_name, app) => {
      const help = await runCommand(
        'pnpm',
        ['--filter', `${app.name}-etl`, 'start', '--', '--help'],
        { cwd: workspace, env },
      )
      const envPrefix = app.name.toUpperCase().replaceAll('-', '_')

      expect(help.exitCode, describeOutput(help)).toBe(0)
      expect(help.stdout).toContain(`Usage: ${app.name}-etl`)
      expect(help.stdout).toContain(`${envPrefix}_API_URL`)
      expect(help.stdout).toContain(`default: ${app.apiUrl.replace(/\/$/, '')}`)
    })
  })

  describe('invalid answers', () => {
    it.each([
      [
        'upper-case name',
        ['Orders2', 'http://localhost:3000', 'cursor', '/in', '10'],
        'Invalid name',
      ],
      ['name with -etl', ['shop-etl', 'http://localhost:3000', 'cursor', '/in', '10'], 'leave out'],
      [
        'existing app',
        ['plants', 'http://localhost:3000', 'cursor', '/in', '10'],
        'already exists',
      ],
      ['relative URL', ['shop', 'localhost:3000', 'cursor', '/in', '10'], 'Invalid URL'],
      ['unknown pagination', ['shop', 'http://localhost:3000', 'offset', '/in', '10'], 'offset'],
      [
        'path with a quote',
        ['shop', 'http://localhost:3000', 'cursor', "/in'", '10'],
        'Invalid path',
      ],
      ['zero batch size', ['shop', 'http://localhost:3000', 'cursor', '/in', '0'], 'batch size'],
    ])('rejects %s', async (_case, answers, message) => {
      const appsBefore = await readdir(join(workspace, 'apps'))

      const output = await generate(answers)

      expect(output.exitCode, describeOutput(output)).not.toBe(0)
      expect(output.stderr).toContain(message)
      expect(await readdir(join(workspace, 'apps'))).toEqual(appsBefore)
    })
  })
})
