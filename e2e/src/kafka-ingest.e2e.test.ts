import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  createKafkaTradeIngestor,
  readKafkaOffsets,
  readSourcePositions,
  type KafkaTradeIngestor,
  type KafkaTradeIngestorOptions,
} from '@k2/actors'
import type { TradeV2 } from '@k2/core'
import { TRADES_V2_TABLE, type ParquetWriter } from '@k2/iceberg'
import {
  createMarketDataProducer,
  createRecordProducer,
  ensureTopics,
  fetchPartitionOffsets,
  topicName,
  topicSpecFor,
  type UndecodableRecord,
} from '@k2/kafka'

import { openE2eWarehouse, type E2eWarehouse } from './support/iceberg-warehouse.js'
import { E2E_TOPIC_SETTINGS, e2eKafka, uniqueExchange } from './support/kafka-fixtures.js'
import { generateTrades } from './support/trade-generator.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']
const kafka = e2eKafka('e2e-kafka-ingest')

let wh: E2eWarehouse
const running: KafkaTradeIngestor[] = []

beforeEach(async () => {
  wh = await openE2eWarehouse()
})

afterEach(async () => {
  for (const i of running.splice(0)) await i.stop({ commit: false }).catch(() => undefined)
  await wh.close()
})

/** A fresh 3-partition crypto trades topic and its exchange. */
async function freshTopic(prefix: string): Promise<{ exchange: string; topic: string }> {
  const exchange = uniqueExchange(prefix).toUpperCase()
  const topic = topicName('crypto', 'trades', exchange)
  const settings = {
    ...E2E_TOPIC_SETTINGS,
    partitions: { ...E2E_TOPIC_SETTINGS.partitions, crypto: 3 },
  }
  await ensureTopics(kafka, [topicSpecFor(topic, settings)])
  return { exchange, topic }
}

/** Produces `trades` (encoded, keyed by symbol) and, in between, raw `extra` values. */
async function produce(
  trades: readonly TradeV2[],
  extra: {
    readonly after: number
    readonly topic: string
    readonly key: string
    readonly value: Buffer
  }[] = [],
): Promise<void> {
  const producer = createRecordProducer({
    kafka,
    queueMax: 5_000,
    batchMax: 500,
    compression: 'snappy',
  })
  await producer.connect()
  const marketData = createMarketDataProducer({ producer })
  for (const [i, trade] of trades.entries()) {
    for (const e of extra.filter((x) => x.after === i)) await producer.send(e)
    await marketData.send('trades', trade)
  }
  await producer.disconnect()
}

/** `topic:partition` -> high watermark, for partitions holding records. */
async function endOffsets(topic: string): Promise<Record<string, bigint>> {
  const offsets = await fetchPartitionOffsets(kafka, topic)
  return Object.fromEntries(
    offsets.filter((o) => o.high > o.low).map((o) => [`${topic}:${o.partition}`, o.high]),
  )
}

/** The table's stored offsets (`k2.kafka.offsets`). */
async function tableOffsets(): Promise<Record<string, bigint>> {
  return Object.fromEntries(readKafkaOffsets(await wh.table()))
}

