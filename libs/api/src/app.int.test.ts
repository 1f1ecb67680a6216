import { createMetrics } from '@k2/telemetry'
import { createQueryEngine, type QueryEngine } from '@k2/query'
import { openAsxWarehouse, type AsxWarehouse } from '@k2/query/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createApiApp, type ApiApp } from './app.js'
import type { HealthReport } from './options.js'

/**
 * The API in-process (`app.request`) over a real engine on a temporary warehouse holding the first
 * 1,500 rows of every ASX sample file (three symbols; one trades and one quotes snapshot each).
 */
let wh: AsxWarehouse
let engine: QueryEngine
let app: ApiApp

const KEY = 'k2-dev-key'
const AUTH = { 'X-API-Key': KEY }
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
let health: HealthReport = { status: 'healthy', dependencies: [] }

function makeApp(config: Record<string, unknown> = {}): ApiApp {
  return createApiApp({
    engine,
    config: { keys: [KEY], ...config },
    health: async () => health,
    metrics: async () => '# metrics\n',
  })
}

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
type JsonResponse = Omit<Response, 'json'> & { json(): Promise<Json> }

const request = (target: ApiApp, path: string, init: RequestInit) =>
  Promise.resolve(target.request(path, init)) as Promise<JsonResponse>
const get = (path: string, headers: Record<string, string> = AUTH, target = app) =>
  request(target, path, { headers })
