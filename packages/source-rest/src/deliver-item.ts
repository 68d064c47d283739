import { isFaunaError, type RecordOrigin } from '@fauna-etl/core'
import { validate } from '@fauna-etl/transforms'
import type { ListedItem } from './listing-page.js'
import type { ReadRun } from './read-run.js'
import { readFailedResponse } from './request-failure.js'
import { fillUrlTemplate } from './url-template.js'

/**
 * Turns one newly listed item into a `record` or `rejected` event, or into nothing when
 * `shouldFetch` returns false. With a detail request it waits for a free request slot and
 * returns once the request is sent, so the caller stops listing while every slot is busy.
 */
export async function deliverItem<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  listed: ListedItem<TListItem>,
  pageOrigin: RecordOrigin,
): Promise<void> {
  if (!run.shouldFetch(listed.id)) return

  const slots = run.detailSlots
  if (slots === undefined) {
    await pushRecord(run, listed, undefined, { ...pageOrigin, id: listed.id })
    return
  }

  await slots.acquire(run.signal)
  fetchDetail(run, listed, pageOrigin).then(
    () => slots.release(),
    (error: unknown) => {
      slots.release()
      if (!run.signal.aborted) run.fail(error)
    },
  )
}

async function fetchDetail<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  listed: ListedItem<TListItem>,
  pageOrigin: RecordOrigin,
): Promise<void> {
  const { client, detail, schemas, labels } = run.options
  const { id } = listed
  const url = fillUrlTemplate(detail!.url, 'id', id)
  const origin: RecordOrigin = { ...pageOrigin, url, id }

  let body: unknown
  try {
    body = await client.get(url, { signal: run.signal, label: labels.detail })
  } catch (error) {
    if (run.signal.aborted || !isFaunaError(error)) throw error

    const response = readFailedResponse(error)
    const reason =
      response.status === 404
        ? `GET ${url} returned 404 Not Found: no detail for id ${JSON.stringify(id)}`
        : `Detail request for id ${JSON.stringify(id)} failed: ${error.message}`
    await run.queue.push({ type: 'rejected', id, reason, raw: response.body, origin, error })
    return
  }

  const checked = validate(
    schemas.detail!,
    body,
    `detail of id ${JSON.stringify(id)} from GET ${url}`,
  )
  if (!checked.ok) {
    await run.queue.push({
      type: 'rejected',
      id,
      reason: checked.error.message,
      raw: body,
      origin,
      error: checked.error,
    })
    return
  }

  await pushRecord(run, listed, checked.value, origin)
}

/**
 * Builds the record with `toRecord` and emits it. A `FaunaError` thrown by `toRecord`, such as
 * a `ValidationError` for a value it cannot convert, rejects this record. Any other error is
 * taken for a bug and ends the run.
 */
async function pushRecord<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  listed: ListedItem<TListItem>,
  detail: TDetail | undefined,
  origin: RecordOrigin,
): Promise<void> {
  const { id, item } = listed

  let record: TRecord
  try {
    record = run.options.toRecord(item, detail)
  } catch (error) {
    if (!isFaunaError(error)) throw error
    await run.queue.push({
      type: 'rejected',
      id,
      reason: `Building the record of id ${JSON.stringify(id)} failed: ${error.message}`,
      raw: detail ?? item,
      origin,
      error,
    })
    return
  }

  await run.queue.push({ type: 'record', id, record, origin })
}
