import { epochMillisToIso, splitDelimited } from '@fauna-etl/transforms'
import type { AnimalDetail, LoadedAnimal } from './schemas.js'

/** Turns a detail into the record the loading endpoint expects. */
export function transformAnimal(detail: AnimalDetail): LoadedAnimal {
  return {
    id: detail.id,
    name: detail.name,
    friends: splitDelimited(detail.friends, ','),
    born_at: epochMillisToIso(detail.born_at),
  }
}
