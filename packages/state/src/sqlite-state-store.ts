import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type RecordId, StateError } from '@fauna-etl/core'
import Database from 'better-sqlite3'
import { type BatchMark, checkBatchTransition } from './batch-transition.js'
import { fromJsonColumn, toJsonColumn } from './json-column.js'
import { migrateSchema } from './sqlite-schema.js'
import type {
  BatchRecord,
  BatchStatus,
  DeadLetter,
  DeadLetterInput,
  DeadLetterKind,
  ListingCheckpoint,
  RunRecord,
  RunStatus,
  StateScope,
  StateStore,
} from './state-store.js'
import { describeScope, describeType, validateNonEmptyString } from './validate-input.js'
import { withInputChecks } from './with-input-checks.js'

export interface SqliteStateStoreOptions {
  /** Directory of the state file. It is created with its parents when missing. */
  directory: string
  /** Name of the state file inside `directory`. Default: `'fauna-state.sqlite'`. */
  fileName?: string
  /** Clock for the stored timestamps. Default: `() => new Date()`. */
  now?: () => Date
}

/** Time in milliseconds that a write waits for another connection's lock before it fails. */
const BUSY_TIMEOUT_MS = 5000

interface RunRow {
  run_id: number
  status: RunStatus
  started_at: string
  finished_at: string | null
  summary: string | null
}

type PlannedBatch = Parameters<StateStore['planBatch']>[1]

interface CheckpointRow {
  position: string
  complete: 0 | 1
}

interface BatchRow {
  batch_id: string
  idempotency_key: string
  status: BatchStatus
  in_doubt: 0 | 1
  ids: string
  payload: string
  updated_at: string
}

interface DeadLetterRow {
  dead_letter_id: number
  kind: DeadLetterKind
  record_id: string | null
  reason: string
  payload: string | null
  origin: string | null
  created_at: string
  replayed_at: string | null
}

/**
 * Creates a state store in one SQLite file. Throws `StateError` when the directory cannot be
 * created or the file cannot be opened, and when the file has a newer schema.
 */
