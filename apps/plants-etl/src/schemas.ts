import { z } from 'zod'

/** One plant of `GET /plants/v2/plants`; the listing item is the whole record (no detail route). */
export const plantListItemSchema = z.object({
  plant_id: z.string().min(1),
  common_name: z.string().min(1),
  /** Centimetres with one decimal; `null` for about one plant in ten. */
  height_cm: z.number().nonnegative().nullable(),
  watering: z.enum(['daily', 'weekly', 'monthly']),
})

/** A listing page; items are checked one by one with `plantListItemSchema`. */
export const plantsPageSchema = z.object({
  data: z.array(z.unknown()),
  /** Opaque cursor of the next page, `null` on the last page. */
  next: z.string().min(1).nullable(),
})

/**
 * One element of the body of `POST /garden/v1/beds`. Strict, because the target rejects a plant
 * with any other field.
 */
export const loadedPlantSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Metres with at most three decimals, or `null`. */
  height_m: z.number().nonnegative().nullable(),
  /** Days between waterings. */
  watering_days: z.union([z.literal(1), z.literal(7), z.literal(30)]),
})

export type PlantListItem = z.infer<typeof plantListItemSchema>
export type LoadedPlant = z.infer<typeof loadedPlantSchema>
