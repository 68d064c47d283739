import { expectedLoadedPlant, generatePlant } from '@fauna-etl/plants-simulator'
import { describe, expect, it } from 'vitest'
import { loadedPlantSchema } from '../src/schemas.js'
import { centimetresToMetres, transformPlant } from '../src/transform-plant.js'

describe('centimetresToMetres', () => {
  it.each([
    [0.7, 0.007],
    [42.5, 0.425],
    [0.5, 0.005],
    [3000, 30],
    [123.4, 1.234],
    [0, 0],
    [null, null],
  ])('converts %s cm', (heightCm, expected) => {
    expect(centimetresToMetres(heightCm)).toBe(expected)
  })
})

describe('transformPlant', () => {
  it('renames and converts fields', () => {
    const plant = {
      plant_id: 'p-000123',
      common_name: 'Sweet basil',
      height_cm: 42.5,
      watering: 'weekly' as const,
    }

    expect(transformPlant(plant)).toStrictEqual({
      id: 'p-000123',
      name: 'Sweet basil',
      height_m: 0.425,
      watering_days: 7,
    })
  })

  it.each([
    ['daily', 1],
    ['weekly', 7],
    ['monthly', 30],
  ] as const)('maps %s watering', (watering, days) => {
    const plant = { plant_id: 'p-1', common_name: 'Mint', height_cm: null, watering }

    expect(transformPlant(plant).watering_days).toBe(days)
  })

  // The simulator's verification compares every value exactly, so the whole generated dataset
  // is checked, heights without a value included.
  it('matches simulator for 5,000 plants', () => {
    for (let index = 0; index < 5_000; index += 1) {
      const plant = generatePlant(index, { seed: 5 })
      const record = transformPlant(plant)

      expect(record, plant.plant_id).toStrictEqual(expectedLoadedPlant(index, { seed: 5 }))
      expect(loadedPlantSchema.safeParse(record).success, plant.plant_id).toBe(true)
    }
  })
})
