export { createTracing, MAX_SPAN_LINKS, TRACE_SERVICE_NAME, TRACING_OFF } from './tracing.js'
export type {
  SpanOptions,
  TraceAttributes,
  TraceSpan,
  Tracing,
  TracingOptions,
  TracingSettings,
} from './tracing.js'
export { K2Sampler } from './sampler.js'
export {
  formatTraceparent,
  isSampledTraceparent,
  parseTraceparent,
  TRACEPARENT,
} from './traceparent.js'
export type { TraceParent } from './traceparent.js'
export { extractTraceparent, injectTraceparent } from './propagation.js'
export type { TraceCarrier } from './propagation.js'
export { collectBatchTraces, validBatchTraces } from './batch-traces.js'
export type { BatchTrace } from './batch-traces.js'
export { startOtlpJsonReceiver } from './otlp-json-receiver.js'
export type { OtlpJsonReceiver, ReceivedSpan } from './otlp-json-receiver.js'
export { createRecordingTracing } from './recording-tracing.js'
export type { RecordingTracing } from './recording-tracing.js'
