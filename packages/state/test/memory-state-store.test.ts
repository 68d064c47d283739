import { describe } from 'vitest'
import { createMemoryStateStore } from '../src/index.js'
import { testStateStore } from './state-store-contract.js'

describe('createMemoryStateStore', () => {
  testStateStore(({ now }) => createMemoryStateStore({ now }))
})
