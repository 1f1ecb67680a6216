import { type Server, createServer } from 'node:http'

import { afterEach, describe, expect, it } from 'vitest'

import { isJaegerToolError } from './errors.js'
import { waitForJaeger } from './readiness.js'
import { occupyPort } from './test-support.js'

/** A fake of the two HTTP endpoints readiness probes; `ready` flips what they answer. */
async function fakeJaeger(state: { ready: boolean; requests: string[] }): Promise<{
  url: string
  close: () => Promise<void>
}> {
  const server: Server = createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`)
    req.resume()
    if (!state.ready) {
      res.writeHead(503).end()
    } else if (req.method === 'GET' && req.url === '/api/services') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":null,"total":0}')
    } else if (req.method === 'POST' && req.url === '/v1/traces') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('unexpected address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('waitForJaeger', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  it('resolves once the query API and the OTLP receivers answer', async () => {
    const state = { ready: false, requests: [] as string[] }
    const fake = await fakeJaeger(state)
    const grpc = await occupyPort() // any listener accepts the TCP connect
    cleanups.push(fake.close, grpc.close)
    setTimeout(() => (state.ready = true), 150)
    await waitForJaeger(
      { queryUrl: fake.url, otlpEndpoint: fake.url, otlpGrpcEndpoint: `127.0.0.1:${grpc.port}` },
      5_000,
      { intervalMs: 20 },
    )
    expect(state.requests.at(-2)).toBe('GET /api/services')
    expect(state.requests.at(-1)).toBe('POST /v1/traces')
  })

  it('times out naming the last failure, e.g. a closed OTLP/gRPC port', async () => {
    const fake = await fakeJaeger({ ready: true, requests: [] })
    const closed = await occupyPort()
    await closed.close()
    cleanups.push(fake.close)
    const wait = waitForJaeger(
      { queryUrl: fake.url, otlpEndpoint: fake.url, otlpGrpcEndpoint: `127.0.0.1:${closed.port}` },
      300,
      { intervalMs: 20 },
    )
    await expect(wait).rejects.toSatisfy(
      (error) =>
        isJaegerToolError(error, 'JAEGER_TOOL_START_TIMEOUT') &&
        /OTLP\/gRPC 127\.0\.0\.1:\d+: .*ECONNREFUSED/.test(error.message),
    )
  })

  it('reports a query API that is not up yet with the connection error', async () => {
    const closed = await occupyPort()
    await closed.close()
    const url = `http://127.0.0.1:${closed.port}`
    await expect(
      waitForJaeger({ queryUrl: url, otlpEndpoint: url }, 200, { intervalMs: 20 }),
    ).rejects.toThrow(/fetch failed: .*ECONNREFUSED/)
  })

  it('stops at once with the abort reason', async () => {
    const closed = await occupyPort()
    await closed.close()
    const url = `http://127.0.0.1:${closed.port}`
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('the process exited')), 50)
    await expect(
      waitForJaeger({ queryUrl: url, otlpEndpoint: url }, 60_000, {
        intervalMs: 10,
        signal: controller.signal,
      }),
    ).rejects.toThrow('the process exited')
  })
})
