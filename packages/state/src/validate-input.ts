import type { RecordId } from '@fauna-etl/core'
import type { BatchStatus, DeadLetterKind, RunStatus, StateScope } from './state-store.js'

/** Statuses a run can end with. Only `beginRun` sets `running`. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = [
  'complete',
  'complete-with-rejections',
  'failed',
  'interrupted',
]

export const BATCH_STATUSES: readonly BatchStatus[] = ['planned', 'sent', 'acknowledged', 'failed']

export const DEAD_LETTER_KINDS: readonly DeadLetterKind[] = ['listing', 'detail', 'record', 'batch']

export function validateScope(method: string, scope: StateScope): void {
  if (typeof scope !== 'object' || scope === null) {
    throw new TypeError(`${method}: scope must be an object, got ${describeType(scope)}`)
  }
  for (const field of ['pipeline', 'source', 'target'] as const) {
    const value = scope[field]
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(
        `${method}: scope.${field} must be a non-empty string, got ${describeType(value)}`,
      )
    }
  }
}

/** Accepts strings and finite numbers, the values that survive a JSON round trip unchanged. */
export function validateRecordIds(method: string, ids: readonly RecordId[]): void {
  if (!Array.isArray(ids)) {
    throw new TypeError(`${method}: ids must be an array, got ${describeType(ids)}`)
  }
  for (const [index, id] of ids.entries()) {
    validateRecordId(`${method}: ids[${index}]`, id)
  }
}

export function validateRecordId(label: string, id: RecordId): void {
  const valid = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))
  if (!valid) {
    throw new TypeError(`${label} must be a string or a finite number, got ${describeType(id)}`)
  }
}

export function validateOneOf<T>(label: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new TypeError(`${label} must be one of ${allowed.join(', ')}, got ${describeType(value)}`)
  }
}

export function validateNonEmptyString(label: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${label} must be a non-empty string, got ${describeType(value)}`)
  }
}

/** Names a scope in error messages. */
export function describeScope(scope: StateScope): string {
  return `scope (pipeline ${JSON.stringify(scope.pipeline)}, source ${JSON.stringify(scope.source)}, target ${JSON.stringify(scope.target)})`
}

export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`
  if (typeof value === 'number') return `number ${value}`
  return typeof value
}
