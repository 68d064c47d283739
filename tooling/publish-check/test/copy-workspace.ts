import { execFile } from 'node:child_process'
import { cp, mkdir, readdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/**
 * Lists the files that a commit of the work tree would contain: tracked files plus untracked ones
 * that `.gitignore` does not exclude. Tracked files deleted from the work tree are skipped later.
 */
async function listSourceFiles(root: string): Promise<string[]> {
  const { stdout } = await execFileAsync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, maxBuffer: 32 * 1024 * 1024 },
  )

  return [...new Set(stdout.split('\0').filter(Boolean))]
}

/**
 * Copies the workspace at `root` into `target` so that versioning and publishing never touch the
 * real repository: the files git would commit, plus each package's built `dist` folder, which
 * `.gitignore` excludes. `node_modules` is not copied, so run an install in the copy.
 */
export async function copyWorkspace(root: string, target: string): Promise<void> {
  const files = await listSourceFiles(root)

  for (const file of files) {
    const source = join(root, file)
    const destination = join(target, file)
    await mkdir(dirname(destination), { recursive: true })
    try {
      await cp(source, destination)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }

  for (const name of await readdir(join(root, 'packages'))) {
    const dist = join(root, 'packages', name, 'dist')
    if (await isDirectory(dist)) {
      await cp(dist, join(target, 'packages', name, 'dist'), { recursive: true })
    }
  }
}