export function createSqliteStateStore(options: SqliteStateStoreOptions): StateStore {
  const { directory, fileName = 'fauna-state.sqlite', now = () => new Date() } = options ?? {}
  validateOptions(directory, fileName, now)

  const path = join(directory, fileName)
  const db = openDatabase(directory, path)
  const statements = prepareStatements(db)
  const timestamp = (): string => now().toISOString()

  const findScopeId = (scope: StateScope): number | undefined =>
    statements.findScope.get(scope.pipeline, scope.source, scope.target) as number | undefined

  // Scope ids are not cached, because a transaction that rolled back may have created the row.
  const ensureScopeId = (scope: StateScope): number =>
    findScopeId(scope) ??
    Number(statements.insertScope.run(scope.pipeline, scope.source, scope.target).lastInsertRowid)

  const resolveIds = (scopeId: number, ids: readonly RecordId[]): void => {
    for (const id of ids) {
      statements.upsertResolvedItem.run(scopeId, String(id))
    }
  }

  /** Checks the mark against the batch's status and returns the scope id when the mark applies. */
  const checkMark = (scope: StateScope, batchId: string, mark: BatchMark): number | undefined => {
    const scopeId = findScopeId(scope)
    const status =
      scopeId === undefined
        ? undefined
        : (statements.findBatchStatus.get(scopeId, batchId) as BatchStatus | undefined)

    return checkBatchTransition(scope, batchId, status, mark) ? scopeId : undefined
  }

  const store: StateStore = {
    beginRun: db.transaction((scope: StateScope) => {
      const scopeId = ensureScopeId(scope)
      const previousRow = statements.latestRun.get(scopeId) as RunRow | undefined
      const runId = Number(statements.insertRun.run(scopeId, timestamp()).lastInsertRowid)
      const runRow = statements.getRun.get(runId) as RunRow

      return { run: toRunRecord(runRow), previous: previousRow && toRunRecord(previousRow) }
    }),

    finishRun: db.transaction((runId: number, status: RunStatus, summary?: unknown) => {
      const summaryJson = toJsonColumn('finishRun: summary', summary)
      const { changes } = statements.finishRun.run(status, timestamp(), summaryJson, runId)
      if (changes === 0) {
        throw new StateError(
          `finishRun: run ${runId} not found in ${path}. Pass a runId returned by beginRun.`,
        )
      }
    }),

    getListingCheckpoint(scope) {
      const scopeId = findScopeId(scope)
      if (scopeId === undefined) return undefined

      const row = statements.getCheckpoint.get(scopeId) as CheckpointRow | undefined
      if (row === undefined) return undefined
      return { position: JSON.parse(row.position), complete: row.complete === 1 }
    },

    saveListingCheckpoint: db.transaction((scope: StateScope, checkpoint: ListingCheckpoint) => {
      const scopeId = ensureScopeId(scope)
      const position = JSON.stringify(checkpoint.position)
      statements.upsertCheckpoint.run(scopeId, position, checkpoint.complete ? 1 : 0, timestamp())
    }),

    markFetched: db.transaction((scope: StateScope, ids: RecordId[]) => {
      const scopeId = ensureScopeId(scope)
      for (const id of ids) {
        statements.insertFetchedItem.run(scopeId, String(id))
      }
    }),

    resolvedIds(scope) {
      const scopeId = findScopeId(scope)
      if (scopeId === undefined) return new Set()

      return new Set(statements.selectResolvedIds.all(scopeId) as string[])
    },

    planBatch: db.transaction((scope: StateScope, batch: PlannedBatch) => {
      const ids = JSON.stringify(batch.ids)
      const payload = toJsonColumn(`planBatch: payload of batch "${batch.batchId}"`, batch.payload)
      const scopeId = ensureScopeId(scope)
      if (statements.findBatchStatus.get(scopeId, batch.batchId) !== undefined) {
        throw new StateError(
          `planBatch: batch ${JSON.stringify(batch.batchId)} already exists in ${describeScope(scope)}. Give each batch a new batchId.`,
        )
      }

      const at = timestamp()
      statements.insertBatch.run(scopeId, batch.batchId, batch.idempotencyKey, ids, payload, at, at)
    }),

    markBatchSent: db.transaction((scope: StateScope, batchId: string) => {
      const scopeId = checkMark(scope, batchId, 'sent')
      if (scopeId === undefined) return
      statements.setBatchStatus.run('sent', timestamp(), scopeId, batchId)
    }),

    markBatchAcknowledged: db.transaction((scope: StateScope, batchId: string) => {
      const scopeId = checkMark(scope, batchId, 'acknowledged')
      if (scopeId === undefined) return

      statements.setBatchStatus.run('acknowledged', timestamp(), scopeId, batchId)
      const ids = JSON.parse(statements.findBatchIds.get(scopeId, batchId) as string)
      resolveIds(scopeId, ids)
    }),

    markBatchFailed: db.transaction((scope: StateScope, batchId: string, reason: string) => {
      const scopeId = checkMark(scope, batchId, 'failed')
      if (scopeId === undefined) return
      statements.failBatch.run(reason, timestamp(), scopeId, batchId)
    }),

    markBatchInDoubt: db.transaction((scope: StateScope, batchId: string) => {
      const scopeId = checkMark(scope, batchId, 'in doubt')
      if (scopeId === undefined) return
      statements.setBatchInDoubt.run(timestamp(), scopeId, batchId)
    }),

    listBatches(scope, status) {
      const scopeId = findScopeId(scope)
      if (scopeId === undefined) return []

      const rows =
        status === undefined
          ? statements.listBatches.all(scopeId)
          : statements.listBatchesByStatus.all(scopeId, status)
      return (rows as BatchRow[]).map(toBatchRecord)
    },

    addDeadLetter: db.transaction((scope: StateScope, letter: DeadLetterInput) => {
      const scopeId = ensureScopeId(scope)
      const { lastInsertRowid } = statements.insertDeadLetter.run(
        scopeId,
        letter.kind,
        toJsonColumn('addDeadLetter: letter.id', letter.id),
        letter.reason,
        toJsonColumn('addDeadLetter: letter.payload', letter.payload),
        toJsonColumn('addDeadLetter: letter.origin', letter.origin),
        timestamp(),
      )
      if (letter.id !== undefined) resolveIds(scopeId, [letter.id])

      return Number(lastInsertRowid)
    }),

    listDeadLetters(scope, listOptions = {}) {
      const scopeId = findScopeId(scope)
      if (scopeId === undefined) return []

      const rows = listOptions.includeReplayed
        ? statements.listDeadLetters.all(scopeId)
        : statements.listPendingDeadLetters.all(scopeId)
      return (rows as DeadLetterRow[]).map(toDeadLetter)
    },

    markDeadLetterReplayed: db.transaction((deadLetterIds: number[]) => {
      const at = timestamp()
      const missing = deadLetterIds.filter(
        (deadLetterId) => statements.markReplayed.run(at, deadLetterId).changes === 0,
      )
      // Throwing rolls back the marks already made, so a wrong id marks nothing.
      if (missing.length > 0) {
        throw new StateError(
          `markDeadLetterReplayed: dead letters ${missing.join(', ')} not found in ${path}, so none was marked. Pass ids returned by addDeadLetter or listDeadLetters.`,
        )
      }
    }),

    releaseDeadLetters: db.transaction((scope: StateScope, deadLetterIds: number[]) => {
      if (deadLetterIds.length === 0) return

      const scopeId = findScopeId(scope)
      const letters = deadLetterIds.map((deadLetterId) => ({
        deadLetterId,
        row:
          scopeId === undefined
            ? undefined
            : (statements.findDeadLetterInScope.get(deadLetterId, scopeId) as
                | DeadLetterRow
                | undefined),
      }))
      const missing = letters.filter((letter) => letter.row === undefined)
      if (scopeId === undefined || missing.length > 0) {
        throw new StateError(
          `releaseDeadLetters: dead letters ${missing.map((letter) => letter.deadLetterId).join(', ')} not found in ${describeScope(scope)}, so none was released. Pass ids returned by listDeadLetters for this scope.`,
        )
      }

      const at = timestamp()
      for (const { deadLetterId, row } of letters) {
        statements.markReplayed.run(at, deadLetterId)
        if (row?.record_id != null) {
          statements.unresolveItem.run(scopeId, String(JSON.parse(row.record_id)))
        }
      }
      statements.upsertCheckpoint.run(scopeId, JSON.stringify(null), 0, at)
    }),

    reset: db.transaction((scope: StateScope) => {
      const scopeId = findScopeId(scope)
      if (scopeId === undefined) return { runs: 0, batches: 0, items: 0, deadLetters: 0 }

      statements.deleteCheckpoint.run(scopeId)
      const report = {
        runs: statements.deleteRuns.run(scopeId).changes,
        batches: statements.deleteBatches.run(scopeId).changes,
        items: statements.deleteItems.run(scopeId).changes,
        deadLetters: statements.deleteDeadLetters.run(scopeId).changes,
      }
      statements.deleteScope.run(scopeId)

      return report
    }),

    // better-sqlite3 turns the transactions of the methods called inside into savepoints.
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)()
    },

    close() {
      db.close()
    },
  }

  return withInputChecks(store, path)
}

