#!/usr/bin/env node
import { runCli } from '@fauna-etl/cli'
import { plantsApp } from './plants-app.js'

const { exitCode } = await runCli(plantsApp, {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
})
process.exitCode = exitCode
