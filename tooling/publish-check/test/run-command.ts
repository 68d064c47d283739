import { execFile } from 'node:child_process'

export interface RunCommandOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Time after which the command is killed, in milliseconds. Default: 60 000. */
  timeoutMs?: number
}

export interface CommandOutput {
  stdout: string
  stderr: string
}

/** Keeps the end of long tool output, where npm, pnpm and changesets print their errors. */
const outputTailLength = 4000

function tail(text: string): string {
  return text.length > outputTailLength ? `…${text.slice(-outputTailLength)}` : text
}

/**
 * Runs a command to completion and resolves with its output. Rejects when the command exits with
 * a non-zero code or outlives `timeoutMs`, with the command, folder and output tail in the message.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandOutput> {
  const { cwd, env, timeoutMs = 60_000 } = options

  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const reason = error.killed
            ? `was killed after ${timeoutMs} ms`
            : `failed (${error.code})`
          const message = [
            `Command \`${command} ${args.join(' ')}\` in ${cwd} ${reason}.`,
            `stdout: ${tail(stdout)}`,
            `stderr: ${tail(stderr)}`,
          ].join('\n')
          reject(new Error(message))
          return
        }

        resolve({ stdout, stderr })
      },
    )
  })
}

/**
 * Returns a copy of `env` without npm and pnpm settings (`npm_config_*`, `pnpm_config_*`,
 * `npm_package_*` and the like). `pnpm run` exports them to scripts, and they would override the
 * registries and credentials that the check sets up.
 */
export function withoutPackageManagerSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^(npm_|pnpm_config_)/i.test(key)),
  )
}
