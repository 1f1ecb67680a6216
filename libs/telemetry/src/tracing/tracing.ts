import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'

import { TelemetryError } from '../errors.js'
import { K2Sampler, ROOT_CHOSEN } from './sampler.js'
import { formatTraceparent, parseTraceparent } from './traceparent.js'

/**
 * Links a span keeps (OpenTelemetry's default is 128): a batch span links every sampled trade it
 * holds, a few dozen at production ratios, a commit's worth at ratio 1.0 in tests and demos.
 */
export const MAX_SPAN_LINKS = 1_024

/** The service name every K2 span carries (D8). */
export const TRACE_SERVICE_NAME = 'k2'

/**
 * Tracing settings as they cross into worker threads (structured-clone safe): from
 * `K2_OTEL_EXPORTER_OTLP_ENDPOINT` and `K2_TRACE_SAMPLE_RATIO` (`config.telemetry`).
 */
export interface TracingSettings {
  /**
   * OTLP/HTTP base endpoint (e.g. `http://127.0.0.1:4318`; spans go to `{endpoint}/v1/traces`,
   * JSON). Undefined: no exporter, tracing off.
   */
  readonly endpoint: string | undefined
  /** Ratio of new traces (trades) sampled, 0..1 (parent-based below the root). */
  readonly sampleRatio: number
  /** Default `k2`. */
  readonly serviceName?: string
  /** Batch span processor delay between exports (ms); default 1,000. */
  readonly exportDelayMs?: number
}

/** Attribute values K2 puts on spans. */
export type TraceAttributes = Readonly<Record<string, string | number | boolean>>

/** A span as K2 code sees it (no OpenTelemetry types outside `@k2/telemetry`). */
export interface TraceSpan {
  /** The span's context as a W3C `traceparent` (to a child, a batch entry, a Kafka header). */
  readonly traceparent: string
  setAttributes(attributes: TraceAttributes): void
  /** Marks the span failed (status error, the error recorded as an exception event). */
  fail(error: unknown): void
  /** Ends the span (at `endTimeMs`, epoch ms, or now); later calls are ignored. */
  end(endTimeMs?: number): void
}

/** How a span relates to others. */
export interface SpanOptions {
  /** Its parent: a `traceparent` or a span. A parent that is not sampled gives no span. */
  readonly parent?: string | TraceSpan
  /** `traceparent`s of spans this one is linked to (a batch span to the trades it contains). */
  readonly links?: readonly string[]
  /** Start time, epoch ms (e.g. when the frame was received); default now. */
  readonly startTimeMs?: number
  readonly kind?: 'internal' | 'producer' | 'consumer'
  readonly attributes?: TraceAttributes
}

/**
 * One thread's tracing (OpenTelemetry globals are per thread, so each worker has its own
 * provider; nothing is registered globally: contexts are passed explicitly).
 */
export interface Tracing {
  /** False without an endpoint (or exporter): every other method is then a no-op. */
  readonly enabled: boolean
  /** The ratio of new traces sampled. */
  readonly sampleRatio: number
  /**
   * Starts a new trace (a trade's), sampled with probability `sampleRatio`; undefined when not
   * sampled or tracing is off. The ratio is drawn first, so an unsampled trade costs one
   * `Math.random()` and allocates nothing.
   */
  startTrace(name: string, options?: Omit<SpanOptions, 'parent'>): TraceSpan | undefined
  /**
   * Starts a span under `options.parent` and/or linked to `options.links`: undefined when tracing
   * is off, or when neither the parent nor any link is sampled (nothing to join).
   */
  startSpan(name: string, options: SpanOptions): TraceSpan | undefined
  /** Exports every ended span now. */
  forceFlush(): Promise<void>
  /** Exports what is left and stops the provider (at a worker's stop). */
  shutdown(): Promise<void>
}

/** Tracing switched off: every call is a no-op. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  sampleRatio: 0,
  startTrace: () => undefined,
  startSpan: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
}

/** Test and tooling overrides of {@link createTracing}. */
export interface TracingOptions {
  /**
   * Exports here instead of OTLP/HTTP (e.g. `InMemorySpanExporter` in tests); tracing is then on
   * whatever the endpoint.
   */
  readonly exporter?: SpanExporter
  /** `simple` exports each span as it ends (tests); default `batch`. */
  readonly processor?: 'simple' | 'batch'
}

