import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'

import { committedTradeRows, waitForCommittedRows } from './support/committed-rows.js'
import { freePort } from './support/free-port.js'
import { deleteBinanceTradeTopics } from './support/kafka-fixtures.js'
import { faultWhenConnected } from './support/replay-faults.js'
import { startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'
import { replayEnv } from './support/replay-env.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
const PER_SYMBOL = 3_000
const TOTAL = SYMBOLS.length * PER_SYMBOL
const API_KEY = 'metrics-e2e-key'

let exchange: ReplayExchange | undefined
const processes: SupervisorProcess[] = []

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
    await p.exited
  }
  await exchange?.close()
  exchange = undefined
})

/** One parsed text exposition: series line (`name{labels}`) -> value, and the TYPE lines. */
interface Exposition {
  readonly text: string
  readonly series: ReadonlyMap<string, number>
  /** Value of one series; undefined when absent. */
  value(series: string): number | undefined
  /** Sum over every series of `name` whose labels contain `match` (e.g. `source="feed"`). */
  sum(name: string, match?: string): number
}

function parseExposition(text: string): Exposition {
  const series = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    series.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return {
    text,
    series,
    value: (s) => series.get(s),
    sum: (name, match = '') =>
      [...series]
        .filter(([s]) => (s === name || s.startsWith(`${name}{`)) && s.includes(match))
        .reduce((n, [, v]) => n + v, 0),
  }
}

/**
 * Issue 7: one `/metrics` for the whole supervisor process (D8). The real supervisor (embedded
 * transport, 2 writers) ingests a finite tape from the replay exchange with a gap and invalid
 * frames; the api actor's `/metrics`, scraped over HTTP, holds the feed's, the writers', the api's
 * and the supervisor's metrics in one exposition with values that match the tape and the table,
 * and a killed writer does not make any counter go back.
 */
