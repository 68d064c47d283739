import type { VerificationReport } from './verification-report.js'

/** Renders a report as aligned plain-text lines for a terminal. */
export function formatReport(report: VerificationReport): string {
  const ids = (list: number[], count: number) =>
    list.length === 0 ? '' : ` (${list.join(', ')}${count > list.length ? ', …' : ''})`

  const lines = [
    `seed                ${report.seed}`,
    `verify              ${report.verify}`,
    `expected ids        ${report.expectedIds} (${report.totalPages} pages)`,
    `loaded              ${report.loaded}`,
    `missing             ${report.missing.count}${ids(report.missing.firstIds, report.missing.count)}`,
    `duplicates          ${report.duplicates.count}${ids(report.duplicates.ids, report.duplicates.count)}`,
    `unknown ids         ${report.unknownIds.count}${ids(report.unknownIds.ids, report.unknownIds.count)}`,
    `wrong values        ${report.wrongValues.count}`,
    ...report.wrongValues.examples.map(
      (wrong) =>
        `  id ${wrong.id} ${wrong.field}: expected ${JSON.stringify(wrong.expected)}, received ${JSON.stringify(wrong.received)}`,
    ),
    `POST requests       ${report.postRequests}`,
    `batches rejected    ${report.batchesRejected}`,
    `batches failed      ${report.batchesFailed}`,
    `idempotent replays  ${report.idempotentReplays}`,
    `chaos errors        ${report.chaos.errors}`,
    `chaos pauses        ${report.chaos.pauses}`,
    `requests            ${Object.keys(report.requests).length === 0 ? 'none' : ''}`.trimEnd(),
    ...Object.entries(report.requests).map(([route, count]) => `  ${route}  ${count}`),
  ]
  return lines.join('\n')
}
