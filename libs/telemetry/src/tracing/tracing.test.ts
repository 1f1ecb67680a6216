import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'

import { startOtlpJsonReceiver } from './otlp-json-receiver.js'
import { createTracing, TRACING_OFF, type Tracing } from './tracing.js'
import { parseTraceparent } from './traceparent.js'

const open: Tracing[] = []
function tracing(sampleRatio: number) {
  const exporter = new InMemorySpanExporter()
  const t = createTracing({ endpoint: undefined, sampleRatio }, { exporter, processor: 'simple' })
  open.push(t)
  return { t, exporter }
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.shutdown()))
})

describe('createTracing', () => {
  it('is off (the no-op tracing) without an endpoint', () => {
    const t = createTracing({ endpoint: undefined, sampleRatio: 1 })
    expect(t).toBe(TRACING_OFF)
    expect(t.startTrace('x')).toBeUndefined()
    expect(
      t.startSpan('x', { links: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'] }),
    ).toBeUndefined()
  })

  it('rejects a ratio outside 0..1', () => {
    expect(() => createTracing({ endpoint: 'http://x', sampleRatio: 1.5 })).toThrow(
      expect.objectContaining({ code: 'TELEMETRY_INVALID_TRACING' }),
    )
  })

  it('samples new traces by the ratio: all at 1, none at 0', () => {
    expect(tracing(1).t.startTrace('trade')).toBeDefined()
    expect(tracing(0).t.startTrace('trade')).toBeUndefined()
  })

  it('children share the trace of their parent (span or traceparent) and record it as parent', () => {
    const { t, exporter } = tracing(1)
    const root = t.startTrace('feed.receive', {
      attributes: { symbol: 'BTCUSDT' },
      startTimeMs: Date.now() - 5,
    })!
    const child = t.startSpan('kafka.produce', { parent: root, kind: 'producer' })!
    const remote = t.startSpan('writer.consume', { parent: child.traceparent, kind: 'consumer' })!
    for (const s of [remote, child, root]) s.end()
    const spans = exporter.getFinishedSpans()
    expect(spans.map((s) => s.name).sort()).toEqual([
      'feed.receive',
      'kafka.produce',
      'writer.consume',
    ])
    const rootId = parseTraceparent(root.traceparent)!
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([rootId.traceId]))
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]))
    expect(byName['kafka.produce']!.parentSpanContext?.spanId).toBe(rootId.spanId)
    expect(byName['writer.consume']!.parentSpanContext?.spanId).toBe(
      parseTraceparent(child.traceparent)!.spanId,
    )
    expect(byName['feed.receive']!.resource.attributes['service.name']).toBe('k2')
  })

  it('follows an unsampled parent: no span', () => {
    const { t } = tracing(1)
    expect(
      t.startSpan('x', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' }),
    ).toBeUndefined()
    expect(t.startSpan('x', { parent: 'garbled' })).toBeUndefined()
    expect(t.startSpan('x', {})).toBeUndefined()
  })

  it('keeps a batch span linked to a sampled trade, even at ratio 0 (parent-based)', () => {
    const { t, exporter } = tracing(0)
    const trade = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    const batch = t.startSpan('parquet.write', { links: [trade, 'garbled'] })!
    batch.fail(new Error('disk full'))
    batch.end()
    batch.end()
    const [span] = exporter.getFinishedSpans()
    expect(span!.links.map((l) => l.context.spanId)).toEqual(['00f067aa0ba902b7'])
    expect(span!.status.code).toBe(2)
    expect(exporter.getFinishedSpans()).toHaveLength(1)
  })

  it('exports OTLP/HTTP JSON to the endpoint (real exporter, test receiver)', async () => {
    const receiver = await startOtlpJsonReceiver()
    try {
      const t = createTracing({ endpoint: receiver.endpoint, sampleRatio: 1, exportDelayMs: 50 })
      const root = t.startTrace('feed.receive')!
      t.startSpan('parquet.write', { links: [root.traceparent] })!.end()
      root.end()
      await t.shutdown()
      const spans = receiver.spans()
      expect(spans.map((s) => s.name).sort()).toEqual(['feed.receive', 'parquet.write'])
      const { traceId, spanId } = parseTraceparent(root.traceparent)!
      expect(spans.every((s) => s.serviceName === 'k2')).toBe(true)
      expect(spans.find((s) => s.name === 'parquet.write')!.links).toEqual([{ traceId, spanId }])
      expect(spans.find((s) => s.name === 'feed.receive')!.traceId).toBe(traceId)
    } finally {
      await receiver.close()
    }
  })
})
