// Garbage a feed must survive without losing its place: the malformed fault sends these in this
// order (frame i is kind i mod 9), so `count` >= 9 covers every kind.

/** The kinds of malformed frame, in the order they are sent. */
export const MALFORMED_KINDS = [
  /** Truncated JSON text. */
  'broken-json',
  /** A trade event with `e` = "trades". */
  'wrong-event-type',
  /** A trade event without `t` (a required key). */
  'missing-key',
  /** A trade event whose price is "12.34.56". */
  'non-decimal-price',
  /** A trade event whose price is a JSON number instead of a string. */
  'number-price',
  /** A trade event with a negative quantity. */
  'negative-quantity',
  /** Valid JSON that is not an object: `[1,2,3]`. */
  'not-an-object',
  /** A combined envelope without `data` (sent bare on raw connections too). */
  'envelope-without-data',
  /** A binary frame of random-looking bytes instead of text. */
  'binary',
] as const

/** One kind of {@link MALFORMED_KINDS}. */
export type MalformedKind = (typeof MALFORMED_KINDS)[number]

/**
 * The frame of `kind` for a connection: `symbol` and `tradeId` make the trade-like ones look
 * plausible; `stream`, when the connection is combined, wraps the event-level ones in
 * `{"stream","data"}` so that only the event is wrong.
 */
export function malformedFrame(
  kind: MalformedKind,
  symbol: string,
  tradeId: number,
  now: number,
  stream: string | undefined,
): string | Buffer {
  const event = (fields: string) =>
    stream === undefined ? fields : `{"stream":"${stream}","data":${fields}}`
  const trade = (fields: Record<string, unknown>) =>
    event(
      JSON.stringify({
        e: 'trade',
        E: now,
        s: symbol,
        t: tradeId,
        p: '100.00000000',
        q: '1.00000000',
        T: now,
        m: false,
        M: true,
        ...fields,
      }),
    )
  switch (kind) {
    case 'broken-json':
      return `{"e":"trade","E":${now},"s":"${symbol}","t":${tradeId},"p":"100.0`
    case 'wrong-event-type':
      return trade({ e: 'trades' })
    case 'missing-key':
      return trade({ t: undefined })
    case 'non-decimal-price':
      return trade({ p: '12.34.56' })
    case 'number-price':
      return trade({ p: 100.5 })
    case 'negative-quantity':
      return trade({ q: '-1.00000000' })
    case 'not-an-object':
      return '[1,2,3]'
    case 'envelope-without-data':
      return `{"stream":"${stream ?? `${symbol.toLowerCase()}@trade`}"}`
    case 'binary':
      return Buffer.from([0xc3, 0x01, 0xff, 0x00, 0x7b, 0x22, 0xde, 0xad, 0xbe, 0xef])
  }
}
