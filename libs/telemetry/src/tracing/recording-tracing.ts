import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base'

import type { ReceivedSpan } from './otlp-json-receiver.js'
import { createTracing, type Tracing } from './tracing.js'

/** Tracing that keeps its ended spans in memory (tests of code that traces, in one thread). */
export interface RecordingTracing {
  readonly tracing: Tracing
  /** Every span ended so far, in the form the OTLP receiver gives. */
  spans(): ReceivedSpan[]
}

function received(s: ReadableSpan): ReceivedSpan {
  const service = s.resource.attributes['service.name']
  return {
    serviceName: typeof service === 'string' ? service : undefined,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? '',
    name: s.name,
    links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    attributes: s.attributes as Record<string, string | number | boolean>,
    statusCode: s.status.code,
  }
}

/** {@link createTracing} with an in-memory exporter that exports each span as it ends. */
export function createRecordingTracing(sampleRatio = 1): RecordingTracing {
  const exporter = new InMemorySpanExporter()
  const tracing = createTracing(
    { endpoint: undefined, sampleRatio },
    { exporter, processor: 'simple' },
  )
  return { tracing, spans: () => exporter.getFinishedSpans().map(received) }
}
