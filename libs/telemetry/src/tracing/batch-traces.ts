import { isSampledTraceparent } from './traceparent.js'

/**
 * The trace context of one item of a batch that crosses a thread: its index in the batch and the
 * `traceparent` of its span. A batch carries a sparse list of these (only sampled items), so an
 * unsampled batch carries nothing.
 */
export interface BatchTrace {
  readonly index: number
  readonly traceparent: string
}

/**
 * The trace entries of `items`: for each item `traceOf` knows a sampled context of, its index and
 * `traceparent`. Undefined when there is none (the batch then travels as before).
 */
export function collectBatchTraces<T>(
  items: readonly T[],
  traceOf: (item: T) => string | undefined,
): BatchTrace[] | undefined {
  let out: BatchTrace[] | undefined
  for (let i = 0; i < items.length; i++) {
    const traceparent = traceOf(items[i]!)
    if (traceparent !== undefined) (out ??= []).push({ index: i, traceparent })
  }
  return out
}

/**
 * Checks trace entries read from a batch of `length` items: keeps those with an index in range
 * and a valid, sampled `traceparent` (anything else is dropped, never trusted).
 */
export function validBatchTraces(entries: unknown, length: number): BatchTrace[] {
  if (!Array.isArray(entries)) return []
  const out: BatchTrace[] = []
  for (const e of entries as unknown[]) {
    if (typeof e !== 'object' || e === null) continue
    const { index, traceparent } = e as { index?: unknown; traceparent?: unknown }
    if (
      typeof index === 'number' &&
      Number.isInteger(index) &&
      index >= 0 &&
      index < length &&
      typeof traceparent === 'string' &&
      isSampledTraceparent(traceparent)
    ) {
      out.push({ index, traceparent })
    }
  }
  return out
}