function validateOptions(directory: unknown, fileName: unknown, now: unknown): void {
  validateNonEmptyString('createSqliteStateStore: option "directory"', directory)
  validateNonEmptyString('createSqliteStateStore: option "fileName"', fileName)
  if (/[/\\]/.test(fileName as string) || fileName === '.' || fileName === '..') {
    throw new TypeError(
      `createSqliteStateStore: option "fileName" must be a plain file name without a directory, got ${JSON.stringify(fileName)}. Put the directory in "directory"`,
    )
  }
  if (typeof now !== 'function') {
    throw new TypeError(
      `createSqliteStateStore: option "now" must be a function returning a Date, got ${describeType(now)}`,
    )
  }
}

function openDatabase(directory: string, path: string): Database.Database {
  try {
    mkdirSync(directory, { recursive: true })
  } catch (error) {
    throw new StateError(
      `Cannot create the state directory ${directory}: ${errorMessage(error)}. Pass another --state-dir, or fix the permissions of its parent directory.`,
      { cause: error },
    )
  }

  let db: Database.Database | undefined
  try {
    db = new Database(path)
    configureDatabase(db)
    migrateSchema(db, path)
    return db
  } catch (error) {
    db?.close()
    if (error instanceof StateError) throw error
    throw new StateError(
      `Cannot open the state file ${path}: ${errorMessage(error)}. Pass another --state-dir, fix the permissions of the directory and the file, or move the file away if it is not a Fauna ETL state file.`,
      { cause: error },
    )
  }
}

/**
 * Durability: in WAL mode, `synchronous = FULL` syncs the WAL file to the disk at each commit
 * (SQLite's PRAGMA synchronous documentation). A committed transaction then survives a `kill -9`
 * of the process, and also a power loss or OS crash when the disk honours fsync. `NORMAL` would
 * survive `kill -9` too, because the OS keeps the written WAL pages, but may roll back the last
 * commits after a power loss. The cost of FULL is one fsync per write method.
 */
function configureDatabase(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}

