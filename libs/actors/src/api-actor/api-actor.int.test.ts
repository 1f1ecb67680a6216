import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createSupervisor, type Supervisor } from '@k2/actor-runtime'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { API_ACTOR_URL, apiProtocol, type ApiInit } from './api.protocol.js'

/** The api actor in a worker thread under a real supervisor, on an empty warehouse. */
let dir: string
let supervisor: Supervisor

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-api-actor-'))
  supervisor = createSupervisor({ stopTimeoutMs: 5_000 })
})

afterEach(async () => {
  await supervisor.stopAll()
  await rm(dir, { recursive: true, force: true })
})

function init(port: number): ApiInit {
  return {
    warehouse: `${dir}/warehouse`,
    catalogUri: `sqlite:${dir}/warehouse/catalog.db`,
    port,
    host: '127.0.0.1',
    keys: ['test-key-123'],
    rateLimitPerMinute: 100,
    corsOrigins: ['*'],
    maxBodyBytes: 1024,
    logLevel: 'silent',
    bindRetryMs: 200,
  }
}

describe('api actor', () => {
  it('serves the API with its own engine and metrics, and keeps retrying a port in use', async () => {
    const api = await supervisor.spawn({
      name: 'api',
      protocol: apiProtocol,
      moduleUrl: API_ACTOR_URL,
      init: init(0),
    })
    const { port, listening } = await api.call('stats', null)
    expect(listening).toBe(true)
    const base = `http://127.0.0.1:${port}`
    expect((await fetch(`${base}/health/ready`)).status).toBe(200)
    const stats = await fetch(`${base}/v1/stats`, { headers: { 'X-API-Key': 'test-key-123' } })
    expect(stats.status).toBe(200)
    expect((await stats.json()) as unknown).toMatchObject({ success: true })
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toContain(
      'k2_http_requests_total{method="GET",route="/v1/stats",status="200"} 1',
    )

    const second = await supervisor.spawn({
      name: 'api-2',
      protocol: apiProtocol,
      moduleUrl: API_ACTOR_URL,
      init: init(port!),
    })
    const blocked = await second.call('stats', null)
    expect(blocked).toMatchObject({ listening: false, port: null })
    expect(blocked.bindError).toMatch(/EADDRINUSE/)

    await api.stop()
    await expect
      .poll(async () => (await second.call('stats', null)).listening, { timeout: 5_000 })
      .toBe(true)
  }, 60_000)
})