const post = (path: string, body: unknown, headers: Record<string, string> = AUTH) =>
  request(app, path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

beforeAll(async () => {
  wh = await openAsxWarehouse({ quotes: true, maxRowsPerFile: 1_500 })
  engine = await createQueryEngine({ catalog: wh.catalog, io: wh.io })
  app = makeApp()
}, 120_000)

afterAll(async () => {
  await engine?.close()
  await wh?.close()
})

describe('envelope and formats', () => {
  it('answers JSON in the envelope with exact decimals, µs ISO timestamps and a cursor', async () => {
    const res = await get('/v1/trades?symbol=BHP&limit=5')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.success).toBe(true)
    expect(body.data).toHaveLength(5)
    for (const t of body.data) {
      expect(t.symbol).toBe('BHP')
      expect(t.timestamp).toMatch(ISO_MICROS)
      expect(t.ingestion_timestamp).toMatch(ISO_MICROS)
      expect(typeof t.price).toBe('string')
      expect(t.price).toMatch(/^\d+(\.\d+)?$/)
    }
    expect(body.pagination).toEqual({ limit: 5, next_cursor: expect.any(String), has_more: true })
    expect(body.meta).toEqual({
      correlation_id: expect.any(String),
      timestamp: expect.any(String),
      snapshot_id: expect.stringMatching(/^-?\d+$/),
    })
    const next = await (
      await get(`/v1/trades?symbol=BHP&limit=5&cursor=${body.pagination.next_cursor}`)
    ).json()
    expect(next.data[0].timestamp <= body.data[4].timestamp).toBe(true)
    expect(next.data.map((t: { trade_id: string }) => t.trade_id)).not.toContain(
      body.data[4].trade_id,
    )
  })

  it('writes CSV with a header row, by format= or by Accept', async () => {
    for (const res of [
      await get('/v1/trades?symbol=BHP&limit=3&format=csv'),
      await get('/v1/trades?symbol=BHP&limit=3', { ...AUTH, Accept: 'text/csv' }),
    ]) {
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
      const lines = (await res.text()).trimEnd().split('\r\n')
      expect(lines[0]).toBe(
        'message_id,trade_id,symbol,exchange,asset_class,timestamp,price,quantity,currency,side,' +
          'trade_conditions,source_sequence,ingestion_timestamp,platform_sequence,vendor_data',
      )
      expect(lines).toHaveLength(4)
    }
  })

  it('streams NDJSON from the engine, one trade per line, every matching row by default', async () => {
    const res = await get('/v1/trades?symbol=BHP&format=ndjson')
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(1_500)
    expect(lines.every((t) => t.symbol === 'BHP' && ISO_MICROS.test(t.timestamp))).toBe(true)
  })

  it('exports Parquet for bulk trade and quote queries', async () => {
    for (const res of [
      await post('/v1/trades/query', { symbols: ['BHP'], format: 'parquet' }),
      await post(
        '/v1/quotes/query',
        { symbols: ['BHP'] },
        { ...AUTH, Accept: 'application/vnd.apache.parquet' },
      ),
    ]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet')
      expect(res.headers.get('x-k2-row-count')).toBe('1500')
      const bytes = new Uint8Array(await res.arrayBuffer())
      const text = (b: Uint8Array) => new TextDecoder().decode(b)
      expect(text(bytes.slice(0, 4))).toBe('PAR1')
      expect(text(bytes.slice(-4))).toBe('PAR1')
    }
  })

  it('selects fields and serves quotes, summaries, bars, symbols, stats and snapshots', async () => {
    const q = await (
      await post('/v1/trades/query', {
        symbols: ['BHP', 'DVN'],
        fields: ['symbol', 'price'],
        limit: 3,
      })
    ).json()
    expect(Object.keys(q.data[0])).toEqual(['symbol', 'price'])
    const quotes = await (await get('/v1/quotes?symbol=BHP&limit=2')).json()
    expect(quotes.data[0]).toMatchObject({ symbol: 'BHP', bid_price: expect.any(String) })
    const summary = await (await get('/v1/summary/BHP/2014-03-10?tz=Australia/Sydney')).json()
    expect(summary.data).toMatchObject({
      symbol: 'BHP',
      trade_count: 1_500,
      start: '2014-03-09T13:00:00.000000Z',
    })
    expect(summary.data.vwap).toMatch(/^\d+\.\d+$/)
    const utc = await (await get('/v1/summary/BHP/2014-03-10')).json()
    expect(utc.data.trade_count).toBeLessThan(1_500)
    const bars = await (
      await get(
        '/v1/bars/1h?symbol=BHP&start_time=2014-03-09T13:00:00Z&end_time=2014-03-10T13:00:00Z&tz=Australia/Sydney',
      )
    ).json()
    expect(bars.data.reduce((n: number, b: { trade_count: number }) => n + b.trade_count, 0)).toBe(
      1_500,
    )
    const symbols = await (await get('/v1/symbols')).json()
    expect(symbols.data.map((s: { symbol: string }) => s.symbol)).toContain('BHP')
    const stats = await (await get('/v1/stats?format=csv')).text()
    expect(stats.split('\r\n')[0]).toBe('table,snapshot_id,rows,files,size_bytes,snapshots')
    const snaps = await (await get('/v1/snapshots?table=quotes')).json()
    expect(snaps.data.length).toBeGreaterThanOrEqual(3)
    expect(snaps.data.at(-1)).toMatchObject({
      is_current: true,
      timestamp: expect.stringMatching(ISO_MICROS),
    })
  })

  it('aggregates bars and summaries of several symbols', async () => {
    const bars = await (
      await post('/v1/aggregations', {
        symbols: ['BHP', 'DVN'],
        interval: '1day',
        start_time: '2014-03-09T13:00:00Z',
        end_time: '2014-03-10T13:00:00Z',
        tz: 'Australia/Sydney',
      })
    ).json()
    expect(bars.data.map((b: { symbol: string }) => b.symbol)).toEqual(['BHP', 'DVN'])
    const summaries = await (
      await post('/v1/aggregations', {
        kind: 'summary',
        symbols: ['BHP', 'DVN'],
        date: '2014-03-10',
        tz: 'Australia/Sydney',
      })
    ).json()
    expect(summaries.data[0]).toMatchObject({ symbol: 'BHP', trade_count: 1_500 })
  })
})

describe('replay', () => {
  it('walks every page by cursor in (timestamp, source_sequence) order with the filtered total', async () => {
    const filter = {
      symbols: ['BHP', 'DVN'],
      start_time: '2014-03-01T00:00:00Z',
      end_time: '2014-04-01T00:00:00Z',
    }
    const seen: Array<{ timestamp: string; source_sequence: number; symbol: string }> = []
    let cursor: string | null | undefined
    let total: number | undefined
    let pages = 0
    do {
      const res = await post('/v1/replay', { ...filter, limit: 400, ...(cursor ? { cursor } : {}) })
      expect(res.status).toBe(200)
      const body = await res.json()
      total ??= body.pagination.total
      expect(body.pagination.total).toBe(total)
      seen.push(...body.data)
      cursor = body.pagination.next_cursor
      pages++
    } while (cursor)
    const dvn = (await (await get('/v1/symbols')).json()).data.find(
      (s: { symbol: string }) => s.symbol === 'DVN',
    ).trade_count
    expect(total).toBe(1_500 + dvn)
    expect(seen).toHaveLength(total!)
    expect(pages).toBe(Math.ceil(total! / 400))
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!]
      expect(
        a.timestamp < b.timestamp ||
          (a.timestamp === b.timestamp && a.source_sequence <= b.source_sequence),
      ).toBe(true)
    }
  })
})

