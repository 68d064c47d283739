import { startAnimalsSimulator } from './animals-simulator.js'
import { CLI_HELP, parseCliArgs } from './cli-args.js'
import { formatReport } from './format-report.js'
import { resolveSimulatorOptions, type SimulatorEvent } from './simulator-options.js'

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>
  try {
    command = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`fauna-animals-simulator: ${(error as Error).message}`)
    console.error('Run fauna-animals-simulator --help for the list of flags.')
    process.exitCode = 2
    return
  }

  if (command.kind === 'help') {
    process.stdout.write(CLI_HELP)
    return
  }

  const settings = resolveSimulatorOptions(command.options)
  const simulator = await startAnimalsSimulator({
    ...settings,
    onEvent: (event) => logEvent(event, settings.verify),
  })

  console.log(`Animals simulator listening on ${simulator.url}`)
  console.log(
    `  seed ${simulator.seed}, ${simulator.totalPages} pages (${simulator.totalAnimals} animals), born_at up to ${new Date(settings.now).toISOString()}`,
  )
  console.log(
    `  chaos rate ${formatPercent(settings.chaosRate)}, error share ${formatPercent(settings.chaosErrorShare)}, pause scale ${settings.pauseScale}`,
  )
  console.log(
    `  verify ${settings.verify ? 'on' : 'off'}, detail latency ${settings.detailLatencyMs} ms, max batch size ${settings.maxBatchSize}, idempotency ${settings.idempotency ? 'on' : 'off'}, rejected ids ${settings.rejectIds.join(',') || 'none'}`,
  )

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`Received ${signal} again; exiting without waiting.`)
      process.exit(1)
    }
    stopping = true

    console.log(`\nReceived ${signal}; final report:`)
    console.log(formatReport(simulator.report()))
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Failed to close the simulator: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

// Like the original in verification mode, print how many animals are left after each POST.
function logEvent(event: SimulatorEvent, verify: boolean): void {
  if (event.type !== 'home' || !verify) return

  const replay = event.replayed ? ' (idempotent replay)' : ''
  if (event.conflict) {
    console.log(
      `POST failed with 500: ${event.conflict.reason} id ${event.conflict.id}; ${event.remaining} animals left`,
    )
  } else if (event.status === 200) {
    console.log(`${event.remaining} animals left${replay}`)
  } else {
    console.log(`POST returned ${event.status}${replay}; ${event.remaining} animals left`)
  }
}

function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(2))} %`
}

main().catch((error: unknown) => {
  console.error(`fauna-animals-simulator: ${(error as Error).message}`)
  process.exitCode = 1
})
