#!/usr/bin/env node
import { formatReport, startAnimalsSimulator } from '@fauna-etl/animals-simulator'
import { runDemo } from '@fauna-etl/cli'
import { animalsApp } from './animals-app.js'

// Runs the whole job on a fresh machine: the bundled simulator with its default data, chaos and
// real pauses, in strict verification mode, then the ETL against it, then the verification.
// Extra arguments go to the ETL, for example `--hedge off`.
const simulator = await startAnimalsSimulator({ verify: true })

process.exitCode = await runDemo(
  animalsApp,
  {
    url: simulator.url,
    description: `Simulator with ${simulator.totalAnimals} animals at ${simulator.url} (2% chaos, 5-15 s pauses, verification on)`,
    verify: () => {
      const report = simulator.report()
      const passed =
        report.missing.count === 0 &&
        report.duplicates.count === 0 &&
        report.unknownIds.count === 0 &&
        report.wrongValues.count === 0
      return { passed, report: formatReport(report) }
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
