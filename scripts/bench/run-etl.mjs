import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = join(ROOT, 'apps/animals-etl/dist/main.js')
const PROBE = new URL('./etl-probe.mjs', import.meta.url).href

/**
 * Runs the animals ETL as a child process with a fresh state folder in the temp directory and
 * JSON logs, and returns its summary, HTTP counters, batch timings, resource use and wall time.
 *
 * `flags` are extra runner flags such as `['--hedge', 'off']`. With `logLevel: 'debug'` the
 * runner also logs each acknowledged batch, which gives the POST timeline. `wrap` is an optional
 * command that runs node, such as `['strace', '-f', '-c', '-o', file]`.
 */
export async function runEtl({ url, flags = [], logLevel = 'info', nodeArgs = [], wrap = [] }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'fauna-bench-state-'))
  const probeFile = join(stateDir, 'probe.json')
  const args = [
    ...nodeArgs,
    '--import',
    PROBE,
    MAIN,
    ...['--api-url', url, '--state-dir', stateDir, '--fresh'],
    ...['--log-format', 'json', '--log-level', logLevel],
    ...flags,
  ]
  const command = wrap.length > 0 ? wrap[0] : process.execPath
  const commandArgs = wrap.length > 0 ? [...wrap.slice(1), process.execPath, ...args] : args

  const startedAt = Date.now()
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, BENCH_PROBE_FILE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  const result = {
    startedAt,
    endedAt: 0,
    wallMs: 0,
    exitCode: null,
    summary: undefined,
    http: undefined,
    /** Acknowledged batches: `{ at, durationMs }`, `at` in epoch ms. */
    batches: [],
    /** Retries logged at debug level: `{ at, method, url, status }`. */
    retries: [],
    errors: [],
    stdout: '',
    probe: undefined,
  }

  let stdout = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  const lines = createInterface({ input: child.stderr })
  lines.on('line', (line) => readLogLine(line, result))

  const [code, signal] = await new Promise((resolve) =>
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  )
  result.endedAt = Date.now()
  result.wallMs = result.endedAt - startedAt
  result.exitCode = code ?? signal
  result.stdout = stdout.trim()
  try {
    result.probe = JSON.parse(readFileSync(probeFile, 'utf8'))
  } catch {
    result.errors.push('the memory probe wrote no report')
  }
  rmSync(stateDir, { recursive: true, force: true })
  return result
}

function readLogLine(line, result) {
  if (!line.startsWith('{')) {
    if (line.trim() !== '') result.errors.push(line)
    return
  }

  let entry
  try {
    entry = JSON.parse(line)
  } catch {
    result.errors.push(line)
    return
  }

  if (entry.msg === 'run finished') {
    result.summary = entry.summary
    result.http = entry.http
  } else if (entry.msg === 'batch loaded') {
    result.batches.push({ at: entry.time, durationMs: entry.durationMs })
  } else if (entry.msg === 'request failed, retrying') {
    result.retries.push({
      at: entry.time,
      method: entry.method,
      url: entry.url,
      status: entry.status,
    })
  } else if (entry.level >= 50) {
    result.errors.push(entry.msg)
  }
}
