import { describe, expect, it } from 'vitest'
import { serve } from './setup.js'

describe('startFaultServer', () => {
  it('serves script in order', async () => {
    const server = await serve({ '/x': [{ status: 503, body: 'Sorry!' }, { body: { ok: true } }] })

    const statuses = []
    for (let request = 0; request < 3; request++) {
      statuses.push((await fetch(`${server.url}/x`)).status)
    }

    expect(statuses).toEqual([503, 200, 200])
  })

  it('unmatched path gets 404', async () => {
    const server = await serve({ '/x': { body: 1 } })

    const response = await fetch(`${server.url}/y`)

    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ detail: 'Not Found' })
  })

  it('method key wins over path', async () => {
    const server = await serve({ 'POST /x': { status: 201 }, '/x': { status: 200 } })

    const post = await fetch(`${server.url}/x`, { method: 'POST', body: '[1]' })
    const get = await fetch(`${server.url}/x`)

    expect(post.status).toBe(201)
    expect(get.status).toBe(200)
    expect(server.requests.map((request) => [request.method, request.body])).toEqual([
      ['POST', '[1]'],
      ['GET', ''],
    ])
  })

  it('reset fails the fetch', async () => {
    const server = await serve({ '*': { reset: true } })

    await expect(fetch(`${server.url}/x`)).rejects.toThrow('fetch failed')
  })

  it('truncate cuts the body', async () => {
    const server = await serve({ '*': { body: { name: 'Sand Dollar' }, truncate: 4 } })

    const response = await fetch(`${server.url}/x`)

    expect(response.headers.get('content-length')).toBe('22')
    await expect(response.text()).rejects.toThrow('terminated')
  })

  it('delay holds the answer', async () => {
    const server = await serve({ '*': { delayMs: 150, body: [] } })
    const startedAt = Date.now()

    await fetch(`${server.url}/x`)

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140)
    expect(server.inFlight).toBe(0)
    expect(server.maxInFlight).toBe(1)
  })
})
