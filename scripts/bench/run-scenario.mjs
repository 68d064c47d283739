import { megabytesFromKib } from './markdown.mjs'
import { runEtl } from './run-etl.mjs'
import { startSimulatorProcess } from './simulator-process.mjs'

/**
 * Runs the ETL once against a simulator started for this run alone, so every run starts from an
 * empty target and the verification counts belong to that run. Returns the ETL result, the
 * simulator's report and resource use, and derived rates.
 *
 * `simulator` contains `startAnimalsSimulator` options; `flags` are extra runner flags.
 */
export async function runScenario({ simulator, flags = [], timeline = false, etl = {} }) {
  const server = await startSimulatorProcess({ verify: true, ...simulator, timeline })
  try {
    const run = await runEtl({
      url: server.url,
      flags,
      logLevel: timeline ? 'debug' : 'info',
      ...etl,
    })
    const snapshot = await server.snapshot()
    return describeRun(run, snapshot, server.totalAnimals)
  } finally {
    await server.close()
  }
}

function describeRun(run, snapshot, totalAnimals) {
  const { report } = snapshot
  const seconds = run.wallMs / 1000
  const loaded = run.summary?.loaded ?? 0
  const detailRequests = report.requests['GET /animals/v1/animals/{animal_id}'] ?? 0
  const etlCpuMs = run.probe ? run.probe.userCpuMs + run.probe.systemCpuMs : Number.NaN

  return {
    ...run,
    totalAnimals,
    report,
    simulatorCpuMs: snapshot.cpuMs,
    simulatorMaxRssKb: snapshot.maxRssKb,
    events: snapshot.events,
    lastDetailAt: snapshot.lastDetailAt,
    seconds,
    recordsPerSecond: loaded / seconds,
    detailRequestsPerSecond: detailRequests / seconds,
    etlCpuMs,
    /** Share of one core the ETL used over its wall time. */
    etlCpuShare: etlCpuMs / run.wallMs,
    simulatorCpuShare: snapshot.cpuMs / run.wallMs,
    peakRssMb: run.probe ? megabytesFromKib(run.probe.maxRssKb) : Number.NaN,
    verified:
      run.exitCode === 0 &&
      report.missing.count === 0 &&
      report.duplicates.count === 0 &&
      report.unknownIds.count === 0 &&
      report.wrongValues.count === 0,
  }
}
