import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'

import { deadLetterTopicName, fetchPartitionOffsets, topicName } from '@k2/kafka'
import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'

import { waitForCommittedRows } from './support/committed-rows.js'
import { freePort } from './support/free-port.js'
import { e2eKafka, uniqueExchange } from './support/kafka-fixtures.js'
import { startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'
import { readTradeSequences } from './support/trade-table-oracle.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
const PER_SYMBOL = 5_000
const TOTAL = SYMBOLS.length * PER_SYMBOL
/** The topics are fixed by D3 (`market.{asset_class}.{data_type}.{exchange}`). */
const TRADES_TOPIC = topicName('crypto', 'trades', 'binance')
const TOPICS = [TRADES_TOPIC, deadLetterTopicName(TRADES_TOPIC)]

let exchange: ReplayExchange | undefined
const processes: SupervisorProcess[] = []

/**
 * Each case starts from a fresh Kafka state for the fixed D3 topics: they are deleted here (the
 * supervisor creates them again at start-up), so a case never ingests another case's trades into
 * its fresh warehouse. Each case also has its own `K2_KAFKA_CLIENT_ID`, hence its own writers'
 * consumer group (`{clientId}-writers`). Run against a broker of its own (K2_KAFKA_BROKERS).
 */
async function deleteTopics(): Promise<void> {
  const admin = e2eKafka('e2e-supervisor-kafka-admin').admin()
  await admin.connect()
  try {
    const present = (await admin.listTopics()).filter((t) => TOPICS.includes(t))
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 30_000 })
    const deadline = Date.now() + 30_000
    while ((await admin.listTopics()).some((t) => TOPICS.includes(t))) {
      if (Date.now() > deadline) throw new Error(`topics not deleted: ${present.join(', ')}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  } finally {
    await admin.disconnect()
  }
}

/** Records in `.dlq` now (all partitions). */
async function deadLetterRecords(): Promise<bigint> {
  const offsets = await fetchPartitionOffsets(
    e2eKafka('e2e-supervisor-kafka-dlq'),
    deadLetterTopicName(TRADES_TOPIC),
  )
  return offsets.reduce((n, p) => n + (p.high - p.low), 0n)
}

async function environment(rate: number): Promise<{
  env: Record<string, string>
  logFile: string
  warehouse: string
}> {
  const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-kafka-'))
  const warehouse = join(dir, 'warehouse')
  exchange = await startReplayExchange({
    port: 0,
    symbols: SYMBOLS,
    tradesPerSymbol: PER_SYMBOL,
    rate,
  })
  const env = {
    K2_TRANSPORT: 'kafka',
    K2_KAFKA_BROKERS: inject('kafkaBrokers'),
    K2_KAFKA_CLIENT_ID: uniqueExchange('e2e-k2-'),
    K2_KAFKA_PARTITIONS_CRYPTO: '4',
    K2_WAREHOUSE: warehouse,
    K2_BINANCE_WS_URL: `${exchange.url}/stream`,
    K2_BINANCE_REST_URL: exchange.restUrl,
    K2_BINANCE_SYMBOLS: SYMBOLS.join(','),
    K2_FEED_START: 'earliest',
    K2_WRITERS: '2',
    K2_COMMIT_INTERVAL_MS: '500',
    K2_ADMIN_PORT: String(await freePort()),
    K2_LOG_LEVEL: 'info',
  }
  return { env, logFile: join(dir, 'supervisor.log'), warehouse }
}

function pick(stats: Record<string, unknown> | null, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, stats?.[k]]))
}

/** Sends `count` malformed frames to the feed of `symbol`, once it is connected. */
async function sendMalformedFrames(symbol: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const result = exchange!.fault({ kind: 'malformed', count, symbol })
    if ('connections' in result && result.connections > 0) return
    if (Date.now() > deadline) throw new Error(`no feed connected for ${symbol}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** pyiceberg must read trade ids 1..PER_SYMBOL once each, per symbol. */
function expectExactlyOnce(warehouse: string): void {
  const view = readTradeSequences(warehouse)
  for (const symbol of SYMBOLS) {
    expect(view.symbols[symbol], symbol).toEqual({
      rows: PER_SYMBOL,
      distinct: PER_SYMBOL,
      min: 1,
      max: PER_SYMBOL,
      missing: 0,
    })
  }
  expect(Object.keys(view.symbols).sort()).toEqual([...SYMBOLS].sort())
}

beforeEach(async () => {
  await deleteTopics()
})

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
    await p.exited
  }
  await exchange?.close()
  exchange = undefined
})

/**
 * The supervisor with `K2_TRANSPORT=kafka` as its own OS process: feeds produce to
 * `market.crypto.trades.binance`, two Kafka writer actors (one consumer group) ingest into a
 * fresh warehouse; pyiceberg checks the table.
 */
describe('supervisor, kafka transport', () => {
  it('lands every trade exactly once, dead-letters invalid frames, and stops on SIGTERM', async () => {
    const { env, logFile, warehouse } = await environment(5_000)
    const supervisor = await startSupervisor(env, logFile)
    processes.push(supervisor)
    for (const symbol of SYMBOLS) await sendMalformedFrames(symbol, 3)
    await waitForCommittedRows(warehouse, TOTAL, 120_000)

    const feeds = (await supervisor.actors()).filter((a) => a.name.startsWith('feed-'))
    expect(feeds).toHaveLength(SYMBOLS.length)
    for (const feed of feeds) {
      expect(feed.stats, feed.name).toMatchObject({
        transport: 'kafka',
        deadLetterFailures: 0,
        sequence: { small_gap: 0, large_gap: 0, out_of_order: 0, reset: 0, unsequenced: 0 },
      })
    }
    const deadLetters = feeds.reduce((n, f) => n + Number(f.stats!['deadLetters']), 0)
    expect(deadLetters).toBeGreaterThanOrEqual(3 * SYMBOLS.length)
    expect(await deadLetterRecords()).toBe(BigInt(deadLetters))

    const stopAt = Date.now()
    supervisor.child.kill('SIGTERM')
    expect(await supervisor.exited).toBe(0)
    expect(Date.now() - stopAt).toBeLessThan(10_000)
    expectExactlyOnce(warehouse)
  })

  it('lands every trade exactly once after a SIGKILL mid-stream and a restart', async () => {
    // A slower tape (10 s) than the first case's, so that the kill lands while trades stream in.
    const { env, logFile, warehouse } = await environment(1_000)
    const first = await startSupervisor(env, logFile)
    processes.push(first)
    const before = await waitForCommittedRows(warehouse, 1_000, 120_000)
    first.child.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')
    console.log(`supervisor killed with ${before} of ${TOTAL} trades committed`)
    expect(before, 'the kill must land mid-stream').toBeLessThan(TOTAL)

    const second = await startSupervisor(env, logFile)
    processes.push(second)
    await waitForCommittedRows(warehouse, TOTAL, 120_000)
    const writers = (await second.actors()).filter((a) => a.name.startsWith('writer-'))
    // Logged, not asserted (depends on timing): repeats the restarted feeds re-produced.
    console.log(
      'writers after the restart:',
      writers.map((w) => ({ name: w.name, ...pick(w.stats, 'duplicatesDropped', 'rowsWritten') })),
    )
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expectExactlyOnce(warehouse)
  })
})
