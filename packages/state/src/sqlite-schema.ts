import { StateError } from '@fauna-etl/core'
import type { Database } from 'better-sqlite3'

/**
 * Schema steps in order: step `i` moves a file from `user_version` i to i + 1. A released step
 * never changes, because files written with it exist. A schema change appends a step.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE scopes (
    scope_id INTEGER PRIMARY KEY,
    pipeline TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    UNIQUE (pipeline, source, target)
  );

  -- AUTOINCREMENT keeps run and dead letter ids unique even after a reset deleted the newest rows.
  CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    status TEXT NOT NULL CHECK (status IN
      ('running', 'complete', 'complete-with-rejections', 'failed', 'interrupted')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
  );
  CREATE INDEX runs_by_scope ON runs (scope_id, run_id);

  -- position is JSON so that a page number and a cursor string keep their type.
  CREATE TABLE listing_checkpoints (
    scope_id INTEGER PRIMARY KEY REFERENCES scopes (scope_id),
    position TEXT NOT NULL,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    updated_at TEXT NOT NULL
  );

  -- record_id is String(id): 7 and '7' are the same record.
  CREATE TABLE items (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    record_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('fetched', 'resolved')),
    PRIMARY KEY (scope_id, record_id)
  ) WITHOUT ROWID;

  -- batch_seq keeps the planning order. ids and payload are JSON arrays.
  CREATE TABLE batches (
    batch_seq INTEGER PRIMARY KEY,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    batch_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'sent', 'acknowledged', 'failed')),
    in_doubt INTEGER NOT NULL DEFAULT 0 CHECK (in_doubt IN (0, 1)),
    ids TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    failure_reason TEXT,
    UNIQUE (scope_id, batch_id)
  );
  CREATE INDEX batches_by_status ON batches (scope_id, status);

  -- record_id is JSON here so that a numeric id reads back as a number.
  CREATE TABLE dead_letters (
    dead_letter_id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    kind TEXT NOT NULL CHECK (kind IN ('listing', 'detail', 'record', 'batch')),
    record_id TEXT,
    reason TEXT NOT NULL,
    payload TEXT,
    origin TEXT,
    created_at TEXT NOT NULL,
    replayed_at TEXT
  );
  CREATE INDEX dead_letters_by_scope ON dead_letters (scope_id, dead_letter_id);
  `,
]

/** Schema version that this package writes, stored in the file's `user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the file to `SCHEMA_VERSION`, all steps in one transaction. Throws `StateError` for a
 * file written by a newer schema, because an older reader could misread or damage it.
 */
export function migrateSchema(db: Database, path: string): void {
  if (readSchemaVersion(db, path) === SCHEMA_VERSION) return

  // IMMEDIATE takes the write lock before reading the version again, so two processes that
  // open a new file at once do not both create the tables.
  const migrate = db.transaction(() => {
    const version = readSchemaVersion(db, path)
    for (const step of MIGRATIONS.slice(version)) {
      db.exec(step)
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })
  migrate.immediate()
}

function readSchemaVersion(db: Database, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > SCHEMA_VERSION) {
    throw new StateError(
      `State file ${path} has schema version ${version}, but this version of @fauna-etl/state reads up to ${SCHEMA_VERSION}. Upgrade Fauna ETL, or pass another --state-dir to start with a new state file.`,
    )
  }
  return version
}
