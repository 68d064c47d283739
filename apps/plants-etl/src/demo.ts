#!/usr/bin/env node
import { runDemo } from '@fauna-etl/cli'
import { formatReport, isVerified, startPlantsSimulator } from '@fauna-etl/plants-simulator'
import { plantsApp } from './plants-app.js'

// Runs the whole job on a fresh machine: the bundled plants simulator with its default data,
// chaos and real pauses, in strict verification mode, then the ETL against it, then the
// simulator's verification. Extra arguments go to the ETL, for example `--concurrency 8`.
const simulator = await startPlantsSimulator({ verify: true })

process.exitCode = await runDemo(
  plantsApp,
  {
    url: simulator.url,
    description: `Plants simulator with ${simulator.totalPlants} plants at ${simulator.url} (2% chaos, 5-15 s pauses, verification on)`,
    verify: () => {
      const report = simulator.report()
      return { passed: isVerified(report), report: formatReport(report) }
    },
    close: () => simulator.close(),
  },
  {
    extraArgs: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  },
)
