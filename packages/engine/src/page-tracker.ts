import type { ListingPosition, RecordId } from '@fauna-etl/core'

interface TrackedPage {
  next: ListingPosition
  outstanding: Set<string>
}

/**
 * Follows which listing pages are fully resolved, so the checkpoint can move to the first page
 * that still has work. Pages may arrive in any order; the checkpoint only moves through an
 * unbroken run of resolved pages, following each page's `next` position.
 */
export class PageTracker {
  #position: ListingPosition
  #complete = false
  #started = false
  readonly #pages = new Map<string, TrackedPage>()
  /** Pages on which each outstanding id appears; an id may sit on two pages. */
  readonly #pagesOfId = new Map<string, Set<string>>()
  /** Ids to leave out of pages that have not arrived yet. */
  readonly #dropped = new Map<string, Set<string>>()

  constructor(start: ListingPosition) {
    this.#position = start
  }

  get position(): ListingPosition {
    return this.#position
  }

  get complete(): boolean {
    return this.#complete
  }

  /** Registers a page with the ids that still need work; returns true if the checkpoint moved. */
  addPage(position: ListingPosition, next: ListingPosition, outstandingIds: RecordId[]): boolean {
    // A listing started from the beginning has no position yet: its first page event is the
    // first page, because sources read the first page before any other.
    if (this.#position === null && !this.#started) this.#position = position
    this.#started = true

    const key = keyOf(position)
    const dropped = this.#dropped.get(key)
    this.#dropped.delete(key)
    const outstanding = new Set(outstandingIds.map(String).filter((id) => !dropped?.has(id)))
    this.#pages.set(key, { next, outstanding })

    for (const id of outstanding) {
      let pages = this.#pagesOfId.get(id)
      if (!pages) {
        pages = new Set()
        this.#pagesOfId.set(id, pages)
      }
      pages.add(key)
    }

    return this.#advance()
  }

  /** Marks an id done on every page that lists it; returns true if the checkpoint moved. */
  resolve(id: RecordId): boolean {
    const key = String(id)
    const pages = this.#pagesOfId.get(key)
    if (!pages) return false

    this.#pagesOfId.delete(key)
    for (const pageKey of pages) this.#pages.get(pageKey)?.outstanding.delete(key)
    return this.#advance()
  }

  /**
   * Removes ids from one page only, for ids that the source will not deliver for that page
   * (an id repeated from an earlier page). Works whether the page has arrived yet or not.
   */
  dropIds(position: ListingPosition, ids: RecordId[]): boolean {
    const key = keyOf(position)
    const page = this.#pages.get(key)

    if (!page) {
      const dropped = this.#dropped.get(key) ?? new Set<string>()
      for (const id of ids) dropped.add(String(id))
      this.#dropped.set(key, dropped)
      return false
    }

    for (const id of ids.map(String)) {
      page.outstanding.delete(id)
      this.#pagesOfId.get(id)?.delete(key)
    }
    return this.#advance()
  }

  /** Ids listed on a page that are neither loaded nor quarantined yet. */
  outstandingIds(): string[] {
    return [...this.#pagesOfId.keys()]
  }

  #advance(): boolean {
    let moved = false

    for (;;) {
      const key = keyOf(this.#position)
      const page = this.#pages.get(key)
      if (!page || page.outstanding.size > 0) break

      this.#pages.delete(key)
      moved = true
      if (page.next === null) {
        this.#complete = true
        break
      }
      this.#position = page.next
    }

    return moved
  }
}

function keyOf(position: ListingPosition): string {
  return position === null ? '<first>' : `${typeof position}:${position}`
}