describe('time travel', () => {
  it('reads as of a snapshot id or a time, and 404s an unknown snapshot', async () => {
    const first = wh.tradeSnapshots[0]!
    const id = first.snapshot['snapshot-id'].toString()
    const old = await (await get(`/v1/trades?as_of=${id}&limit=10000`)).json()
    expect(old.meta.snapshot_id).toBe(id)
    expect(new Set(old.data.map((t: { symbol: string }) => t.symbol))).toEqual(
      new Set([first.symbol]),
    )
    const at = new Date(first.snapshot['timestamp-ms']).toISOString()
    const byTime = await (await get(`/v1/trades?as_of=${at}&limit=1`)).json()
    expect(byTime.meta.snapshot_id).toBe(id)
    const viaPost = await (await post(`/v1/snapshots/${id}/query`, { limit: 10000 })).json()
    expect(viaPost.data).toHaveLength(old.data.length)
    const summary = await (
      await get(`/v1/summary/BHP/2014-03-10?tz=Australia/Sydney&as_of=${id}`)
    ).json()
    expect(summary.meta.snapshot_id).toBe(id)

    for (const res of [
      await get('/v1/trades?as_of=12345'),
      await post('/v1/snapshots/12345/query', {}),
      await post('/v1/replay', {
        start_time: '2014-03-01',
        end_time: '2014-04-01',
        snapshot_id: '12345',
      }),
    ]) {
      expect(res.status).toBe(404)
      expect((await res.json()).error.code).toBe('API_SNAPSHOT_NOT_FOUND')
    }
  })
})

