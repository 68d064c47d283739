import { z } from 'zod'

/** Epoch milliseconds as the animals API sends them; `null` for about five animals in six. */
const epochMillis = z.number().int().nullable()

/** One item of a listing page. Listing items carry no `friends`. */
export const animalListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  born_at: epochMillis,
})

/** A listing page; items are checked one by one with `animalListItemSchema`. */
export const animalsPageSchema = z.object({
  page: z.number().int(),
  total_pages: z.number().int().nonnegative(),
  items: z.array(z.unknown()),
})

/** `GET /animals/v1/animals/{id}`: `friends` is a comma-joined string, `""` for none. */
export const animalDetailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  born_at: epochMillis,
  friends: z.string(),
})

/** One element of the body of `POST /animals/v1/home`. */
export const loadedAnimalSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  friends: z.array(z.string().min(1)),
  born_at: z.iso.datetime({ precision: 3 }).nullable(),
})

export type AnimalListItem = z.infer<typeof animalListItemSchema>
export type AnimalsPage = z.infer<typeof animalsPageSchema>
export type AnimalDetail = z.infer<typeof animalDetailSchema>
export type LoadedAnimal = z.infer<typeof loadedAnimalSchema>
