import { execFile } from 'node:child_process'
import { cp, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** Folders that an install or a build recreates, so copying them would only cost time. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.turbo'])

/**
 * Copies the files that a commit of the work tree at `root` would contain into `target`: tracked
 * files plus untracked ones that `.gitignore` does not exclude, without `node_modules`, `dist`
 * and `.turbo` folders. Tracked files deleted from the work tree are skipped.
 */
export async function copyWorkspace(root: string, target: string): Promise<number> {
  const { stdout } = await execFileAsync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, maxBuffer: 32 * 1024 * 1024 },
  )
  const files = [...new Set(stdout.split('\0').filter(Boolean))].filter(
    (file) => !file.split('/').some((part) => SKIPPED_FOLDERS.has(part)),
  )

  let copied = 0
  for (const file of files) {
    const destination = join(target, file)
    await mkdir(dirname(destination), { recursive: true })
    try {
      await cp(join(root, file), destination)
      copied += 1
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return copied
}
