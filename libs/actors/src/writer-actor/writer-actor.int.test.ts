import { createSupervisor, type ActorExitReason, type Supervisor } from '@k2/actor-runtime'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { encodeTradeBatch } from '../transport/index.js'
import { range, trades } from '../writer/testing/trade-fixtures.js'
import {
  openWriterWarehouse,
  sequencesOf,
  type WriterWarehouse,
} from '../writer/testing/writer-warehouse.js'
import { WRITER_ACTOR_URL, writerProtocol } from './writer.protocol.js'

/** The writer actor in a worker thread under a real supervisor, on a temp warehouse. */
let wh: WriterWarehouse
let supervisor: Supervisor
let restarts: ActorExitReason[]

beforeEach(async () => {
  wh = await openWriterWarehouse()
  restarts = []
  supervisor = createSupervisor({
    stopTimeoutMs: 5_000,
    restart: { initialDelayMs: 10, maxDelayMs: 100 },
    onRestart: (_actor, reason) => restarts.push(reason),
  })
})

afterEach(async () => {
  await supervisor.stopAll()
  await wh.close()
})

describe('writer actor', () => {
  it('crashes when the table schema changes under its buffer; its restart takes the resent trades once', async () => {
    const writer = await supervisor.spawn({
      name: 'writer-0',
      protocol: writerProtocol,
      moduleUrl: WRITER_ACTOR_URL,
      init: {
        warehouse: wh.dir,
        catalogUri: '',
        policy: { maxRows: 1_000_000, maxBytes: 1_000_000_000, maxAgeMs: 3_600_000 },
        logLevel: 'silent',
      },
    })
    const { session } = await writer.call('accepted', null)
    const write = (first: number, last: number, s: number) =>
      writer.call('write', {
        batch: encodeTradeBatch(trades('BTCUSDT', first, last)),
        session: s,
        after: first === 1 ? {} : { 'BINANCE:BTCUSDT': first - 1 },
      })
    await write(1, 5, session)
    expect(await writer.call('flush', null)).toEqual({ rows: 5 })
    await write(6, 9, session)

    await wh.changeSchema()
    await expect(writer.call('flush', null)).rejects.toMatchObject({
      code: 'ACTORS_WRITER_FAILED',
    })
    await vi.waitFor(() => expect(restarts).toHaveLength(1), { timeout: 10_000 })
    expect(restarts[0]).toMatchObject({ kind: 'error' })
    await vi.waitFor(() => expect(writer.state).toBe('running'), { timeout: 20_000 })

    // The new incarnation read the changed table: a feed resumes after 5 and resends 6..10.
    const again = await writer.call('accepted', null)
    expect(again).toEqual({ session: session + 1, positions: { 'BINANCE:BTCUSDT': 5 } })
    await write(6, 10, again.session)
    expect(await writer.call('flush', null)).toEqual({ rows: 5 })
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 10))
  })
})
