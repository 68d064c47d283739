import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import {
  type AnimalsSimulator,
  type AnimalsSimulatorOptions,
  startAnimalsSimulator,
} from '@fauna-etl/animals-simulator'
import { type CliResult, runCli } from '@fauna-etl/cli'
import { createSqliteStateStore, type StateScope, type StateStore } from '@fauna-etl/state'
import { afterEach } from 'vitest'
import { animalsApp } from '../src/animals-app.js'

/** The built runner; `pnpm test` builds it first (turbo's `test` task depends on `build`). */
export const MAIN_SCRIPT = fileURLToPath(new URL('../dist/main.js', import.meta.url))

const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Starts a simulator on a free loopback port that is closed after the current test. */
export async function useSimulator(options: AnimalsSimulatorOptions): Promise<AnimalsSimulator> {
  const simulator = await startAnimalsSimulator(options)
  cleanups.push(() => simulator.close())
  return simulator
}

/** Creates an empty temporary folder that is removed after the current test. */
export function useTempDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'animals-etl-test-'))
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }))
  return directory
}

/** Creates a writable stream that keeps everything written to it as text. */
export function createTextCollector(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk))
      callback()
    },
  })
  return { stream, text: () => chunks.join('') }
}

export interface InProcessRun extends CliResult {
  stdout: string
  stderr: string
}

/**
 * Runs the animals runner in this process through `runCli`, with captured stdout and stderr
 * (JSON logs included) and no signal handlers.
 */
export async function runEtl(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<InProcessRun> {
  const stdout = createTextCollector()
  const stderr = createTextCollector()

  const result = await runCli(animalsApp, {
    argv,
    env,
    cwd: tmpdir(),
    stdout: stdout.stream,
    stderr: stderr.stream,
    handleSignals: false,
  })

  return { ...result, stdout: stdout.text(), stderr: stderr.text() }
}

export interface ChildRun {
  child: ChildProcess
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stdout: () => string
  stderr: () => string
}

/** Starts `node dist/main.js` with `args` as a child process, collecting its output. */
export function spawnEtl(args: string[]): ChildRun {
  const child = spawn(process.execPath, [MAIN_SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })

  return { child, exited, stdout: () => stdout, stderr: () => stderr }
}

/** Returns the state scope that the runner uses for a simulator at `url`. */
export function scopeFor(url: string): StateScope {
  return { pipeline: 'animals', source: `animals-api ${url}`, target: `animals-home ${url}` }
}

/** Opens the runner's SQLite state in `stateDir`; the store is closed after the current test. */
export function openState(stateDir: string): StateStore {
  const store = createSqliteStateStore({ directory: stateDir })
  cleanups.push(() => store.close())
  return store
}

/** Waits `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
