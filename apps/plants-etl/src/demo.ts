#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '@fauna-etl/cli'
import { startPlantsSimulator } from '@fauna-etl/plants-simulator'
import { formatPlantsReport, isVerified } from './format-plants-report.js'
import { plantsApp } from './plants-app.js'

// Runs the whole job on a fresh machine: the bundled plants simulator with its default data,
// chaos and real pauses, in strict verification mode, then the ETL against it, then the
// simulator's verification. Extra arguments go to the ETL, for example `--concurrency 8`.
const simulator = await startPlantsSimulator({ verify: true })
const stateDir = mkdtempSync(join(tmpdir(), 'plants-etl-demo-'))
process.stderr.write(
  `Plants simulator with ${simulator.totalPlants} plants at ${simulator.url} (2% chaos, 5-15 s pauses, verification on)\n`,
)

let exitCode: number
try {
  const result = await runCli(plantsApp, {
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
  const verified = isVerified(report)
  process.stdout.write(
    `\nVerification by the simulator: ${verified ? 'PASSED' : 'FAILED'}\n${formatPlantsReport(report)}\n`,
  )
  if (!verified && exitCode === 0) exitCode = 1
} finally {
  await simulator.close()
  rmSync(stateDir, { recursive: true, force: true })
}
process.exitCode = exitCode
