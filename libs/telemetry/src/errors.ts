import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/telemetry`, with their retriable flag (STYLE.md habit 5). */
export const TELEMETRY_ERROR_CODES = {
  /**
   * A registry already holds a metric of that name that K2's table did not create (two metric
   * sets on one registry, or a foreign metric with a K2 name).
   */
  TELEMETRY_DUPLICATE_METRIC: { retriable: false },
  /** Serialized metrics from a worker could not be merged (not `getMetricsAsJSON()` output). */
  TELEMETRY_INVALID_METRIC_JSON: { retriable: false },
  /** Tracing settings out of range (a sample ratio outside 0..1). */
  TELEMETRY_INVALID_TRACING: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link TELEMETRY_ERROR_CODES}. */
export type TelemetryErrorCode = keyof typeof TELEMETRY_ERROR_CODES

/** An error raised by `@k2/telemetry`; `retriable` comes from {@link TELEMETRY_ERROR_CODES}. */
export class TelemetryError extends codedErrorClass('TelemetryError', TELEMETRY_ERROR_CODES) {}
