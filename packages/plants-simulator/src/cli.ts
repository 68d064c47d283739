#!/usr/bin/env node
import { CLI_USAGE, parseCliArguments } from './cli-arguments.js'
import { startPlantsSimulator } from './plants-simulator.js'

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArguments>
  try {
    command = parseCliArguments(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_USAGE}`)
    process.exitCode = 2
    return
  }

  if (command.help) {
    process.stdout.write(CLI_USAGE)
    return
  }

  let simulator: Awaited<ReturnType<typeof startPlantsSimulator>>
  try {
    simulator = await startPlantsSimulator(command.options)
  } catch (error) {
    // Range checks name the option ("chaosRate"), but a command-line user typed the flag.
    const message = (error as Error).message.replace(
      /option "(\w+)"/,
      (_match, name: string) =>
        `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
    )
    process.stderr.write(`Failed to start the plants simulator: ${message}\n`)
    process.exitCode = error instanceof TypeError ? 2 : 1
    return
  }

  process.stdout.write(
    `Plants simulator listening on ${simulator.url} (${simulator.totalPlants} plants, seed ${simulator.seed}). Press Ctrl+C to stop and print the report.\n`,
  )

  const stop = async () => {
    const report = simulator.report()
    await simulator.close()
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()