/** Polls `check` until it holds or fails with `what` after `timeoutMs`. */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until the table's stored offsets equal the topic's end offsets. */
async function waitForTableAtEnd(topic: string): Promise<void> {
  const end = await endOffsets(topic)
  let last: Record<string, bigint> = {}
  await waitFor(
    `table offsets ${JSON.stringify(end, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
    async () => {
      last = await tableOffsets()
      return Object.keys(end).every((k) => last[k] === end[k])
    },
  )
  expect(last).toEqual(end)
}

/** An ingestor of `topic` into the warehouse's table (its own catalog connection) that is stopped after the test. */
async function ingestor(
  topic: string,
  groupId: string,
  options: Partial<KafkaTradeIngestorOptions> = {},
): Promise<KafkaTradeIngestor> {
  const i = createKafkaTradeIngestor({
    kafka,
    groupId,
    topics: [topic],
    catalog: await wh.openCatalog(),
    io: wh.io,
    parquet: wh.parquet,
    table: TRADES_V2_TABLE.identifier,
    policy: { maxRows: 400, maxAgeMs: 200 },
    deadLetter: () => {
      throw new Error('unexpected dead letter')
    },
    sessionTimeoutMs: 10_000,
    ...options,
  })
  running.push(i)
  return i
}

/** Every trade is in the table exactly once, and nothing else is. */
async function expectExactlyOnce(trades: readonly TradeV2[]): Promise<void> {
  const rows = await wh.tableRows()
  const counts = new Map<string, number>()
  for (const r of rows) counts.set(r.message_id, (counts.get(r.message_id) ?? 0) + 1)
  const repeated = [...counts].filter(([, n]) => n > 1).length
  const missing = trades.filter((t) => !counts.has(t.message_id)).length
  expect({ rows: rows.length, repeated, missing }).toEqual({
    rows: trades.length,
    repeated: 0,
    missing: 0,
  })
  // The source positions are the last sequence of each symbol.
  const last = new Map<string, number>()
  for (const t of trades) last.set(`${t.exchange}:${t.symbol}`, t.source_sequence!)
  expect(Object.fromEntries(readSourcePositions(await wh.table()))).toEqual(
    Object.fromEntries(last),
  )
}

describe('Kafka-mode exactly-once ingest (D6)', () => {
  it('ingests every trade of a 3-partition topic once; the summary offsets are the end offsets', async () => {
    const { exchange, topic } = await freshTopic('e2eingest')
    const trades = generateTrades({ symbols: SYMBOLS, count: 3_000, seed: 1, exchange })
    await produce(trades)
    // Large row limit and age: the tail is committed by stop's final commit.
    const i = await ingestor(topic, `${topic}-writers`, {
      policy: { maxRows: 700, maxAgeMs: 600_000 },
    })
    await i.start()
    await waitFor('every record taken', () => i.stats().recordsTaken === trades.length)
    await i.stop()
    expect(i.stats()).toMatchObject({
      rowsWritten: trades.length,
      fenced: 0,
      buffered: { rows: 0 },
    })
    expect(await tableOffsets()).toEqual(await endOffsets(topic))
    expect(Object.fromEntries(i.positions())).toEqual(await endOffsets(topic))
    await expectExactlyOnce(trades)
  })

  it('resumes after a crash (no final commit) from the table, exactly once', async () => {
    const { exchange, topic } = await freshTopic('e2ecrash')
    const trades = generateTrades({ symbols: SYMBOLS, count: 4_500, seed: 2, exchange })
    await produce(trades.slice(0, 3_000))
    const group = `${topic}-writers`
    const first = await ingestor(topic, group, { policy: { maxRows: 400, maxAgeMs: 600_000 } })
    await first.start()
    await waitFor('two commits', () => first.stats().commits >= 2)
    await first.stop({ commit: false })
    const committed = (await wh.tableRows()).length
    expect(committed).toBeLessThan(trades.length)

    await produce(trades.slice(3_000))
    const second = await ingestor(topic, group)
    await second.start()
    await waitForTableAtEnd(topic)
    await second.stop()
    expect(second.stats().rowsWritten).toBe(trades.length - committed)
    await expectExactlyOnce(trades)
  })

  it('stays exactly once when a member leaves the group mid-stream (rebalance)', async () => {
    const { exchange, topic } = await freshTopic('e2erebalance')
    const trades = generateTrades({ symbols: SYMBOLS, count: 4_000, seed: 3, exchange })
    const group = `${topic}-writers`
    const a = await ingestor(topic, group)
    const b = await ingestor(topic, group)
    await Promise.all([a.start(), b.start()])
    await waitFor(
      'both members assigned',
      () =>
        a.stats().assignment.length > 0 &&
        b.stats().assignment.length > 0 &&
        a.stats().assignment.length + b.stats().assignment.length === 3,
    )
    await produce(trades.slice(0, 2_000))
    await waitFor('some commits', () => a.stats().commits + b.stats().commits >= 2)
    const leaving = produce(trades.slice(2_000))
    await a.stop()
    await leaving
    await waitFor(
      'the remaining member owns every partition',
      () => b.stats().assignment.length === 3,
    )
    await waitForTableAtEnd(topic)
    await b.stop()
    await expectExactlyOnce(trades)
  })

  it('fences a zombie: two groups own the same partitions, one commit is refused, exactly once', async () => {
    const { exchange, topic } = await freshTopic('e2ezombie')
    const trades = generateTrades({ symbols: SYMBOLS, count: 4_000, seed: 4, exchange })
    await produce(trades.slice(0, 3_000))
    // The zombie's first commit stalls (a GC pause, a slow disk) until the other owner is done.
    let entered!: () => void
    const stalled = new Promise<void>((resolve) => (entered = resolve))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let gated = false
    const stallingParquet: ParquetWriter = {
      async write(request) {
        if (!gated) {
          gated = true
          entered()
          await gate
        }
        return wh.parquet.write(request)
      },
      close: async () => undefined,
    }
    const zombie = await ingestor(topic, `${topic}-zombie`, {
      parquet: stallingParquet,
      policy: { maxRows: 300, maxAgeMs: 200 },
    })
    await zombie.start()
    await stalled
    const owner = await ingestor(topic, `${topic}-owner`)
    await owner.start()
    await waitForTableAtEnd(topic)
    release()
    await waitFor('the zombie fenced', () => zombie.stats().fenced >= 1)
    // Both keep going on new records: whoever commits second is fenced and re-reads.
    await produce(trades.slice(3_000))
    await waitForTableAtEnd(topic)
    await Promise.all([zombie.stop(), owner.stop()])
    expect(zombie.stats().rowsDropped).toBeGreaterThan(0)
    await expectExactlyOnce(trades)
  })

  it('sends a poison record to the dead-letter handler with its offset; the rest lands', async () => {
    const { exchange, topic } = await freshTopic('e2epoison')
    const trades = generateTrades({ symbols: SYMBOLS, count: 2_000, seed: 5, exchange })
    const poison = Buffer.from('not avro at all')
    await produce(trades, [{ after: 1_000, topic, key: SYMBOLS[0]!, value: poison }])
    const letters: UndecodableRecord[] = []
    const i = await ingestor(topic, `${topic}-writers`, {
      deadLetter: (r) => {
        letters.push(r)
      },
    })
    await i.start()
    await waitForTableAtEnd(topic)
    await i.stop()
    expect(letters).toHaveLength(1)
    const [letter] = letters
    expect(letter).toMatchObject({
      topic,
      key: SYMBOLS[0],
      error: { code: 'CODECS_UNKNOWN_FRAMING' },
    })
    expect(letter!.bytes.equals(poison)).toBe(true)
    expect(letter!.offset).toMatch(/^\d+$/)
    // Its offset was consumed: the table's offsets cover every record, good and bad.
    const end = await endOffsets(topic)
    expect(Object.values(end).reduce((n, o) => n + o, 0n)).toBe(BigInt(trades.length + 1))
    expect(BigInt(letter!.offset)).toBeLessThan(end[`${topic}:${letter!.partition}`]!)
    expect(i.stats().deadLetters).toBe(1)
    await expectExactlyOnce(trades)
  })
})