describe('errors', () => {
  const bad: Array<[string, () => Promise<JsonResponse>, string]> = [
    ['GET /v1/trades limit', () => get('/v1/trades?limit=0'), 'limit'],
    ['GET /v1/trades start_time', () => get('/v1/trades?start_time=yesterday'), 'start_time'],
    [
      'GET /v1/trades end<start',
      () => get('/v1/trades?start_time=2014-03-02&end_time=2014-03-01'),
      'end_time',
    ],
    ['GET /v1/trades symbol', () => get("/v1/trades?symbol=BHP,'x"), 'symbol[1]'],
    ['GET /v1/trades min_price', () => get('/v1/trades?min_price=abc'), 'min_price'],
    ['GET /v1/trades cursor', () => get('/v1/trades?cursor=nope'), 'cursor'],
    ['GET /v1/trades as_of', () => get('/v1/trades?as_of=last-week'), 'as_of'],
    ['GET /v1/trades format', () => get('/v1/trades?format=xml'), 'format'],
    ['GET /v1/trades offset', () => get('/v1/trades?offset=10'), 'offset'],
    ['GET /v1/quotes exchange', () => get('/v1/quotes?exchange=A%20X'), 'exchange'],
    ['GET /v1/quotes min_price', () => get('/v1/quotes?min_price=1'), 'min_price'],
    ['GET /v1/summary date', () => get('/v1/summary/BHP/2014-02-30'), 'date'],
    ['GET /v1/summary tz', () => get('/v1/summary/BHP/2014-03-10?tz=Mars/Base'), 'tz'],
    ['GET /v1/summary symbol', () => get('/v1/summary/%20/2014-03-10'), 'symbol'],
    ['GET /v1/summary parquet', () => get('/v1/summary/BHP/2014-03-10?format=parquet'), 'format'],
    [
      'GET /v1/bars interval',
      () => get('/v1/bars/2w?symbol=BHP&start_time=2014-03-10&end_time=2014-03-11'),
      'interval',
    ],
    [
      'GET /v1/bars start_time',
      () => get('/v1/bars/1m?symbol=BHP&end_time=2014-03-11'),
      'start_time',
    ],
    [
      'GET /v1/bars fill',
      () => get('/v1/bars/1m?symbol=BHP&start_time=2014-03-10&end_time=2014-03-11&fill=yes'),
      'fill',
    ],
    ['GET /v1/snapshots table', () => get('/v1/snapshots?table=secrets'), 'table'],
    ['GET /v1/symbols as_of', () => get('/v1/symbols?as_of=1'), 'as_of'],
    ['GET /v1/stats extra', () => get('/v1/stats?x=1'), 'x'],
    ['POST /v1/trades/query body', () => post('/v1/trades/query', '{not json'), 'body'],
    [
      'POST /v1/trades/query symbols',
      () => post('/v1/trades/query', { symbols: 'BHP' }),
      'symbols',
    ],
    [
      'POST /v1/trades/query fields',
      () => post('/v1/trades/query', { fields: ['password'] }),
      'fields[0]',
    ],
    [
      'POST /v1/trades/query max_quantity',
      () => post('/v1/trades/query', { max_quantity: '1e5' }),
      'max_quantity',
    ],
    ['POST /v1/quotes/query limit', () => post('/v1/quotes/query', { limit: 10_001 }), 'limit'],
    [
      'POST /v1/replay start_time',
      () => post('/v1/replay', { end_time: '2014-03-02' }),
      'start_time',
    ],
    [
      'POST /v1/replay batch_size',
      () => post('/v1/replay', { start_time: '2014-03-01', end_time: '2014-03-02', batch_size: 0 }),
      'batch_size',
    ],
    [
      'POST /v1/replay data_type',
      () =>
        post('/v1/replay', {
          data_type: 'quotes',
          start_time: '2014-03-01',
          end_time: '2014-03-02',
        }),
      'data_type',
    ],
    [
      'POST /v1/aggregations symbols',
      () => post('/v1/aggregations', { symbols: [], interval: '1m' }),
      'symbols',
    ],
    [
      'POST /v1/aggregations interval',
      () =>
        post('/v1/aggregations', {
          symbols: ['BHP'],
          start_time: '2014-03-10',
          end_time: '2014-03-11',
        }),
      'interval',
    ],
    [
      'POST /v1/aggregations symbols[1]',
      () =>
        post('/v1/aggregations', { kind: 'summary', symbols: ['BHP', '$$'], date: '2014-03-10' }),
      'symbols[1]',
    ],
    ['POST /v1/snapshots/{id}/query id', () => post('/v1/snapshots/abc/query', {}), 'snapshot_id'],
    [
      'POST /v1/snapshots/{id}/query data_type',
      () => post('/v1/snapshots/1/query', { data_type: 'bars' }),
      'data_type',
    ],
  ]
  it.each(bad)('%s -> 400 naming the parameter', async (_name, request, parameter) => {
    const res = await request()
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toMatchObject({
      success: false,
      error: {
        code: expect.stringMatching(/^API_INVALID_(PARAMETER|BODY)$/),
        details: { parameter },
      },
    })
    expect(body.error.message).toContain(parameter)
  })

  it('401 without a key, 403 with a wrong one; system routes need none', async () => {
    const missing = await get('/v1/trades', {})
    expect(missing.status).toBe(401)
    expect((await missing.json()).error.code).toBe('API_UNAUTHORIZED')
    const wrong = await get('/v1/trades', { 'X-API-Key': 'not-a-key-at-all' })
    expect(wrong.status).toBe(403)
    expect((await wrong.json()).error.code).toBe('API_FORBIDDEN')
    for (const path of [
      '/',
      '/health',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/openapi.json',
      '/docs',
    ]) {
      expect((await get(path, {})).status, path).toBe(200)
    }
  })

  it('413 for a body over the limit', async () => {
    const small = makeApp({ maxBodyBytes: 64 })
    const res = await request(small, '/v1/trades/query', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ symbols: Array.from({ length: 20 }, (_, i) => `SYM${i}`) }),
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('API_PAYLOAD_TOO_LARGE')
  })

  it('429 past the per-key rate limit, with X-RateLimit-* and Retry-After', async () => {
    let now = 1_800_000_000_000
    const limited = createApiApp({
      engine,
      config: { keys: [KEY, 'other-key-2'], rateLimitPerMinute: 2 },
      health: async () => health,
      metrics: async () => '',
      now: () => now,
    })
    const first = await get('/v1/stats', AUTH, limited)
    expect(first.headers.get('x-ratelimit-limit')).toBe('2')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(first.headers.get('x-ratelimit-reset')).toBe(
      String(Math.ceil((now - (now % 60_000) + 60_000) / 1000)),
    )
    expect((await get('/v1/stats', AUTH, limited)).status).toBe(200)
    const refused = await get('/v1/stats', AUTH, limited)
    expect(refused.status).toBe(429)
    expect((await refused.json()).error.code).toBe('API_RATE_LIMITED')
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await get('/v1/stats', { 'X-API-Key': 'other-key-2' }, limited)).status).toBe(200)
    now += 60_000
    expect((await get('/v1/stats', AUTH, limited)).status).toBe(200)
  })

  it('404 for an unknown route, 405 for a known path with the wrong method', async () => {
    expect((await get('/v1/nothing')).status).toBe(404)
    const res = await request(app, '/v1/trades', { method: 'DELETE', headers: AUTH })
    expect(res.status).toBe(405)
  })

  it('503 from /health/ready and /health when a dependency is unhealthy', async () => {
    health = { status: 'unhealthy', dependencies: [{ name: 'catalog', status: 'unhealthy' }] }
    try {
      expect((await get('/health/ready', {})).status).toBe(503)
      const res = await get('/health', {})
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({
        status: 'unhealthy',
        dependencies: [{ name: 'catalog' }],
      })
    } finally {
      health = { status: 'healthy', dependencies: [] }
    }
  })
})

