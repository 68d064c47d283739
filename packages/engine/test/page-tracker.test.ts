import { describe, expect, it } from 'vitest'
import { PageTracker } from '../src/page-tracker.js'

describe('PageTracker', () => {
  it('starts at the first page received', () => {
    const tracker = new PageTracker(null)

    tracker.addPage(1, 2, [1])

    expect(tracker.position).toBe(1)
  })

  it('moves through resolved pages in order', () => {
    const tracker = new PageTracker(1)
    tracker.addPage(2, 3, [20])
    tracker.addPage(1, 2, [10])

    tracker.resolve(20)
    const afterSecond = tracker.position
    tracker.resolve(10)

    expect(afterSecond).toBe(1)
    expect(tracker.position).toBe(3)
  })

  it('completes after the last page', () => {
    const tracker = new PageTracker(1)
    tracker.addPage(1, null, [1, 2])

    tracker.resolve(1)
    tracker.resolve(2)

    expect(tracker.complete).toBe(true)
  })

  it('passes a page with nothing outstanding', () => {
    const tracker = new PageTracker(1)

    tracker.addPage(1, 2, [])

    expect(tracker.position).toBe(2)
  })

  it('follows cursor positions', () => {
    const tracker = new PageTracker(null)
    tracker.addPage(null, 'abc', ['x'])
    tracker.addPage('abc', null, ['y'])

    tracker.resolve('x')

    expect(tracker.position).toBe('abc')
    expect(tracker.complete).toBe(false)
  })

  it('drops a repeated id from one page only', () => {
    const tracker = new PageTracker(1)
    tracker.addPage(1, 2, [5])
    tracker.dropIds(2, [5])
    tracker.addPage(2, null, [5, 6])

    tracker.resolve(6)
    const beforeFirst = tracker.complete
    tracker.resolve(5)

    expect(beforeFirst).toBe(false)
    expect(tracker.complete).toBe(true)
  })
})
