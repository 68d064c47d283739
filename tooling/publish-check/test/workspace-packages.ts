import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export interface PackageManifest {
  name: string
  version: string
  private?: boolean
  sideEffects?: boolean | string[]
  files?: string[]
  exports?: Record<string, unknown>
  main?: string
  types?: string
  bin?: string | Record<string, string>
  publishConfig?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

export interface WorkspacePackage {
  /** Folder relative to the workspace root, e.g. `packages/core`. */
  dir: string
  manifest: PackageManifest
}

export const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const

export function readManifest(path: string): PackageManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest
}

/**
 * Reads the folder globs of `pnpm-workspace.yaml`. Only the `- "folder/*"` form that this
 * repository uses is understood, which keeps the check free of a YAML parser.
 */
function readWorkspaceGlobs(root: string): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const globs = [...yaml.matchAll(/^\s*-\s*["']?([^"'\s]+)\/\*["']?\s*$/gm)].map(
    (match) => match[1]!,
  )
  if (globs.length === 0) {
    throw new Error(`${join(root, 'pnpm-workspace.yaml')} lists no "folder/*" package globs`)
  }
  return globs
}

/** Lists every workspace package with its manifest, sorted by folder. */
export function readWorkspacePackages(root: string): WorkspacePackage[] {
  const packages: WorkspacePackage[] = []

  for (const glob of readWorkspaceGlobs(root)) {
    for (const name of readdirSync(join(root, glob)).sort()) {
      const dir = `${glob}/${name}`
      const manifestPath = join(root, dir, 'package.json')
      if (!statSync(join(root, dir)).isDirectory()) continue
      try {
        packages.push({ dir, manifest: readManifest(manifestPath) })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
    }
  }

  return packages
}

/** Reads the registry URL that an `.npmrc` assigns to `scope`, e.g. `@fauna-etl:registry=URL`. */
export function readScopeRegistry(npmrc: string, scope: string): string {
  for (const line of npmrc.split('\n')) {
    const match = /^\s*([^=#;\s]+)\s*=\s*(\S+)\s*$/.exec(line)
    if (match?.[1] === `${scope}:registry`) return match[2]!
  }
  throw new Error(`.npmrc has no ${scope}:registry line`)
}