describe('supervisor /metrics', () => {
  it('serves every worker’s metrics merged, consistent with the tape and the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-metrics-'))
    const warehouse = join(dir, 'warehouse')
    exchange = await startReplayExchange({
      port: 0,
      symbols: SYMBOLS,
      tradesPerSymbol: PER_SYMBOL,
      rate: 1_000,
    })
    const apiPort = await freePort()
    const env = {
      K2_TRANSPORT: 'embedded',
      ...replayEnv(exchange, SYMBOLS, warehouse),
      K2_WRITERS: '2',
      K2_COMMIT_INTERVAL_MS: '500',
      K2_API_PORT: String(apiPort),
      K2_API_KEYS: API_KEY,
      K2_ADMIN_PORT: String(await freePort()),
      K2_LOG_LEVEL: 'info',
    }
    const startedAt = Date.now() / 1000
    const supervisor = await startSupervisor(env, join(dir, 'supervisor.log'))
    processes.push(supervisor)
    const api = `http://127.0.0.1:${apiPort}`
    const scrape = async () => {
      const res = await fetch(`${api}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      return parseExposition(await res.text())
    }

    // A gap (3 trades only in REST) and 2 invalid frames, once the feed of BTCUSDT is past its
    // start-up backfill (a skip during it would only widen the hole being repaired).
    const received = 'k2_binance_messages_received_total{symbol="BTCUSDT"}'
    for (const deadline = Date.now() + 60_000; ; ) {
      if (((await scrape()).value(received) ?? 0) >= 200) break
      if (Date.now() > deadline) throw new Error('the BTCUSDT feed receives nothing')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await faultWhenConnected(exchange, { kind: 'skip', symbol: 'BTCUSDT', count: 3 })
    await faultWhenConnected(exchange, { kind: 'malformed', symbol: 'ETHUSDT', count: 2 })
    await waitForCommittedRows(warehouse, TOTAL, 120_000)
    const trades = await fetch(`${api}/v1/trades?symbol=BTCUSDT&limit=5`, {
      headers: { 'X-API-Key': API_KEY },
    })
    expect(trades.status).toBe(200)

    const m = await scrape()
    // One metric family per name, whichever workers hold it.
    const types = m.text.split('\n').filter((l) => l.startsWith('# TYPE '))
    expect(new Set(types).size).toBe(types.length)
    expect(types).toContain('# TYPE process_cpu_seconds_total counter')

    // Writers: every committed row counted once, one freshness observation per row.
    const table = 'market_data.trades_v2'
    expect(m.value(`k2_iceberg_rows_written_total{table="${table}"}`)).toBe(TOTAL)
    expect(m.value('k2_ingest_to_commit_seconds_count')).toBe(TOTAL)
    expect(m.value('k2_ingest_to_commit_seconds_sum')).toBeGreaterThan(0)
    expect(m.value('k2_iceberg_write_duration_seconds_count')).toBeGreaterThanOrEqual(2)
    expect(m.value('k2_iceberg_commit_conflicts_total')).toBe(0)

    // Feeds: one connection each; trades from the socket plus those repaired from REST cover
    // the tape; the gap was seen; the invalid frames were counted and dead-lettered.
    expect(m.value('k2_binance_connection_status')).toBe(SYMBOLS.length)
    for (const symbol of SYMBOLS) {
      const received = m.value(`k2_binance_messages_received_total{symbol="${symbol}"}`) ?? 0
      const repaired = m.value(`k2_binance_gaps_repaired_total{symbol="${symbol}"}`) ?? 0
      expect(received + repaired, symbol).toBeGreaterThanOrEqual(PER_SYMBOL)
      // The gauge of the last price is the tape's last trade's.
      const res = await fetch(
        `${exchange.restUrl}/api/v3/historicalTrades?symbol=${symbol}&fromId=${PER_SYMBOL}&limit=1`,
      )
      const [last] = (await res.json()) as { id: number; price: string }[]
      expect(last?.id).toBe(PER_SYMBOL)
      expect(m.value(`k2_last_trade_price{exchange="BINANCE",symbol="${symbol}"}`), symbol).toBe(
        Number(last!.price),
      )
    }
    // (A feed that connects late gets its symbol's early trades from REST: only BTCUSDT, whose
    // socket the test waited for, surely received trades live.)
    expect(m.value(received)).toBeGreaterThanOrEqual(200)
    expect(
      m.sum('k2_sequence_gaps_detected_total', 'exchange="BINANCE",symbol="BTCUSDT"'),
    ).toBeGreaterThanOrEqual(1)
    expect(m.value('k2_binance_gaps_repaired_total{symbol="BTCUSDT"}')).toBeGreaterThanOrEqual(3)
    expect(m.sum('k2_binance_message_errors_total')).toBeGreaterThanOrEqual(2)
    expect(m.sum('k2_dead_letters_total', 'source="feed"')).toBeGreaterThanOrEqual(2)
    expect(m.value('k2_binance_reconnect_delay_seconds')).toBe(0)
    const lastMessage = m.value('k2_binance_last_message_timestamp_seconds') ?? 0
    expect(lastMessage).toBeGreaterThan(startedAt)
    expect(lastMessage).toBeLessThanOrEqual(Date.now() / 1000)
    expect(m.sum('k2_circuit_breaker_state')).toBe(0)
    expect(m.text).toContain('k2_circuit_breaker_state{breaker_name=')
    // Embedded transport: nothing went through Kafka.
    expect(m.value('k2_kafka_messages_produced_total')).toBe(0)
    expect(m.value('k2_kafka_messages_consumed_total')).toBe(0)

    // API: requests and query timings of the api actor's own worker.
    expect(m.value('k2_http_requests_total{method="GET",route="/v1/trades",status="200"}')).toBe(1)
    expect(m.value('k2_query_duration_seconds_count{query_type="trades"}')).toBe(1)
    // Supervisor (main thread): no restart yet.
    expect(m.sum('k2_actor_restarts_total')).toBe(0)

    // A writer killed while idle (the tape is done): counted once, and no counter goes back.
    await supervisor.killActor('writer-0')
    const deadline = Date.now() + 60_000
    for (;;) {
      const writer = (await supervisor.actors()).find((a) => a.name === 'writer-0')
      if (writer?.state === 'running' && writer.restarts === 1) break
      if (Date.now() > deadline) throw new Error('writer-0 did not come back')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const after = await scrape()
    expect(after.value('k2_actor_restarts_total{actor="writer-0"}')).toBe(1)
    expect(after.value(`k2_iceberg_rows_written_total{table="${table}"}`)).toBe(TOTAL)
    expect(after.value('k2_ingest_to_commit_seconds_count')).toBe(TOTAL)
    const counters = new Set(
      m.text
        .split('\n')
        .filter((l) => /^# TYPE \S+ (counter|histogram)$/.test(l))
        .map((l) => l.split(' ')[2]!),
    )
    for (const [series, value] of m.series) {
      const name = series.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '')
      if (!counters.has(name) && !counters.has(series.replace(/\{.*$/, ''))) continue
      expect(after.value(series) ?? 0, series).toBeGreaterThanOrEqual(value)
    }

    supervisor.child.kill('SIGTERM')
    expect(await supervisor.exited).toBe(0)
  })

  it('counts what the Kafka transport produced, consumed and committed, with the lag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-metrics-kafka-'))
    const warehouse = join(dir, 'warehouse')
    // An earlier run's tape of these symbols on the topic would leave the feeds nothing to produce.
    await deleteBinanceTradeTopics('e2e-metrics-admin')
    exchange = await startReplayExchange({
      port: 0,
      symbols: SYMBOLS,
      tradesPerSymbol: PER_SYMBOL,
      rate: 1_000,
    })
    const apiPort = await freePort()
    const supervisor = await startSupervisor(
      {
        K2_TRANSPORT: 'kafka',
        K2_KAFKA_BROKERS: inject('kafkaBrokers'),
        K2_KAFKA_CLIENT_ID: `e2e-metrics-${Date.now()}`,
        K2_KAFKA_PARTITIONS_CRYPTO: '2',
        ...replayEnv(exchange, SYMBOLS, warehouse),
        K2_WRITERS: '2',
        K2_COMMIT_INTERVAL_MS: '500',
        K2_API_PORT: String(apiPort),
        K2_API_KEYS: API_KEY,
        K2_ADMIN_PORT: String(await freePort()),
        K2_LOG_LEVEL: 'info',
      },
      join(dir, 'supervisor.log'),
    )
    processes.push(supervisor)
    await waitForCommittedRows(warehouse, TOTAL, 120_000)
    // Counters are compared once the table stops growing (the last commits of the run).
    let rows = await committedTradeRows(warehouse)
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      const now = await committedTradeRows(warehouse)
      if (now === rows) break
      rows = now
    }
    expect(rows).toBe(TOTAL)
    const m = parseExposition(await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text())
    expect(m.value('k2_iceberg_rows_written_total{table="market_data.trades_v2"}')).toBe(rows)
    expect(m.value('k2_ingest_to_commit_seconds_count')).toBe(rows)
    // Every trade of the tape was acknowledged by Kafka and consumed back.
    expect(m.value('k2_kafka_messages_produced_total')).toBeGreaterThanOrEqual(TOTAL)
    expect(m.value('k2_kafka_messages_consumed_total')).toBeGreaterThanOrEqual(TOTAL)
    // Lag per owned partition of the trades topic (2 partitions, one or two writers): caught up.
    const topic = 'market.crypto.trades.binance'
    const lags = [...m.series].filter(([s]) =>
      s.startsWith(`k2_kafka_consumer_lag_messages{topic="${topic}",partition=`),
    )
    expect(lags.length).toBeGreaterThanOrEqual(1)
    expect(lags.every(([, v]) => v === 0)).toBe(true)
    expect(m.value('k2_binance_connection_status')).toBe(SYMBOLS.length)

    supervisor.child.kill('SIGTERM')
    expect(await supervisor.exited).toBe(0)
  })
})