function prepareStatements(db: Database.Database) {
  return {
    findScope: db
      .prepare('SELECT scope_id FROM scopes WHERE pipeline = ? AND source = ? AND target = ?')
      .pluck(),
    insertScope: db.prepare('INSERT INTO scopes (pipeline, source, target) VALUES (?, ?, ?)'),
    deleteScope: db.prepare('DELETE FROM scopes WHERE scope_id = ?'),

    latestRun: db.prepare('SELECT * FROM runs WHERE scope_id = ? ORDER BY run_id DESC LIMIT 1'),
    getRun: db.prepare('SELECT * FROM runs WHERE run_id = ?'),
    insertRun: db.prepare(
      "INSERT INTO runs (scope_id, status, started_at) VALUES (?, 'running', ?)",
    ),
    finishRun: db.prepare(
      'UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE run_id = ?',
    ),
    deleteRuns: db.prepare('DELETE FROM runs WHERE scope_id = ?'),

    getCheckpoint: db.prepare(
      'SELECT position, complete FROM listing_checkpoints WHERE scope_id = ?',
    ),
    upsertCheckpoint: db.prepare(
      `INSERT INTO listing_checkpoints (scope_id, position, complete, updated_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (scope_id) DO UPDATE SET
         position = excluded.position,
         complete = excluded.complete,
         updated_at = excluded.updated_at`,
    ),
    deleteCheckpoint: db.prepare('DELETE FROM listing_checkpoints WHERE scope_id = ?'),

    // A fetched mark never downgrades an id that is already resolved.
    insertFetchedItem: db.prepare(
      `INSERT INTO items (scope_id, record_id, status) VALUES (?, ?, 'fetched')
       ON CONFLICT (scope_id, record_id) DO NOTHING`,
    ),
    upsertResolvedItem: db.prepare(
      `INSERT INTO items (scope_id, record_id, status) VALUES (?, ?, 'resolved')
       ON CONFLICT (scope_id, record_id) DO UPDATE SET status = 'resolved'`,
    ),
    unresolveItem: db.prepare(
      "UPDATE items SET status = 'fetched' WHERE scope_id = ? AND record_id = ?",
    ),
    selectResolvedIds: db
      .prepare("SELECT record_id FROM items WHERE scope_id = ? AND status = 'resolved'")
      .pluck(),
    deleteItems: db.prepare('DELETE FROM items WHERE scope_id = ?'),

    findBatchStatus: db
      .prepare('SELECT status FROM batches WHERE scope_id = ? AND batch_id = ?')
      .pluck(),
    findBatchIds: db.prepare('SELECT ids FROM batches WHERE scope_id = ? AND batch_id = ?').pluck(),
    insertBatch: db.prepare(
      `INSERT INTO batches
         (scope_id, batch_id, idempotency_key, status, ids, payload, created_at, updated_at)
       VALUES (?, ?, ?, 'planned', ?, ?, ?, ?)`,
    ),
    setBatchStatus: db.prepare(
      'UPDATE batches SET status = ?, updated_at = ? WHERE scope_id = ? AND batch_id = ?',
    ),
    failBatch: db.prepare(
      `UPDATE batches SET status = 'failed', failure_reason = ?, updated_at = ?
       WHERE scope_id = ? AND batch_id = ?`,
    ),
    setBatchInDoubt: db.prepare(
      'UPDATE batches SET in_doubt = 1, updated_at = ? WHERE scope_id = ? AND batch_id = ?',
    ),
    listBatches: db.prepare('SELECT * FROM batches WHERE scope_id = ? ORDER BY batch_seq'),
    listBatchesByStatus: db.prepare(
      'SELECT * FROM batches WHERE scope_id = ? AND status = ? ORDER BY batch_seq',
    ),
    deleteBatches: db.prepare('DELETE FROM batches WHERE scope_id = ?'),

    insertDeadLetter: db.prepare(
      `INSERT INTO dead_letters (scope_id, kind, record_id, reason, payload, origin, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listDeadLetters: db.prepare(
      'SELECT * FROM dead_letters WHERE scope_id = ? ORDER BY dead_letter_id',
    ),
    listPendingDeadLetters: db.prepare(
      `SELECT * FROM dead_letters WHERE scope_id = ? AND replayed_at IS NULL
       ORDER BY dead_letter_id`,
    ),
    findDeadLetterInScope: db.prepare(
      'SELECT * FROM dead_letters WHERE dead_letter_id = ? AND scope_id = ?',
    ),
    // coalesce keeps the time of the first replay when a letter is marked again.
    markReplayed: db.prepare(
      'UPDATE dead_letters SET replayed_at = coalesce(replayed_at, ?) WHERE dead_letter_id = ?',
    ),
    deleteDeadLetters: db.prepare('DELETE FROM dead_letters WHERE scope_id = ?'),
  }
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    runId: row.run_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: fromJsonColumn(row.summary),
  }
}

function toBatchRecord(row: BatchRow): BatchRecord {
  return {
    batchId: row.batch_id,
    idempotencyKey: row.idempotency_key,
    ids: JSON.parse(row.ids),
    payload: JSON.parse(row.payload),
    status: row.status,
    inDoubt: row.in_doubt === 1,
    updatedAt: row.updated_at,
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  const letter: DeadLetter = {
    deadLetterId: row.dead_letter_id,
    kind: row.kind,
    reason: row.reason,
    payload: fromJsonColumn(row.payload),
    createdAt: row.created_at,
    replayedAt: row.replayed_at,
  }
  if (row.record_id !== null) letter.id = JSON.parse(row.record_id)
  if (row.origin !== null) letter.origin = JSON.parse(row.origin)

  return letter
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
