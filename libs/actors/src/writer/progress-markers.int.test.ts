import { appendRows, compactTable, TRADES_V2_TABLE } from '@k2/iceberg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  KAFKA_OFFSETS_KEY,
  kafkaOffsetsAppendOptions,
  readKafkaOffsets,
  topicPartitionKey,
  type KafkaOffsetRange,
} from './kafka-offsets.js'
import { SOURCE_POSITIONS_KEY, readSourcePositions } from './source-positions.js'
import { trades } from './testing/trade-fixtures.js'
import { openWriterWarehouse, type WriterWarehouse } from './testing/writer-warehouse.js'
import { createTradeBatchWriter } from './trade-batch-writer.js'

const TABLE = TRADES_V2_TABLE.identifier
const TOPIC = 'market.crypto.trades.binance'

let wh: WriterWarehouse

beforeEach(async () => {
  wh = await openWriterWarehouse()
})

afterEach(async () => {
  await wh.close()
})

describe('source positions survive snapshots without them', () => {
  it('keeps the positions through a compaction and keeps deduplicating', async () => {
    const w = await createTradeBatchWriter({ ...wh.ctx, table: TABLE })
    await w.add(trades('BTCUSDT', 1, 10))
    await w.flush()
    await w.add(trades('BTCUSDT', 11, 20))
    await w.close()
    const compaction = await compactTable({ ...wh.ctx, parquet: wh.rewriter }, TABLE, {
      smallFileRatio: 1,
    })
    expect(compaction.status).toBe('compacted')
    const table = await wh.table()
    expect(table.metadata.snapshots.at(-1)!.summary.operation).toBe('replace')
    // The replace snapshot carries the writers' markers (libs/iceberg replaceFiles: `k2.*`).
    expect(JSON.parse(table.metadata.snapshots.at(-1)!.summary[SOURCE_POSITIONS_KEY]!)).toEqual({
      'BINANCE:BTCUSDT': 20,
    })
    expect(Object.fromEntries(readSourcePositions(table))).toEqual({ 'BINANCE:BTCUSDT': 20 })

    const restarted = await createTradeBatchWriter({ ...wh.ctx, table: TABLE })
    await restarted.add(trades('BTCUSDT', 15, 25))
    expect(await restarted.flush()).toMatchObject({ rows: 5 })
    expect(Object.fromEntries(readSourcePositions(await wh.table()))).toEqual({
      'BINANCE:BTCUSDT': 25,
    })
    expect((await wh.table()).metadata.snapshots.at(-1)!.summary['total-records']).toBe('25')
  })

  it('refuses a malformed marker with ACTORS_INVALID_PROGRESS', async () => {
    await appendRows(wh.ctx, TABLE, trades('BTCUSDT', 1, 2), {
      summary: () => ({ [SOURCE_POSITIONS_KEY]: '{"BINANCE:BTCUSDT":"12"}' }),
    })
    const table = await wh.table()
    expect(() => readSourcePositions(table)).toThrow(
      expect.objectContaining({ code: 'ACTORS_INVALID_PROGRESS' }),
    )
  })
})

describe('Kafka offsets (D6, Kafka mode)', () => {
  const p0 = topicPartitionKey(TOPIC, 0)
  const p1 = topicPartitionKey(TOPIC, 1)
  const batch = (entries: Array<[string, bigint, bigint]>) =>
    kafkaOffsetsAppendOptions(
      new Map<string, KafkaOffsetRange>(entries.map(([k, first, next]) => [k, { first, next }])),
    )

  it('stores the next offset per partition, merged across commits, 64-bit safe', async () => {
    expect(readKafkaOffsets(await wh.table()).size).toBe(0)
    const big = 2n ** 60n
    await appendRows(wh.ctx, TABLE, trades('BTCUSDT', 1, 3), batch([[p0, 0n, 3n]]))
    await appendRows(wh.ctx, TABLE, trades('ETHUSDT', 1, 2), batch([[p1, big, big + 2n]]))
    const table = await wh.table()
    expect(Object.fromEntries(readKafkaOffsets(table))).toEqual({ [p0]: 3n, [p1]: big + 2n })
    expect(JSON.parse(table.metadata.snapshots.at(-1)!.summary[KAFKA_OFFSETS_KEY]!)).toEqual({
      [p0]: '3',
      [p1]: String(big + 2n),
    })
  })

  it('refuses a batch whose first offset is not the stored next offset (zombie writer)', async () => {
    await appendRows(wh.ctx, TABLE, trades('BTCUSDT', 1, 3), batch([[p0, 0n, 3n]]))
    const before = (await wh.table()).metadata.snapshots.length
    // A zombie re-delivering offsets 1..2 after another writer committed 0..2.
    await expect(
      appendRows(wh.ctx, TABLE, trades('BTCUSDT', 2, 3), batch([[p0, 1n, 3n]])),
    ).rejects.toMatchObject({ code: 'ICEBERG_PRECONDITION_FAILED' })
    // A writer that skipped ahead would lose records: refused too.
    await expect(
      appendRows(wh.ctx, TABLE, trades('BTCUSDT', 9, 9), batch([[p0, 5n, 6n]])),
    ).rejects.toMatchObject({ code: 'ICEBERG_PRECONDITION_FAILED' })
    expect((await wh.table()).metadata.snapshots.length).toBe(before)
    await appendRows(wh.ctx, TABLE, trades('BTCUSDT', 4, 5), batch([[p0, 3n, 5n]]))
    expect(readKafkaOffsets(await wh.table()).get(p0)).toBe(5n)
  })

  it('names topic-partitions topic:partition and refuses unusable ones', () => {
    expect(p1).toBe('market.crypto.trades.binance:1')
    expect(() => topicPartitionKey('a:b', 0)).toThrow(
      expect.objectContaining({ code: 'ACTORS_INVALID_OPTIONS' }),
    )
    expect(() => topicPartitionKey(TOPIC, -1)).toThrow()
  })
})
