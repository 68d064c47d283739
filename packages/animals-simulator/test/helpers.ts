import { type AnimalsDataset, splitFriends } from '../src/index.js'

/** Builds the record a correct load posts for a source animal. */
export function correctAnimal(dataset: AnimalsDataset, id: number) {
  const source = dataset.detail(id)!
  return {
    id: source.id,
    name: source.name,
    friends: splitFriends(source.friends),
    born_at: source.born_at === null ? null : new Date(source.born_at).toISOString(),
  }
}

export function postHome(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/animals/v1/home`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Finds the first id whose animal has a birth date. */
export function firstIdWithBirthDate(dataset: AnimalsDataset): number {
  for (let id = 0; id < dataset.totalAnimals; id++) {
    if (dataset.detail(id)!.born_at !== null) return id
  }
  throw new Error('The dataset has no animal with a birth date; use more pages.')
}

/** Finds the first id whose animal has at least two friends. */
export function firstIdWithFriends(dataset: AnimalsDataset): number {
  for (let id = 0; id < dataset.totalAnimals; id++) {
    if (splitFriends(dataset.detail(id)!.friends).length >= 2) return id
  }
  throw new Error('The dataset has no animal with two friends; use more pages.')
}

/** Reads a JSON body for assertions on its fields. */
// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies of several shapes.
export async function readJson(response: Response): Promise<any> {
  return response.json()
}
