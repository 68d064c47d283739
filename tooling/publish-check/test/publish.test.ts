import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyWorkspace } from './copy-workspace.js'
import { downloadTarball } from './download-tarball.js'
import { runCommand, withoutPackageManagerSettings } from './run-command.js'
import { startVerdaccio, type Verdaccio } from './start-verdaccio.js'
import {
  dependencyFields,
  type PackageManifest,
  readManifest,
  readScopeRegistry,
  readWorkspacePackages,
} from './workspace-packages.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const scope = '@fauna-etl'
const connector = '@fauna-etl/sink-http'

const workspacePackages = readWorkspacePackages(repoRoot)
const publishable = workspacePackages.filter(({ manifest }) => !manifest.private)
const privatePackages = workspacePackages.filter(({ manifest }) => manifest.private)
const ownManifest = readManifest(fileURLToPath(new URL('../package.json', import.meta.url)))
const internalRegistry = readScopeRegistry(readFileSync(join(repoRoot, '.npmrc'), 'utf8'), scope)

type BumpType = 'major' | 'minor' | 'patch'

/** The release that the check versions and publishes: core and two connectors that use it. */
const changesetBumps: Record<string, BumpType> = {
  '@fauna-etl/core': 'minor',
  '@fauna-etl/sink-http': 'patch',
  '@fauna-etl/transforms': 'patch',
}
const changesetSummary = 'Release check: version and publish through the internal registry'

function renderChangeset(): string {
  const lines = Object.entries(changesetBumps).map(([name, type]) => `"${name}": ${type}`)
  return `---\n${lines.join('\n')}\n---\n\n${changesetSummary}\n`
}

function parseVersion(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  if (!match) throw new Error(`Expected a plain major.minor.patch version, got ${version}`)
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

function bumpVersion(version: string, type: BumpType): string {
  const [major, minor, patch] = parseVersion(version)
  if (type === 'major') return `${major + 1}.0.0`
  if (type === 'minor') return `${major}.${minor + 1}.0`
  return `${major}.${minor}.${patch + 1}`
}

/** Whether `next` falls outside `^current`: the left-most non-zero part of the version changed. */
function leavesCaretRange(current: string, next: string): boolean {
  const [major, minor, patch] = parseVersion(current)
  const [nextMajor, nextMinor, nextPatch] = parseVersion(next)
  if (major > 0) return nextMajor !== major
  if (minor > 0) return nextMajor !== 0 || nextMinor !== minor
  return nextMajor !== 0 || nextMinor !== 0 || nextPatch !== patch
}

/** Collects the file paths in an `exports` map or `bin` field, in every condition. */
function collectPaths(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null) return []
  return Object.values(value).flatMap(collectPaths)
}

