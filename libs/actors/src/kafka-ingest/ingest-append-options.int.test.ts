import { appendRows, TRADES_V2_TABLE } from '@k2/iceberg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { trades } from '../writer/testing/trade-fixtures.js'
import { openWriterWarehouse, type WriterWarehouse } from '../writer/testing/writer-warehouse.js'
import {
  readKafkaOffsets,
  readSourcePositions,
  sourceRanges,
  topicPartitionKey,
} from '../writer/index.js'
import { ingestAppendOptions } from './ingest-append-options.js'

const TABLE = TRADES_V2_TABLE.identifier
const P0 = topicPartitionKey('market.crypto.trades.binance', 0)
const P1 = topicPartitionKey('market.crypto.trades.binance', 1)

let wh: WriterWarehouse

beforeEach(async () => {
  wh = await openWriterWarehouse()
})

afterEach(async () => {
  await wh.close()
})

/** Appends `rows` covering `ranges` with the ingestor's hooks. */
function commit(
  rows: ReturnType<typeof trades>,
  ranges: Record<string, [bigint, bigint]>,
  starts: Record<string, bigint> = {},
) {
  const map = new Map(Object.entries(ranges).map(([k, [first, next]]) => [k, { first, next }]))
  return appendRows(
    wh.ctx,
    TABLE,
    rows,
    ingestAppendOptions(map, sourceRanges(rows), new Map(Object.entries(starts))),
  )
}

describe('ingestAppendOptions (D6 Kafka-mode commit)', () => {
  it('stores next offsets and source positions merged with the previous snapshot', async () => {
    await commit(trades('BTCUSDT', 1, 5), { [P0]: [0n, 5n] }, { [P0]: 0n })
    await commit(trades('ETHUSDT', 1, 3), { [P1]: [7n, 10n] }, { [P1]: 7n })
    await commit(trades('BTCUSDT', 6, 8), { [P0]: [5n, 8n] })
    const table = await wh.table()
    expect(Object.fromEntries(readKafkaOffsets(table))).toEqual({ [P0]: 8n, [P1]: 10n })
    expect(Object.fromEntries(readSourcePositions(table))).toEqual({
      'BINANCE:BTCUSDT': 8,
      'BINANCE:ETHUSDT': 3,
    })
  })

  it('refuses a batch whose first offset is not the stored one (a zombie committed it)', async () => {
    await commit(trades('BTCUSDT', 1, 5), { [P0]: [0n, 5n] }, { [P0]: 0n })
    // A second writer read the same partition from the start.
    await expect(
      commit(trades('BTCUSDT', 1, 6), { [P0]: [0n, 6n] }, { [P0]: 0n }),
    ).rejects.toMatchObject({ code: 'ICEBERG_PRECONDITION_FAILED' })
    // ... or from beyond the stored offset (a gap).
    await expect(commit(trades('BTCUSDT', 7, 8), { [P0]: [6n, 8n] })).rejects.toMatchObject({
      code: 'ICEBERG_PRECONDITION_FAILED',
    })
    expect((await wh.table()).metadata.snapshots).toHaveLength(1)
  })

  it('refuses a first batch of a partition that does not begin at its start offset', async () => {
    await expect(
      commit(trades('BTCUSDT', 1, 2), { [P0]: [3n, 5n] }, { [P0]: 0n }),
    ).rejects.toMatchObject({ code: 'ICEBERG_PRECONDITION_FAILED' })
    await commit(trades('BTCUSDT', 1, 2), { [P0]: [0n, 2n] }, { [P0]: 0n })
    expect(Object.fromEntries(readKafkaOffsets(await wh.table()))).toEqual({ [P0]: 2n })
  })
})
