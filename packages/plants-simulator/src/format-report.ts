import type { PlantsSimulatorReport } from './plants-simulator.js'

/** Returns true when the simulator saw every plant planted once, with the expected values. */
export function isVerified(report: PlantsSimulatorReport): boolean {
  return (
    report.missing.count === 0 &&
    report.duplicates.count === 0 &&
    report.unknown.count === 0 &&
    report.wrongValues.count === 0
  )
}

/** Renders the plants simulator's delivery report as aligned lines for a terminal. */
export function formatReport(report: PlantsSimulatorReport): string {
  const ids = (list: string[], count: number) =>
    list.length === 0 ? '' : ` (${list.join(', ')}${count > list.length ? ', …' : ''})`

  const lines = [
    `expected plants     ${report.expected}`,
    `loaded              ${report.loaded}`,
    `missing             ${report.missing.count}${ids(report.missing.firstIds, report.missing.count)}`,
    `duplicates          ${report.duplicates.count}${ids(report.duplicates.ids, report.duplicates.count)}`,
    `unknown ids         ${report.unknown.count}${ids(report.unknown.ids, report.unknown.count)}`,
    `wrong values        ${report.wrongValues.count}`,
    ...report.wrongValues.examples.map(
      (wrong) =>
        `  id ${wrong.id} ${wrong.field}: expected ${JSON.stringify(wrong.expected)}, received ${JSON.stringify(wrong.received)}`,
    ),
    `idempotent replays  ${report.idempotentReplays}`,
    `chaos failures      ${report.chaos.failures}`,
    `chaos pauses        ${report.chaos.pauses}`,
    'requests',
    ...Object.entries(report.requests).map(([route, count]) => `  ${route}  ${count}`),
  ]
  return lines.join('\n')
}
