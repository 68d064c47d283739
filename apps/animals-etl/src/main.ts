#!/usr/bin/env node
import { runCli } from '@fauna-etl/cli'
import { animalsApp } from './animals-app.js'

const { exitCode } = await runCli(animalsApp, {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
})
process.exitCode = exitCode