describe('middleware', () => {
  it('echoes X-Correlation-ID, or makes one, on answers and errors', async () => {
    const res = await get('/v1/stats', { ...AUTH, 'X-Correlation-ID': 'req-abc.123' })
    expect(res.headers.get('x-correlation-id')).toBe('req-abc.123')
    expect((await res.json()).meta.correlation_id).toBe('req-abc.123')
    const err = await get('/v1/trades?limit=x', { ...AUTH, 'X-Correlation-ID': 'req-err' })
    expect(err.headers.get('x-correlation-id')).toBe('req-err')
    expect((await err.json()).meta.correlation_id).toBe('req-err')
    const made = await get('/v1/stats')
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers CORS preflights for the configured origins', async () => {
    const strict = makeApp({ corsOrigins: ['https://notebook.example.com'] })
    const res = await request(strict, '/v1/trades', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://notebook.example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'X-API-Key',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://notebook.example.com')
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i)
    const other = await request(strict, '/v1/trades', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' },
    })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('counts requests by route pattern and status', async () => {
    const metrics = createMetrics()
    const counted = createApiApp({
      engine,
      config: { keys: [KEY] },
      health: async () => health,
      metrics: () => metrics.registry.metrics(),
      httpMetrics: metrics,
    })
    await get('/v1/summary/BHP/2014-03-10', AUTH, counted)
    await get('/v1/summary/BHP/2014-03-xx', AUTH, counted)
    const text = await (await get('/metrics', {}, counted)).text()
    expect(text).toContain(
      'k2_http_requests_total{method="GET",route="/v1/summary/:symbol/:date",status="200"} 1',
    )
    expect(text).toContain(
      'k2_http_requests_total{method="GET",route="/v1/summary/:symbol/:date",status="400"} 1',
    )
  })
})

describe('OpenAPI document and docs page', () => {
  it('lists every route the app serves, with its parameters and security', async () => {
    const doc = await (await get('/openapi.json', {})).json()
    expect(doc.openapi).toBe('3.0.3')
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort()
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .sort()
    expect(documented).toEqual(served)
    expect(served).toHaveLength(19)
    const trades = doc.paths['/v1/trades'].get
    expect(trades.security).toEqual([{ ApiKeyAuth: [] }])
    expect(trades.parameters.map((p: { name: string }) => p.name)).toContain('as_of')
    expect(Object.keys(trades.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '429']),
    )
    expect(Object.keys(trades.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      'application/x-ndjson',
      'application/vnd.apache.parquet',
    ])
    expect(
      doc.paths['/v1/replay'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['start_time', 'end_time'])
  })

  it('serves a self-contained docs page (nothing loaded from the internet)', async () => {
    const html = await (await get('/docs', {})).text()
    expect(html).toContain('/openapi.json')
    expect(html).not.toMatch(/(src|href)=["']?https?:/)
  })
})
