import { describe, expect, it, vi } from 'vitest'

import type { ParquetWriter } from '@k2/iceberg'
import { createRecordingTracing, TRACING_OFF } from '@k2/telemetry'

import { decodeTracedTradeBatch, encodeTradeBatch } from '../transport/index.js'
import { trades } from '../writer/testing/trade-fixtures.js'
import { createTradeTraces, TRADE_SPANS } from './trade-traces.js'

function fakeParquet(fail = false): ParquetWriter {
  return {
    write: vi.fn(async () => {
      if (fail) throw new Error('disk full')
      return []
    }),
    close: vi.fn(async () => undefined),
  } as unknown as ParquetWriter
}

describe('trade traces (D8)', () => {
  it('is a pass-through with tracing off: same Parquet writer and observer, no entries', () => {
    const traces = createTradeTraces(TRACING_OFF)
    const parquet = fakeParquet()
    const observer = { rowsWritten: () => undefined }
    const [t] = trades('BTCUSDT', 1, 1)
    traces.received(t!)
    expect(traces.traceOf(t!)).toBeUndefined()
    expect(traces.produce(t!)).toBeUndefined()
    const batch = traces.batchSpans(parquet, observer)
    expect(batch.parquet).toBe(parquet)
    expect(batch.observer).toBe(observer)
  })

  it('carries a trade from feed to commit in one trace across a batch (embedded)', async () => {
    // The feed's thread and the writer's thread each have their own tracing.
    const feed = createRecordingTracing(1)
    const writer = createRecordingTracing(1)
    const feedTraces = createTradeTraces(feed.tracing)
    const writerTraces = createTradeTraces(writer.tracing)
    const batch = trades('BTCUSDT', 1, 3)
    feedTraces.received(batch[1]!)
    feedTraces.received(batch[2]!)
    const buf = encodeTradeBatch(batch, [
      { index: 1, traceparent: feedTraces.traceOf(batch[1]!)! },
      { index: 2, traceparent: feedTraces.traceOf(batch[2]!)! },
    ])
    const decoded = decodeTracedTradeBatch(buf)
    writerTraces.consumed(decoded.trades, decoded.traces)
    const rowsWritten = vi.fn()
    const { parquet, observer } = writerTraces.batchSpans(fakeParquet(), { rowsWritten })
    await parquet.write({ rows: decoded.trades } as never)
    observer.rowsWritten!('market_data.trades_v2', 3)
    expect(rowsWritten).toHaveBeenCalledWith('market_data.trades_v2', 3)

    const [receive, other] = feed.spans()
    const spans = writer.spans()
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]))
    expect(receive!.name).toBe(TRADE_SPANS.receive)
    expect(receive!.attributes['k2.symbol']).toBe('BTCUSDT')
    const [consume, otherConsume] = spans.filter((s) => s.name === TRADE_SPANS.consume)
    expect(consume!.parentSpanId).toBe(receive!.spanId)
    expect(otherConsume!.parentSpanId).toBe(other!.spanId)
    expect(otherConsume!.traceId).not.toBe(consume!.traceId)
    // The batch spans are in the first sampled trade's trace and link the other trade's.
    for (const name of [TRADE_SPANS.parquetWrite, TRADE_SPANS.commit]) {
      expect(byName[name]!.traceId).toBe(receive!.traceId)
      expect(byName[name]!.parentSpanId).toBe(consume!.spanId)
      expect(byName[name]!.links).toEqual([
        { traceId: otherConsume!.traceId, spanId: otherConsume!.spanId },
      ])
    }
    expect(byName[TRADE_SPANS.commit]!.attributes['k2.rows_committed']).toBe(3)
  })

  it('adds a produce span whose context is the one sent on (kafka)', () => {
    const { tracing, spans } = createRecordingTracing(1)
    const traces = createTradeTraces(tracing)
    const [t] = trades('BTCUSDT', 1, 1)
    traces.received(t!)
    const span = traces.produce(t!)!
    span.end()
    expect(traces.traceOf(t!)).toBe(span.traceparent)
    const value = {}
    traces.consumedRecord(value, span.traceparent)
    const [receive, produce, consume] = spans()
    expect(produce!.parentSpanId).toBe(receive!.spanId)
    expect(consume!.parentSpanId).toBe(produce!.spanId)
    expect(new Set(spans().map((s) => s.traceId)).size).toBe(1)
  })

  it('marks the commit span failed on a failed or fenced commit, and a failed write', async () => {
    const { tracing, spans } = createRecordingTracing(1)
    const traces = createTradeTraces(tracing)
    const rows = trades('BTCUSDT', 1, 2)
    traces.received(rows[0]!)
    traces.consumed(rows, [{ index: 0, traceparent: traces.traceOf(rows[0]!)! }])
    const ok = traces.batchSpans(fakeParquet(), {})
    await ok.parquet.write({ rows } as never)
    ok.observer.commitFailed!(new Error('catalog down'))
    await ok.parquet.write({ rows } as never)
    await ok.parquet.write({ rows } as never) // a fenced round: the previous commit did not happen
    ok.observer.rowsWritten!('t', 2)
    // The commit took the sampled trade: a later write holds another one.
    const next = trades('BTCUSDT', 3, 3)
    traces.received(next[0]!)
    traces.consumed(next, [{ index: 0, traceparent: traces.traceOf(next[0]!)! }])
    const bad = traces.batchSpans(fakeParquet(true), {})
    await expect(bad.parquet.write({ rows: next } as never)).rejects.toThrow('disk full')
    const status = (name: string) =>
      spans()
        .filter((s) => s.name === name)
        .map((s) => s.statusCode)
    expect(status(TRADE_SPANS.commit)).toEqual([2, 2, 0])
    expect(status(TRADE_SPANS.parquetWrite)).toEqual([0, 0, 0, 2])
  })

  it('writes without sampled trades get no batch spans', async () => {
    const { tracing, spans } = createRecordingTracing(1)
    const { parquet, observer } = createTradeTraces(tracing).batchSpans(fakeParquet(), {})
    await parquet.write({ rows: trades('BTCUSDT', 1, 2) } as never)
    observer.rowsWritten!('t', 2)
    expect(spans()).toEqual([])
  })
})
