import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../src/cli-args.js'

describe('parseCliArgs', () => {
  it('defaults to port 3123', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'serve',
      options: { port: 3123, verify: false, idempotency: true },
    })
  })

  it('reads every flag', () => {
    const command = parseCliArgs([
      '--port=0',
      '--host=::1',
      '--seed=7',
      '--pages=20',
      '--now=2024-01-01T00:00:00Z',
      '--chaos-rate=0.5',
      '--chaos-error-share=0.25',
      '--pause-scale=0.01',
      '--verify',
      '--detail-latency-ms=5',
      '--max-batch-size=50',
      '--reject-ids=3,4',
      '--no-idempotency',
    ])

    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 0,
        host: '::1',
        seed: 7,
        pages: 20,
        now: Date.UTC(2024, 0, 1),
        chaosRate: 0.5,
        chaosErrorShare: 0.25,
        pauseScale: 0.01,
        verify: true,
        detailLatencyMs: 5,
        maxBatchSize: 50,
        rejectIds: [3, 4],
        idempotency: false,
      },
    })
  })

  it('reads --now as epoch milliseconds', () => {
    const command = parseCliArgs(['--now', '1700000000000'])

    expect(command).toMatchObject({ options: { now: 1_700_000_000_000 } })
  })

  it('returns help for --help', () => {
    expect(parseCliArgs(['--help', '--port=x'])).toEqual({ kind: 'help' })
  })

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /Invalid --port "abc": expected a number/],
    [['--pages', '0'], /Expected --pages to be an integer from 1 to 1000000, received 0/],
    [['--chaos-rate', '2'], /Expected --chaos-rate to be a number from 0 to 1, received 2/],
    [['--max-batch-size', '1.5'], /--max-batch-size/],
    [['--reject-ids', '1,x'], /Invalid --reject-ids "x"/],
    [['--now', '2024-01-01T00:00:00'], /Invalid --now .* with a zone/],
    [['--seed'], /argument missing/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
})
