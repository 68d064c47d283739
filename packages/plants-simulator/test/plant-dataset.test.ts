import { describe, expect, it } from 'vitest'
import {
  expectedLoadedPlant,
  generatePlant,
  PLANT_NAMES,
  plantId,
  plantIndexFromId,
  toLoadedPlant,
} from '../src/index.js'

const SAMPLE = Array.from({ length: 5000 }, (_, index) => generatePlant(index, { seed: 7 }))

describe('plantId', () => {
  it.each([
    [0, 'p-000000'],
    [123, 'p-000123'],
    [999_999, 'p-999999'],
  ])('formats index %i', (index, id) => {
    expect(plantId(index)).toBe(id)
  })

  it.each(['p-12', 'p-0000001', 'x-000001', 'p-00001a', ''])('rejects malformed %j', (id) => {
    expect(plantIndexFromId(id)).toBeUndefined()
  })

  it('round-trips through plantIndexFromId', () => {
    expect(plantIndexFromId(plantId(4321))).toBe(4321)
  })
})

describe('generatePlant', () => {
  it('repeats for the same seed', () => {
    expect(generatePlant(42, { seed: 9 })).toEqual(generatePlant(42, { seed: 9 }))
  })

  it('differs between seeds', () => {
    const first = Array.from({ length: 20 }, (_, index) => generatePlant(index, { seed: 1 }))
    const second = Array.from({ length: 20 }, (_, index) => generatePlant(index, { seed: 2 }))

    expect(first).not.toEqual(second)
  })

  it('uses seed 1 by default', () => {
    expect(generatePlant(5)).toEqual(generatePlant(5, { seed: 1 }))
  })

  it('draws names from the list', () => {
    const names = new Set(SAMPLE.map((plant) => plant.common_name))

    expect([...names].every((name) => PLANT_NAMES.includes(name))).toBe(true)
    expect(names.size).toBe(PLANT_NAMES.length)
  })

  it('keeps heights within range', () => {
    const heights = SAMPLE.flatMap((plant) => (plant.height_cm === null ? [] : [plant.height_cm]))

    expect(Math.min(...heights)).toBeGreaterThanOrEqual(0.5)
    expect(Math.max(...heights)).toBeLessThanOrEqual(3000)
  })

  it('gives heights one decimal', () => {
    const heights = SAMPLE.flatMap((plant) => (plant.height_cm === null ? [] : [plant.height_cm]))

    expect(heights.every((height) => Number(height.toFixed(1)) === height)).toBe(true)
  })

  it('leaves about one height in ten null', () => {
    const nulls = SAMPLE.filter((plant) => plant.height_cm === null).length

    expect(nulls / SAMPLE.length).toBeGreaterThan(0.07)
    expect(nulls / SAMPLE.length).toBeLessThan(0.13)
  })

  it('uses all three waterings', () => {
    const waterings = new Set(SAMPLE.map((plant) => plant.watering))

    expect([...waterings].sort()).toEqual(['daily', 'monthly', 'weekly'])
  })
})

describe('toLoadedPlant', () => {
  it.each([
    [0.7, 0.007],
    [42.5, 0.425],
    [3000, 30],
    [0.5, 0.005],
    [123.4, 1.234],
    [null, null],
  ])('converts %s cm to %s m', (heightCm, heightM) => {
    const plant = {
      plant_id: 'p-000001',
      common_name: 'Sage',
      height_cm: heightCm,
      watering: 'daily' as const,
    }

    expect(toLoadedPlant(plant).height_m).toBe(heightM)
  })

  it.each([
    ['daily', 1],
    ['weekly', 7],
    ['monthly', 30],
  ] as const)('maps %s to %i days', (watering, days) => {
    const plant = { plant_id: 'p-000001', common_name: 'Sage', height_cm: 1, watering }

    expect(toLoadedPlant(plant).watering_days).toBe(days)
  })

  it('renames id and name', () => {
    const loaded = expectedLoadedPlant(12, { seed: 3 })
    const source = generatePlant(12, { seed: 3 })

    expect(loaded.id).toBe(source.plant_id)
    expect(loaded.name).toBe(source.common_name)
  })

  it('keeps three decimals exactly', () => {
    const heights = SAMPLE.map((plant) => toLoadedPlant(plant).height_m)

    expect(heights.every((height) => height === null || Number(height.toFixed(3)) === height)).toBe(
      true,
    )
  })
})
