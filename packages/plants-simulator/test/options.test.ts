import { describe, expect, it } from 'vitest'
import { parseCliArguments } from '../src/cli-arguments.js'
import { DEFAULT_SIMULATOR_OPTIONS, startPlantsSimulator } from '../src/index.js'
import { resolveSimulatorOptions } from '../src/simulator-options.js'

describe('resolveSimulatorOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveSimulatorOptions({})).toEqual({
      seed: 1,
      plants: 1234,
      chaosRate: 2 / 101,
      pauseScale: 1,
      maxBatchSize: 50,
      verify: false,
      idempotency: true,
      port: 0,
      host: '127.0.0.1',
    })
  })

  it('treats undefined as the default', () => {
    expect(resolveSimulatorOptions({ plants: undefined }).plants).toBe(
      DEFAULT_SIMULATOR_OPTIONS.plants,
    )
  })

  it.each([
    ['seed', -1, /"seed".*integer from 0 to 4294967295.*received -1 \(number\)/],
    ['seed', 2 ** 32, /"seed"/],
    ['plants', 1.5, /"plants".*integer from 0 to 1000000.*received 1.5/],
    ['plants', 1_000_001, /"plants"/],
    ['plants', '10', /"plants".*received "10" \(string\)/],
    ['chaosRate', 1.1, /"chaosRate".*number from 0 to 1/],
    ['chaosRate', Number.NaN, /"chaosRate".*received NaN/],
    ['pauseScale', -0.5, /"pauseScale"/],
    ['maxBatchSize', 0, /"maxBatchSize".*integer from 1/],
    ['verify', 'yes', /"verify".*boolean.*received "yes" \(string\)/],
    ['idempotency', 1, /"idempotency".*boolean/],
    ['port', 70_000, /"port".*integer from 0 to 65535/],
    ['host', '', /"host".*non-empty string/],
    ['host', null, /"host".*received null \(null\)/],
  ])('rejects %s = %s', (option, value, message) => {
    expect(() => resolveSimulatorOptions({ [option]: value })).toThrow(message)
  })

  it('rejects an unknown option', () => {
    expect(() => resolveSimulatorOptions({ pages: 3 } as object)).toThrow(TypeError)
  })

  it('makes startPlantsSimulator reject', async () => {
    await expect(startPlantsSimulator({ plants: -1 })).rejects.toThrow(TypeError)
  })
})

describe('parseCliArguments', () => {
  it('defaults the port to 3124', () => {
    expect(parseCliArguments([])).toEqual({ help: false, options: { port: 3124 } })
  })

  it('maps every flag', () => {
    const command = parseCliArguments([
      '--port=0',
      '--host',
      '::1',
      '--seed',
      '4',
      '--plants',
      '99',
      '--chaos-rate',
      '0.5',
      '--pause-scale',
      '0.01',
      '--max-batch-size',
      '20',
      '--verify',
      '--no-idempotency',
    ])

    expect(command).toEqual({
      help: false,
      options: {
        port: 0,
        host: '::1',
        seed: 4,
        plants: 99,
        chaosRate: 0.5,
        pauseScale: 0.01,
        maxBatchSize: 20,
        verify: true,
        idempotency: false,
      },
    })
  })

  it.each([['--help'], ['-h']])('recognizes %s', (flag) => {
    expect(parseCliArguments([flag])).toEqual({ help: true })
  })

  it.each([
    [['--pages', '3'], /--pages/],
    [['--plants', 'many'], /Invalid --plants "many": expected a number/],
    [['--seed', ''], /Invalid --seed/],
    [['extra'], /extra/],
  ])('rejects %j', (args, message) => {
    expect(() => parseCliArguments(args)).toThrow(message)
  })
})
