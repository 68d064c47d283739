import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CliIo, type EtlApp, runCli } from './run-cli.js'

/** A simulator that a demo runs against and that verifies what it received. */
export interface DemoTarget {
  url: string
  /** One line about the simulator, printed first, for example its size and chaos settings. */
  description: string
  /** Reads the simulator's verification: whether every record arrived once and correctly. */
  verify(): { passed: boolean; report: string }
  close(): Promise<void>
}

/**
 * Runs an app against a simulator with a throw-away state folder and idempotency keys, then
 * prints the simulator's verification. Returns 0 only when the run and the verification pass.
 */
export async function runDemo<TRecord, TOutput>(
  app: EtlApp<TRecord, TOutput>,
  target: DemoTarget,
  io: Omit<CliIo, 'argv'> & { extraArgs: string[] },
): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), `${app.command}-demo-`))
  io.stderr.write(`${target.description}\n`)

  try {
    const { exitCode } = await runCli(app, {
      ...io,
      argv: [
        '--api-url',
        target.url,
        '--state-dir',
        stateDir,
        '--idempotency-key',
        ...io.extraArgs,
      ],
    })

    const verification = target.verify()
    const verdict = verification.passed ? 'PASSED' : 'FAILED'
    io.stdout.write(`\nVerification by the simulator: ${verdict}\n${verification.report}\n`)
    if (!verification.passed && exitCode === 0) return 1
    return exitCode
  } finally {
    await target.close()
    rmSync(stateDir, { recursive: true, force: true })
  }
}
