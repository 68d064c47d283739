const DETAIL_PATH = /^\/animals\/v1\/animals\/\d+$/

/**
 * Splits a run's wall time into the fetch phase (until the simulator received its last detail
 * request) and the tail after it, and lists the chaos events of each phase. Needs a run made with
 * `timeline: true`, whose ETL logged at debug level.
 *
 * All times are in ms since the ETL process was spawned.
 */
export function analyzeTimeline(run) {
  const since = (at) => at - run.startedAt
  const fetchEndMs = run.lastDetailAt === undefined ? Number.NaN : since(run.lastDetailAt)
  const pauses = run.events.filter((event) => event.type === 'chaos-pause')
  const postPauses = pauses
    .filter((event) => event.method === 'POST')
    .map((event) => ({ startMs: since(event.at), endMs: since(event.at) + event.ms, ms: event.ms }))
  const lastBatchAckMs = Math.max(...run.batches.map((batch) => since(batch.at)))
  const slowestBatchMs = Math.max(...run.batches.map((batch) => batch.durationMs))

  // The run ended on a paused POST when that POST's pause ended in the tail, and nothing but
  // its handling and the final checkpoint came after it.
  const lastPostPause = postPauses.reduce(
    (latest, pause) => (latest === undefined || pause.endMs > latest.endMs ? pause : latest),
    undefined,
  )
  const endedOnPausedPost =
    lastPostPause !== undefined &&
    lastPostPause.endMs > fetchEndMs &&
    run.wallMs - lastPostPause.endMs < 1_000

  // A detail read paused more than once had its first copy and its hedge (or retry) paused.
  const detailPauses = new Map()
  for (const pause of pauses) {
    if (pause.method === 'GET' && DETAIL_PATH.test(pause.path))
      detailPauses.set(pause.path, (detailPauses.get(pause.path) ?? 0) + 1)
  }
  const doublePausedReads = [...detailPauses.values()].filter((count) => count > 1).length

  return {
    wallMs: run.wallMs,
    doublePausedReads,
    fetchEndMs,
    // The last detail request is sampled every 100 ms, so it may seem to come after the end.
    tailMs: Math.max(0, run.wallMs - fetchEndMs),
    lastBatchAckMs,
    slowestBatchMs,
    readPauses: pauses.length - postPauses.length,
    postPauses,
    errors: run.events.filter((event) => event.type === 'chaos-error').length,
    lastPostPause,
    endedOnPausedPost,
  }
}
