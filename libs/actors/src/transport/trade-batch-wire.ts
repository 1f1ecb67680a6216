import { createAvroDecoder, createAvroEncoder } from '@k2/codecs'
import type { TradeV2 } from '@k2/core'

import { ActorsError } from '../errors.js'

const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
const decoder = createAvroDecoder('trades')

/**
 * A batch of trades as it crosses threads (D5: large payloads move as transferred ArrayBuffers,
 * and decimal.js values would not survive a structured clone). The layout is a u32 count, then per
 * trade a u32 length and the Avro single-object encoding of `schemas/trade_v2.avsc` (the bytes
 * Kafka carries in the other transport), all little-endian.
 */
export function encodeTradeBatch(trades: readonly TradeV2[]): ArrayBuffer {
  const bodies = trades.map((t) => encoder.encode(t))
  let size = 4
  for (const b of bodies) size += 4 + b.length
  const buf = new ArrayBuffer(size)
  const view = new DataView(buf)
  const bytes = new Uint8Array(buf)
  view.setUint32(0, bodies.length, true)
  let at = 4
  for (const b of bodies) {
    view.setUint32(at, b.length, true)
    bytes.set(b, at + 4)
    at += 4 + b.length
  }
  return buf
}

/** Reads a batch written by {@link encodeTradeBatch}; throws `ACTORS_INVALID_BATCH` when cut short. */
export async function decodeTradeBatch(buf: ArrayBuffer): Promise<TradeV2[]> {
  const view = new DataView(buf)
  const bytes = new Uint8Array(buf)
  if (buf.byteLength < 4) throw invalid('shorter than its count', buf.byteLength)
  const count = view.getUint32(0, true)
  const out: TradeV2[] = []
  let at = 4
  for (let i = 0; i < count; i++) {
    if (at + 4 > buf.byteLength) throw invalid(`trade ${i}: length missing`, buf.byteLength)
    const len = view.getUint32(at, true)
    if (at + 4 + len > buf.byteLength) throw invalid(`trade ${i}: body cut short`, buf.byteLength)
    out.push((await decoder.decode(bytes.subarray(at + 4, at + 4 + len))) as TradeV2)
    at += 4 + len
  }
  if (at !== buf.byteLength) throw invalid('trailing bytes after the last trade', buf.byteLength)
  return out
}

function invalid(why: string, byteLength: number): ActorsError {
  return new ActorsError('ACTORS_INVALID_BATCH', `trade batch: ${why}`, {
    context: { byteLength },
  })
}
