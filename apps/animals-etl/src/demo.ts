#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatReport, startAnimalsSimulator } from '@fauna-etl/animals-simulator'
import { runCli } from '@fauna-etl/cli'
import { animalsApp } from './animals-app.js'

// Runs the whole job on a fresh machine: the bundled simulator with its default data, chaos and
// real pauses, in strict verification mode, then the ETL against it, then the verification.
const simulator = await startAnimalsSimulator({ verify: true })
const stateDir = mkdtempSync(join(tmpdir(), 'animals-etl-demo-'))
process.stderr.write(
  `Simulator with ${simulator.totalAnimals} animals at ${simulator.url} (2% chaos, 5-15 s pauses, verification on)\n`,
)

let exitCode: number
try {
  const result = await runCli(animalsApp, {
    argv: [
      '--api-url',
      simulator.url,
      '--state-dir',
      stateDir,
      '--idempotency-key',
      ...process.argv.slice(2),
    ],
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  })
  exitCode = result.exitCode

  const report = simulator.report()
  const verified =
    report.missing.count === 0 &&
    report.duplicates.count === 0 &&
    report.unknownIds.count === 0 &&
    report.wrongValues.count === 0
  process.stdout.write(
    `\nVerification by the simulator: ${verified ? 'PASSED' : 'FAILED'}\n${formatReport(report)}\n`,
  )
  if (!verified && exitCode === 0) exitCode = 1
} finally {
  await simulator.close()
  rmSync(stateDir, { recursive: true, force: true })
}
process.exitCode = exitCode
