#!/usr/bin/env node
// A checked-in entry point, so pnpm can link the command before the first build creates dist/.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)

if (existsSync(cli)) {
  await import(cli.href)
} else {
  console.error(
    'fauna-plants-simulator is not built yet. Run: pnpm --filter @fauna-etl/plants-simulator build',
  )
  process.exitCode = 1
}