/** Lists the files that a manifest points at through `exports`, `main`, `types` and `bin`. */
function entryFiles(manifest: PackageManifest): string[] {
  return [manifest.exports, manifest.main, manifest.types, manifest.bin].flatMap(collectPaths)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Finds a loopback port with nothing listening on it. */
async function findUnusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('package metadata', () => {
  it('finds publishable packages', () => {
    expect(publishable.map(({ manifest }) => manifest.name)).toContain(connector)
  })

  it.each(publishable)('$manifest.name manifest', ({ manifest }) => {
    const subpaths = Object.entries(manifest.exports ?? {})

    expect(manifest.exports?.['.'], 'exports["."]').toBeTypeOf('object')
    for (const [subpath, conditions] of subpaths) {
      if (typeof conditions !== 'object' || conditions === null) continue
      expect(Object.keys(conditions)[0], `first condition of exports["${subpath}"]`).toBe('types')
    }
    expect(manifest.exports?.['./package.json']).toBe('./package.json')
    expect(manifest.sideEffects).toBe(false)
    expect(manifest.files).toContain('dist')
    expect(manifest.publishConfig?.registry, 'publishConfig.registry').toBe(internalRegistry)
    expect(
      ownManifest.devDependencies?.[manifest.name],
      'devDependency of publish-check, so that turbo builds it before this test',
    ).toBe('workspace:*')
  })
})

describe('release through Verdaccio', () => {
  let tempRoot: string
  let verdaccio: Verdaccio | undefined
  let token: string
  let env: NodeJS.ProcessEnv
  let workspace: string
  const versionsBefore = new Map<string, string>()

  const readCopiedManifest = (name: string): PackageManifest => {
    const found = publishable.find(({ manifest }) => manifest.name === name)
    if (!found) throw new Error(`${name} is not a publishable workspace package`)
    return readManifest(join(workspace, found.dir, 'package.json'))
  }

  /**
   * Points the copy at the throwaway registry: the scope line of `.npmrc` and every
   * `publishConfig.registry`, so that both name one URL, as they do in the repository.
   */
  const pointAtRegistry = async (url: string) => {
    const npmrcPath = join(workspace, '.npmrc')
    const npmrc = await readFile(npmrcPath, 'utf8')
    await writeFile(npmrcPath, npmrc.replaceAll(internalRegistry, url))

    for (const { dir } of publishable) {
      const manifestPath = join(workspace, dir, 'package.json')
      const manifest = readManifest(manifestPath)
      manifest.publishConfig = { ...manifest.publishConfig, registry: url }
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
    }
  }

  const commitAll = async (message: string) => {
    const git = ['-c', 'user.name=Release Check', '-c', 'user.email=release-check@localhost']
    await runCommand('git', [...git, 'add', '-A'], { cwd: workspace, env })
    await runCommand('git', [...git, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
      cwd: workspace,
      env,
    })
  }

  beforeAll(async () => {
    tempRoot = await mkdtemp(join(tmpdir(), 'fauna-publish-check-'))
    verdaccio = await startVerdaccio(join(tempRoot, 'registry'))
    token = await verdaccio.createUser('release-bot', randomUUID())

    // The token goes into a user-level npmrc, as on a developer machine or CI runner: pnpm
    // expands `${NPM_TOKEN}` there but not in the project's `.npmrc`. Pointing npm and pnpm at
    // this file also keeps the real `~/.npmrc` and its credentials out of the check.
    const userConfig = join(tempRoot, 'user.npmrc')
    const authKey = `${verdaccio.url.replace(/^https?:/, '')}:_authToken`
    await writeFile(userConfig, `${authKey}=\${NPM_TOKEN}\n`)
    env = {
      ...withoutPackageManagerSettings(process.env),
      NPM_CONFIG_USERCONFIG: userConfig,
      NPM_TOKEN: token,
    }

    workspace = join(tempRoot, 'workspace')
    await copyWorkspace(repoRoot, workspace)
    await pointAtRegistry(verdaccio.url)
    for (const { manifest } of publishable) {
      versionsBefore.set(manifest.name, readCopiedManifest(manifest.name).version)
    }

    // Offline: every package is already in the pnpm store from the repository's own install.
    await runCommand('pnpm', ['install', '--offline', '--frozen-lockfile', '--ignore-scripts'], {
      cwd: workspace,
      env,
      timeoutMs: 120_000,
    })

    // Changesets pending in the repository are dropped, so that the bumps depend on ours alone.
    const changesetDir = join(workspace, '.changeset')
    for (const file of await readdir(changesetDir)) {
      if (file.endsWith('.md') && file !== 'README.md') await rm(join(changesetDir, file))
    }
    const changeset = join(workspace, 'node_modules', '.bin', 'changeset')
    await writeFile(join(changesetDir, 'release-check.md'), renderChangeset())
    await runCommand(changeset, ['version'], { cwd: workspace, env })

    // `changeset publish` tags each release on HEAD, so the copy needs a repository with a commit.
    await runCommand('git', ['init', '-q'], { cwd: workspace, env })
    await commitAll('Version packages')
    await runCommand(changeset, ['publish'], { cwd: workspace, env, timeoutMs: 120_000 })
  })

  afterAll(async () => {
    await verdaccio?.stop()
    if (tempRoot) await rm(tempRoot, { recursive: true, force: true })
  })

  it('bumps changeset packages', () => {
    for (const [name, type] of Object.entries(changesetBumps)) {
      const before = versionsBefore.get(name)!

      expect(readCopiedManifest(name).version, name).toBe(bumpVersion(before, type))
    }
  })

  it('leaves private packages unversioned', () => {
    for (const { dir, manifest } of privatePackages) {
      const copied = readManifest(join(workspace, dir, 'package.json'))

      expect(copied.version, manifest.name).toBe(manifest.version)
      expect(existsSync(join(workspace, dir, 'CHANGELOG.md')), `${dir}/CHANGELOG.md`).toBe(false)
    }
  })

  it('bumps dependents out of range', () => {
    const core = '@fauna-etl/core'
    const coreAfter = readCopiedManifest(core).version
    const coreLeftRange = leavesCaretRange(versionsBefore.get(core)!, coreAfter)
    // http has no changeset of its own, only a `workspace:^` dependency on core.
    const httpBefore = versionsBefore.get('@fauna-etl/http')!

    expect(readCopiedManifest('@fauna-etl/http').version).toBe(
      coreLeftRange ? bumpVersion(httpBefore, 'patch') : httpBefore,
    )
  })

  it('writes the connector changelog', async () => {
    const { version } = readCopiedManifest(connector)
    const coreVersion = readCopiedManifest('@fauna-etl/core').version
    const changelog = await readFile(join(workspace, 'packages/sink-http/CHANGELOG.md'), 'utf8')

    expect(changelog).toContain(`## ${version}`)
    expect(changelog).toContain(changesetSummary)
    expect(changelog).toContain(`@fauna-etl/core@${coreVersion}`)
  })

  it('tags every published version', async () => {
    const { stdout } = await runCommand('git', ['tag', '--list'], { cwd: workspace, env })
    const tags = stdout.split('\n')

    for (const { manifest } of publishable) {
      const { version } = readCopiedManifest(manifest.name)
      expect(tags).toContain(`${manifest.name}@${version}`)
    }
  })

  it.each(publishable)('$manifest.name tarball', async ({ manifest: { name } }) => {
    const copied = readCopiedManifest(name)
    const packageDir = await downloadTarball({
      registry: verdaccio!.url,
      token,
      name,
      version: copied.version,
      directory: join(tempRoot, 'tarballs', name),
    })
    const published = readManifest(join(packageDir, 'package.json'))

    expect(published.version).toBe(copied.version)
    for (const field of dependencyFields) {
      for (const [dependency, range] of Object.entries(published[field] ?? {})) {
        expect(range, `${field}.${dependency}`).not.toMatch(/^workspace:/)
        if (copied[field]?.[dependency] === 'workspace:^') {
          expect(range, `${field}.${dependency}`).toBe(`^${readCopiedManifest(dependency).version}`)
        }
      }
    }
    for (const file of entryFiles(published)) {
      expect(existsSync(join(packageDir, file)), `entry file ${file}`).toBe(true)
    }
    if (name === connector) {
      expect(existsSync(join(packageDir, 'CHANGELOG.md')), 'CHANGELOG.md').toBe(true)
      expect(existsSync(join(packageDir, 'README.md')), 'README.md').toBe(true)
    }
  })

  it('installs the connector from Verdaccio', async () => {
    const url = verdaccio!.url
    const project = join(tempRoot, 'consumer')
    await mkdir(project)
    await writeFile(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`,
    )
    // Only the scope maps to Verdaccio. Every other package would be requested from a loopback
    // port where nothing listens, so the install fails fast instead of reaching a public registry.
    await writeFile(
      join(project, '.npmrc'),
      [
        `${scope}:registry=${url}`,
        `registry=http://127.0.0.1:${await findUnusedPort()}/`,
        'fetch-retries=0',
        'omit-lockfile-registry-resolved=false',
        'audit=false',
        'fund=false',
        'update-notifier=false',
        '',
      ].join('\n'),
    )
    await writeFile(join(project, 'check.mjs'), consumerProgram)

    await runCommand('npm', ['install', connector, '--cache', join(tempRoot, 'npm-cache')], {
      cwd: project,
      env,
      timeoutMs: 60_000,
    })
    const { stdout } = await runCommand(process.execPath, ['check.mjs'], { cwd: project, env })
    const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>
    }
    const installed = Object.entries(lock.packages).filter(([path]) => path !== '')

    expect(installed.map(([path]) => path)).toContain(`node_modules/${connector}`)
    for (const [path, { resolved }] of installed) {
      expect(resolved, `${path} resolved`).toMatch(new RegExp(`^${escapeRegExp(url + scope)}/`))
    }
    expect(JSON.parse(stdout)).toEqual({
      accepted: 2,
      posted: [{ url: '/things', body: [{ id: 1 }, { id: 2 }], label: 'load' }],
      oversizedBatch: 'TypeError',
      rejectedIndexes: [1],
    })
  })
})

/**
 * A consumer's program: it imports the installed connector, writes a batch through a recording
 * client and prints what it observed as JSON.
 */
const consumerProgram = `import { createHttpBatchSink, findRejectedIndexes } from '${connector}'

const posted = []
const client = {
  get: async () => {
    throw new Error('the sink only posts')
  },
  post: async (url, body, options) => {
    posted.push({ url, body, label: options.label })
    return { ok: true }
  },
}
const sink = createHttpBatchSink({ name: 'things', client, url: '/things', maxBatchSize: 2 })
const result = await sink.write([{ id: 1 }, { id: 2 }], { batchId: 'b1', idempotencyKey: 'k1' })
const oversizedBatch = await sink
  .write([{ id: 1 }, { id: 2 }, { id: 3 }], { batchId: 'b2', idempotencyKey: 'k2' })
  .then(() => 'resolved', (error) => error.constructor.name)
const rejectedIndexes = findRejectedIndexes({ detail: [{ loc: ['body', 1, 'id'] }] })

console.log(JSON.stringify({ accepted: result.accepted, posted, oversizedBatch, rejectedIndexes }))
`
