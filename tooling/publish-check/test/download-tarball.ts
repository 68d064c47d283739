import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

interface Packument {
  versions?: Record<string, { dist?: { tarball?: string } }>
}

export interface DownloadTarballOptions {
  /** Registry URL with a trailing slash. */
  registry: string
  /** Bearer token sent with both requests. */
  token: string
  name: string
  version: string
  /** Folder that receives the tarball and its extracted `package/` folder. */
  directory: string
}

async function fetchOk(url: string, token: string): Promise<Response> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) {
    throw new Error(`GET ${url} failed with status ${response.status}: ${await response.text()}`)
  }
  return response
}

/**
 * Downloads the tarball that the registry serves for `name@version`, the file that `npm install`
 * would unpack, extracts it and returns the path of its `package/` folder.
 */
export async function downloadTarball(options: DownloadTarballOptions): Promise<string> {
  const { registry, token, name, version, directory } = options

  // Scoped names are requested with the slash encoded, as npm does.
  const packumentUrl = `${registry}${name.replace('/', '%2f')}`
  const packument = (await (await fetchOk(packumentUrl, token)).json()) as Packument
  const tarballUrl = packument.versions?.[version]?.dist?.tarball
  if (!tarballUrl) {
    throw new Error(`GET ${packumentUrl} lists no tarball for version ${version}`)
  }

  const tarball = Buffer.from(await (await fetchOk(tarballUrl, token)).arrayBuffer())
  await mkdir(directory, { recursive: true })
  const tarballPath = join(directory, 'package.tgz')
  await writeFile(tarballPath, tarball)
  await execFileAsync('tar', ['-xzf', tarballPath, '-C', directory])

  return join(directory, 'package')
}
