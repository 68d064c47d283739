import { describe, expect, it } from 'vitest'
import { formatHelp, OPTION_SPECS } from '../src/index.js'

describe('formatHelp', () => {
  const help = formatHelp({
    command: 'animals-etl',
    description: 'Loads animals.',
    envPrefix: 'ANIMALS',
    defaults: { apiUrl: 'http://localhost:3123', maxBatchSize: 100, idempotencyKey: false },
  })

  it.each(OPTION_SPECS.map((spec) => [spec.flag]))('lists --%s', (flag) => {
    expect(help).toMatch(new RegExp(`--(\\[no-\\])?${flag}(\\s|$)`, 'm'))
  })

  it('shows environment variables and defaults', () => {
    expect(help).toContain('ANIMALS_API_URL')
    expect(help).toContain('default: http://localhost:3123')
    expect(help).toContain('unit: ms, default: 30000')
  })
})