function checkRatio(ratio: number): void {
  if (!(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) {
    throw new TelemetryError(
      'TELEMETRY_INVALID_TRACING',
      `trace sample ratio ${ratio} must be a number in 0..1`,
      { context: { sampleRatio: ratio } },
    )
  }
}

function spanContextOf(traceparent: string): SpanContext | undefined {
  const p = parseTraceparent(traceparent)
  if (p === undefined) return undefined
  return {
    traceId: p.traceId,
    spanId: p.spanId,
    traceFlags: p.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  }
}

const KINDS = {
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const

class K2Span implements TraceSpan {
  readonly traceparent: string
  private ended = false

  constructor(readonly span: Span) {
    const sc = span.spanContext()
    this.traceparent = formatTraceparent({
      traceId: sc.traceId,
      spanId: sc.spanId,
      sampled: (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    })
  }

  setAttributes(attributes: TraceAttributes): void {
    this.span.setAttributes(attributes as Attributes)
  }

  fail(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error))
    this.span.recordException(err)
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: err.message })
  }

  end(endTimeMs?: number): void {
    if (this.ended) return
    this.ended = true
    this.span.end(endTimeMs)
  }
}

/**
 * This thread's tracing (D8): a tracer provider with the K2 sampler (parent-based, ratio for new
 * traces, batch spans follow their sampled links), service name `k2`, exporting OTLP/HTTP (JSON)
 * to `{endpoint}/v1/traces` in batches. Without an endpoint (and no test exporter) it is
 * {@link TRACING_OFF}. Throws `TELEMETRY_INVALID_TRACING` for a ratio outside 0..1.
 */
export function createTracing(settings: TracingSettings, options: TracingOptions = {}): Tracing {
  checkRatio(settings.sampleRatio)
  if (settings.endpoint === undefined && options.exporter === undefined) return TRACING_OFF
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({ url: `${settings.endpoint!.replace(/\/+$/, '')}/v1/traces` })
  const processor: SpanProcessor =
    options.processor === 'simple'
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(exporter, {
          scheduledDelayMillis: settings.exportDelayMs ?? 1_000,
          maxQueueSize: 8_192,
          maxExportBatchSize: 512,
        })
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': settings.serviceName ?? TRACE_SERVICE_NAME,
    }),
    sampler: new K2Sampler(settings.sampleRatio),
    spanLimits: { linkCountLimit: MAX_SPAN_LINKS },
    spanProcessors: [processor],
  })
  const tracer: Tracer = provider.getTracer('k2')
  const ratio = settings.sampleRatio

  const start = (name: string, ctx: Context, o: SpanOptions | undefined, links: Link[]) => {
    const span = tracer.startSpan(
      name,
      {
        kind: KINDS[o?.kind ?? 'internal'],
        links,
        ...(o?.startTimeMs === undefined ? {} : { startTime: o.startTimeMs }),
        ...(o?.attributes === undefined ? {} : { attributes: o.attributes as Attributes }),
      },
      ctx,
    )
    return span.isRecording() ? new K2Span(span) : undefined
  }

  const linksOf = (traceparents: readonly string[] | undefined): Link[] => {
    const links: Link[] = []
    for (const tp of traceparents ?? []) {
      const context = spanContextOf(tp)
      if (context !== undefined) links.push({ context })
    }
    return links
  }

  let closed = false
  return {
    enabled: true,
    sampleRatio: ratio,
    startTrace(name, o) {
      if (closed || (ratio < 1 && !(Math.random() < ratio))) return undefined
      return start(name, ROOT_CONTEXT.setValue(ROOT_CHOSEN, true), o, linksOf(o?.links))
    },
    startSpan(name, o) {
      if (closed) return undefined
      let ctx = ROOT_CONTEXT
      const parent = o.parent
      if (parent !== undefined) {
        const sc =
          typeof parent === 'string'
            ? spanContextOf(parent)
            : parent instanceof K2Span
              ? parent.span.spanContext()
              : spanContextOf(parent.traceparent)
        if (sc === undefined) return undefined
        ctx = trace.setSpanContext(ctx, sc)
      }
      const links = linksOf(o.links)
      if (parent === undefined && links.length === 0) return undefined
      return start(name, ctx, o, links)
    },
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (closed) return
      closed = true
      await provider.shutdown()
    },
  }
}
