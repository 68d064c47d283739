import { execFile } from 'node:child_process'

export interface RunCommandOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Time after which the command is killed, in milliseconds. Default: 60 000. */
  timeoutMs?: number
}

export interface CommandOutput {
  /** Exit code, `null` when a signal ended the command. */
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Keeps the end of long tool output, where pnpm, turbo and vitest print their errors. */
const outputTailLength = 6000

function tail(text: string): string {
  return text.length > outputTailLength ? `…${text.slice(-outputTailLength)}` : text
}

/**
 * Runs a command to completion and resolves with its exit code and output, also when the exit
 * code is not 0. Rejects only when the command cannot start or outlives `timeoutMs`.
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
      { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error?.killed) {
          reject(
            new Error(
              `\`${command} ${args.join(' ')}\` in ${cwd} was killed after ${timeoutMs} ms`,
            ),
          )
          return
        }
        if (error && typeof error.code !== 'number') {
          reject(
            new Error(
              `\`${command} ${args.join(' ')}\` in ${cwd} failed to start: ${error.message}`,
            ),
          )
          return
        }

        resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr })
      },
    )
  })
}

/** Describes a finished command for an assertion message: its exit code and output tails. */
export function describeOutput(output: CommandOutput): string {
  return [
    `exit code ${output.exitCode}`,
    `stdout: ${tail(output.stdout)}`,
    `stderr: ${tail(output.stderr)}`,
  ].join('\n')
}

/**
 * Returns a copy of `env` without npm and pnpm settings (`npm_config_*`, `pnpm_config_*`,
 * `npm_package_*` and the like). `pnpm run` exports them to scripts, and they would make the
 * commands in the copied workspace use this package's settings.
 */
export function withoutPackageManagerSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^(npm_|pnpm_config_)/i.test(key)),
  )
}
