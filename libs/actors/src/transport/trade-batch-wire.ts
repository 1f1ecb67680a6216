import { deserialize, serialize } from 'node:v8'

import { parseDecimal, type TradeV2 } from '@k2/core'
import { validBatchTraces, type BatchTrace } from '@k2/telemetry'

import { ActorsError } from '../errors.js'

/** A trade as it crosses threads: decimals as their exact decimal text. */
type WireTrade = Omit<TradeV2, 'price' | 'quantity'> & { price: string; quantity: string }

/** A batch with the trace context of its sampled trades (D8). */
interface TracedWireBatch {
  readonly trades: WireTrade[]
  readonly traces: readonly BatchTrace[]
}

/** A decoded batch and the trace entries of its sampled trades (empty when none). */
export interface DecodedTradeBatch {
  readonly trades: TradeV2[]
  readonly traces: readonly BatchTrace[]
}

/**
 * A batch of trades as it crosses threads (D5: large payloads move as transferred ArrayBuffers):
 * the structured-clone serialization (`node:v8`) of the trades with prices and quantities as exact
 * decimal text (decimal.js values would not survive a clone). About 3 µs per trade both ways on
 * this machine, a third of an Avro round trip; Avro stays the format on Kafka (D3).
 *
 * `traces` (D8) is the sparse list of the batch's sampled trades, `{ index, traceparent }`: with
 * entries the batch is `{ trades, traces }`, without (tracing off, or no trade sampled) it is the
 * plain array as before, so an unsampled batch costs nothing more.
 */
export function encodeTradeBatch(
  trades: readonly TradeV2[],
  traces?: readonly BatchTrace[],
): ArrayBuffer {
  const wire: WireTrade[] = new Array<WireTrade>(trades.length)
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!
    wire[i] = { ...t, price: t.price.toFixed(), quantity: t.quantity.toFixed() }
  }
  const bytes = serialize(
    traces === undefined || traces.length === 0
      ? wire
      : ({ trades: wire, traces } satisfies TracedWireBatch),
  )
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

/**
 * Reads a batch written by {@link encodeTradeBatch}: frozen trades with exact decimals. Throws
 * `ACTORS_INVALID_BATCH` for bytes that are not such a batch.
 */
export function decodeTradeBatch(buf: ArrayBuffer): TradeV2[] {
  return decodeTracedTradeBatch(buf).trades
}

/**
 * Reads a batch written by {@link encodeTradeBatch} with its trace entries (invalid entries are
 * dropped). Throws `ACTORS_INVALID_BATCH` for bytes that are not such a batch.
 */
export function decodeTracedTradeBatch(buf: ArrayBuffer): DecodedTradeBatch {
  let decoded: unknown
  try {
    decoded = deserialize(new Uint8Array(buf))
  } catch (cause) {
    throw invalid(`not a serialized batch (${(cause as Error).message})`, buf.byteLength, cause)
  }
  let wire = decoded
  let traces: unknown = undefined
  if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) {
    wire = (decoded as Partial<TracedWireBatch>).trades
    traces = (decoded as Partial<TracedWireBatch>).traces
  }
  if (!Array.isArray(wire)) throw invalid('not an array of trades', buf.byteLength)
  const out: TradeV2[] = new Array<TradeV2>(wire.length)
  for (let i = 0; i < wire.length; i++) {
    const w = wire[i] as WireTrade | null
    if (typeof w !== 'object' || w === null || typeof w.price !== 'string') {
      throw invalid(`trade ${i} is not a wire trade`, buf.byteLength)
    }
    out[i] = Object.freeze({
      ...w,
      price: parseDecimal('price', w.price),
      quantity: parseDecimal('quantity', w.quantity),
    })
  }
  return { trades: out, traces: traces === undefined ? [] : validBatchTraces(traces, out.length) }
}

function invalid(why: string, byteLength: number, cause?: unknown): ActorsError {
  return new ActorsError('ACTORS_INVALID_BATCH', `trade batch: ${why}`, {
    ...(cause === undefined ? {} : { cause }),
    context: { byteLength },
  })
}
