import type { RunSummary } from '@fauna-etl/engine'
import type { HttpTally } from './http-stats.js'

const MAX_LISTED_IDS = 20

/** Renders the end-of-run report as aligned plain text. */
export function formatSummary(summary: RunSummary, http: HttpTally, stateFile: string): string {
  const lines: string[] = []
  const seconds = (summary.elapsedMs / 1000).toFixed(1)
  const resumedText = summary.resumed
    ? `, resumed at listing position ${String(summary.resumedFrom ?? 'start')}`
    : ''
  lines.push(`Run ${summary.runId}: ${outcomeText(summary.outcome)} in ${seconds} s${resumedText}`)
  if (summary.stoppedEarly) lines.push(`Stopped early: ${summary.stoppedEarly}`)

  const rows: [string, string][] = [
    ['pages read', count(summary.pages)],
    ['records listed', count(summary.listed)],
    ['loaded by earlier runs', count(summary.alreadyDone)],
    ['fetched', count(summary.fetched)],
    ['loaded', count(summary.loaded)],
    ['rejected', count(summary.rejected)],
    ['not loaded', count(summary.notLoaded.length)],
    ['batches sent', `${count(summary.batches)} (batch size ${summary.batchSize})`],
    ['requests', `${count(http.requests)}${labelText(http.byLabel)}`],
    ['retries', `${count(http.retries)}${statusText(http.retriesByStatus)}`],
    ['hedged requests', count(http.hedges)],
    ['requests failed', count(http.giveUps)],
    ['in-doubt batches', inDoubtText(summary)],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  for (const [name, value] of rows) lines.push(`  ${name.padEnd(width)}  ${value}`)

  if (summary.anomalies.length > 0) {
    lines.push('', `Listing anomalies (${summary.anomalies.length}):`)
    for (const anomaly of summary.anomalies.slice(0, MAX_LISTED_IDS))
      lines.push(`  ${anomaly.code}: ${anomaly.message}`)
  }

  if (summary.notLoaded.length > 0) {
    lines.push('', `Not loaded (${summary.notLoaded.length}):`)
    for (const item of summary.notLoaded.slice(0, MAX_LISTED_IDS)) {
      lines.push(
        `  ${item.id === undefined ? '(page)' : `id ${item.id}`} [${item.kind}]: ${item.reason}`,
      )
    }
    if (summary.notLoaded.length > MAX_LISTED_IDS) {
      lines.push(
        `  … and ${summary.notLoaded.length - MAX_LISTED_IDS} more; every one is in the dead-letter table of ${stateFile}`,
      )
    }
  }

  return lines.join('\n')
}

function outcomeText(outcome: RunSummary['outcome']): string {
  switch (outcome) {
    case 'complete':
      return 'complete, every listed record loaded'
    case 'complete-with-rejections':
      return 'complete with rejected records'
    case 'failed':
      return 'FAILED, some records were not loaded'
    case 'interrupted':
      return 'interrupted'
    case 'nothing-to-do':
      return 'nothing left to load, an earlier run finished the listing'
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}

function labelText(byLabel: Record<string, number>): string {
  const parts = Object.entries(byLabel).map(([label, value]) => `${label} ${count(value)}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

function statusText(byStatus: Record<string, number>): string {
  const parts = Object.entries(byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, value]) => `${status}: ${count(value)}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

function inDoubtText(summary: RunSummary): string {
  if (summary.inDoubt.length === 0) return 'none'
  return summary.inDoubt
    .map(
      (batch) =>
        `${batch.batchId} ${batch.action} (ids ${batch.ids.slice(0, 10).join(', ')}${batch.ids.length > 10 ? ', …' : ''})`,
    )
    .join('; ')
}
