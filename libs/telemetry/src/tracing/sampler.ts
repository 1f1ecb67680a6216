import {
  createContextKey,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type SpanKind,
} from '@opentelemetry/api'
import {
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base'

/**
 * Set on the context of a new trace whose root was already chosen by the ratio (the cheap per-trade
 * check of `Tracing.startTrace`), so the sampler does not draw a second time.
 */
export const ROOT_CHOSEN = createContextKey('k2.trace.root-chosen')

const SAMPLED: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED }
const DROPPED: SamplingResult = { decision: SamplingDecision.NOT_RECORD }

/**
 * K2's sampler (D8): parent-based with a ratio for new traces.
 * - A span with a parent is sampled exactly when its parent is (the trade's trace decides).
 * - A root span with a sampled link is sampled: a batch span (Parquet write, Iceberg commit) is
 *   kept whenever a trade it contains is, so the trade's trace reaches its commit.
 * - Any other root is sampled with probability `ratio` (by trace id, as `TraceIdRatioBased`),
 *   or always when the caller already drew it ({@link ROOT_CHOSEN}).
 */
export class K2Sampler implements Sampler {
  private readonly root: TraceIdRatioBasedSampler

  constructor(readonly ratio: number) {
    this.root = new TraceIdRatioBasedSampler(ratio)
  }

  shouldSample(
    context: Context,
    traceId: string,
    _spanName: string,
    _spanKind: SpanKind,
    _attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context)
    if (parent !== undefined && isSpanContextValid(parent)) {
      return (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? SAMPLED : DROPPED
    }
    for (const link of links) {
      if ((link.context.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED) return SAMPLED
    }
    if (context.getValue(ROOT_CHOSEN) === true) return SAMPLED
    return this.root.shouldSample(context, traceId)
  }

  toString(): string {
    return `K2Sampler{parent-based, links, ratio=${this.ratio}}`
  }
}
