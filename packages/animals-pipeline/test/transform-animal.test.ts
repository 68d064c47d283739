import { createAnimalsDataset } from '@fauna-etl/animals-simulator'
import { describe, expect, it } from 'vitest'
import { loadedAnimalSchema, transformAnimal } from '../src/index.js'

describe('transformAnimal', () => {
  it.each([
    ['no friends', { friends: '', born_at: null }, { friends: [], born_at: null }],
    ['one friend', { friends: 'Lion', born_at: null }, { friends: ['Lion'], born_at: null }],
    [
      'names with spaces',
      { friends: 'Red panda,Sand Dollar', born_at: null },
      { friends: ['Red panda', 'Sand Dollar'], born_at: null },
    ],
    [
      'epoch zero',
      { friends: '', born_at: 0 },
      { friends: [], born_at: '1970-01-01T00:00:00.000Z' },
    ],
    [
      'negative',
      { friends: '', born_at: -1 },
      { friends: [], born_at: '1969-12-31T23:59:59.999Z' },
    ],
    [
      'before 2001',
      { friends: '', born_at: 999_999_999_999 },
      { friends: [], born_at: '2001-09-09T01:46:39.999Z' },
    ],
    [
      'milliseconds kept',
      { friends: '', born_at: 1_049_522_828_009 },
      { friends: [], born_at: '2003-04-05T06:07:08.009Z' },
    ],
    [
      'far future',
      { friends: '', born_at: 8_640_000_000_000_000 },
      { friends: [], born_at: '+275760-09-13T00:00:00.000Z' },
    ],
  ])('%s', (_name, input, expected) => {
    const detail = { id: 7, name: 'Sand Dollar', ...input }

    expect(transformAnimal(detail)).toEqual({ id: 7, name: 'Sand Dollar', ...expected })
  })

  it('matches the simulator for a whole dataset', () => {
    const dataset = createAnimalsDataset({ seed: 11, pages: 30 })

    for (let id = 0; id < 300; id++) {
      const detail = dataset.detail(id)
      if (!detail) throw new Error(`the dataset has no animal ${id}`)
      const output = transformAnimal(detail)

      expect(output.friends).toEqual(detail.friends === '' ? [] : detail.friends.split(','))
      expect(output.born_at === null ? null : Date.parse(output.born_at)).toBe(detail.born_at)
      expect(loadedAnimalSchema.safeParse(output).success).toBe(true)
    }
  })
})

describe('loadedAnimalSchema', () => {
  it.each([
    ['a naive timestamp', { born_at: '2003-04-05T06:07:08.009' }],
    ['a raw integer', { born_at: 1_049_522_828_009 }],
    ['an empty friend name', { friends: [''] }],
    ['friends as a string', { friends: 'Lion' }],
  ])('rejects %s', (_name, change) => {
    const record = { id: 1, name: 'Lion', friends: [], born_at: null, ...change }

    expect(loadedAnimalSchema.safeParse(record).success).toBe(false)
  })
})
