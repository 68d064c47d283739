import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PlopTypes } from '@turbo/gen'

/** Prompt results of the `etl-app` generator, in the order that `--args` takes them. */
export interface EtlAppAnswers {
  /** Kebab-case name; the app is created in `apps/<name>-etl`. */
  name: string
  /** Base URL of the source API, without a trailing slash. */
  apiUrl: string
  pagination: 'page-number' | 'cursor'
  /** Path that each batch is posted to, relative to the API URL. */
  targetPath: string
  /** Largest number of records per POST that the target accepts. */
  maxBatchSize: number
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
// Characters allowed in a URL path, minus quotes, backslashes and braces, because the path is
// written into a TypeScript string literal and `{...}` marks a URL template variable.
const PATH_PATTERN = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/]*$/
const MAX_BATCH_SIZE_LIMIT = 100_000

/**
 * Registers the `etl-app` generator: `pnpm exec gen run etl-app`, or without prompts
 * `pnpm exec gen run etl-app --args <name> <url> <pagination> <path> <batch>`. `turbo gen etl-app`
 * runs it too when @turbo/gen is published for the installed turbo version (docs/new-pipeline.md).
 */
export default function generator(plop: PlopTypes.NodePlopAPI): void {
  const root = plop.getDestBasePath()

  plop.setHelper('eq', (left: unknown, right: unknown) => left === right)

  plop.setGenerator('etl-app', {
    description:
      'A new ETL app: a paginated REST source, field transforms and a batched HTTP target',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Name of the pipeline in kebab-case, without "-etl" (creates apps/<name>-etl):',
        validate: (value: string) => validateName(value, root),
      },
      {
        type: 'input',
        name: 'apiUrl',
        message: 'Base URL of the source API:',
        default: 'http://localhost:3000',
        validate: validateApiUrl,
        filter: (value: string) => value.replace(/\/+$/, ''),
      },
      {
        type: 'list',
        name: 'pagination',
        message: 'Pagination of the listing:',
        choices: [
          {
            name: 'page-number: GET /<name>?page=N returns { page, total_pages, items }',
            value: 'page-number',
          },
          {
            name: 'cursor: GET /<name>?cursor=C returns { items, next }, next is null on the last page',
            value: 'cursor',
          },
        ],
      },
      {
        type: 'input',
        name: 'targetPath',
        message: 'Path that batches are POSTed to, relative to the API URL:',
        default: (answers: Partial<EtlAppAnswers>) => `/${answers.name ?? 'records'}/import`,
        validate: validateTargetPath,
      },
      {
        type: 'input',
        name: 'maxBatchSize',
        message: 'Largest number of records per POST that the target accepts:',
        default: '100',
        validate: validateMaxBatchSize,
        filter: (value: string) => Number(value),
      },
    ],
    actions: [
      {
        type: 'addMany',
        destination: 'apps/{{name}}-etl',
        base: 'templates/etl-app',
        templateFiles: 'templates/etl-app/**',
        stripExtensions: ['hbs'],
        globOptions: { dot: true },
        data: { zodRange: readZodRange(root) },
        abortOnFail: true,
      },
      (answers) => {
        const { name } = answers as EtlAppAnswers
        const appDir = join('apps', `${name}-etl`)
        formatWithBiome(root, appDir)
        return `formatted ${appDir}; next: pnpm install && pnpm turbo run build test --filter=${name}-etl`
      },
    ],
  })
}

function validateName(value: string, root: string): true | string {
  if (!NAME_PATTERN.test(value)) {
    return `Invalid name "${value}": use lowercase letters, digits and single hyphens, starting with a letter (for example "plants")`
  }
  if (value.endsWith('-etl')) {
    return `Invalid name "${value}": leave out "-etl", because the app is created as apps/<name>-etl`
  }
  if (existsSync(join(root, 'apps', `${value}-etl`))) {
    return `apps/${value}-etl already exists; choose another name or remove that folder`
  }
  return true
}

function validateApiUrl(value: string): true | string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `Invalid URL "${value}": expected an absolute http or https URL such as http://localhost:3000`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Invalid URL "${value}": expected the http or https protocol, got ${url.protocol}`
  }
  if (url.search !== '' || url.hash !== '' || /['"`\\{}\s]/.test(value)) {
    return `Invalid URL "${value}": give the base URL only, without a query, fragment, quotes or braces`
  }
  return true
}

function validateTargetPath(value: string): true | string {
  if (PATH_PATTERN.test(value)) return true
  return `Invalid path "${value}": expected a path starting with "/" without spaces, quotes or braces, such as /records/import`
}

function validateMaxBatchSize(value: string | number): true | string {
  const size = Number(value)
  if (/^\d+$/.test(String(value)) && size >= 1 && size <= MAX_BATCH_SIZE_LIMIT) return true
  return `Invalid batch size "${value}": expected a whole number of records from 1 to ${MAX_BATCH_SIZE_LIMIT}`
}

/** Reads the zod range that the transforms package uses, so a new app resolves the same zod. */
function readZodRange(root: string): string {
  const manifestPath = join(root, 'packages', 'transforms', 'package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    dependencies?: Record<string, string>
  }
  const range = manifest.dependencies?.zod
  if (range === undefined) {
    throw new Error(
      `${manifestPath} lists no zod dependency; add the zod range to the new app by hand`,
    )
  }
  return range
}

/**
 * Formats the new app with the repository's Biome settings. Import order and line breaks depend
 * on the name, so the templates cannot be formatted for every name in advance.
 */
function formatWithBiome(root: string, appDir: string): void {
  const biome = join(root, 'node_modules', '.bin', 'biome')
  if (!existsSync(biome)) {
    throw new Error(
      `${biome} is missing; run pnpm install, then pnpm exec biome check --write ${appDir}`,
    )
  }

  try {
    execFileSync(biome, ['check', '--write', appDir], { cwd: root, stdio: 'pipe' })
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error)
    throw new Error(`biome check --write ${appDir} failed; fix what it reports:\n${output}`)
  }
}
