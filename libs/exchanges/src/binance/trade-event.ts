import { frameError, showValue, type BinanceError } from './errors.js'
import { decimalTextProblem, isEpochMs, isSequence } from './field-checks.js'
import { trySplitSymbol } from './symbol-split.js'

/**
 * A Binance spot trade event, as sent on `<symbol>@trade` streams (Binance spot docs,
 * "WebSocket Streams > Trade Streams", checked 2025-11):
 *
 * `{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}`
 *
 * Validated by {@link validateTradeEvent}; extra keys are allowed and ignored.
 */
export interface BinanceTradeEvent {
  /** Event type, always `trade`. */
  readonly e: 'trade'
  /** Event time: when Binance sent the event, ms since the epoch. */
  readonly E: number
  /** Symbol, upper case, e.g. `BTCUSDT`. */
  readonly s: string
  /** Trade id: consecutive per symbol, so a jump is a lost trade (D9). */
  readonly t: number
  /** Price, decimal string. */
  readonly p: string
  /** Quantity, decimal string. */
  readonly q: string
  /** Trade time: when the trade happened, ms since the epoch. */
  readonly T: number
  /** True when the buyer was the maker, i.e. the seller was the aggressor. */
  readonly m: boolean
  /** "Ignore" per the docs (best price match); absent on some streams. */
  readonly M?: boolean
}

/**
 * Binance's notice that it will close the connection soon (docs: "serverShutdown" event, added
 * 2025): `{"e":"serverShutdown","E":1710000000000}`. The feed rotates make-before-break on it.
 */
export interface BinanceServerShutdownEvent {
  readonly e: 'serverShutdown'
  /** Event time in ms, or null when missing or invalid. */
  readonly E: number | null
}

/** Keys every trade event must have (D9), in the order they are checked. */
export const TRADE_EVENT_REQUIRED_KEYS = ['e', 'E', 's', 't', 'p', 'q', 'T', 'm'] as const

/**
 * Checks a decoded event whose `e` is `trade` against D9 and returns it typed, or the error naming
 * the first bad field: `E`, `T` whole ms within range; `t` a non-negative safe integer; `s` a
 * Binance symbol; `p`, `q` plain decimal strings within decimal(18,8); `m` boolean; `M` boolean
 * when present; and `stream`, when the frame came wrapped, the trade stream of `s`. `frame` is the
 * frame text, for the error context. Returns rather than throws: this is the per-frame hot path.
 */
export function validateTradeEvent(
  ev: Record<string, unknown>,
  stream: string | undefined,
  frame: string,
): BinanceTradeEvent | BinanceError {
  const E = ev.E
  if (!isEpochMs(E)) return bad(frame, 'E', E, 'must be a whole number of ms since the epoch')
  const s = ev.s
  const symbol = typeof s === 'string' ? trySplitSymbol(s) : undefined
  if (symbol === undefined) {
    return bad(frame, 's', s, 'must be a Binance symbol (5-20 characters A-Z, 0-9)')
  }
  const t = ev.t
  if (!isSequence(t)) return bad(frame, 't', t, 'must be a non-negative integer below 2^53')
  const p = ev.p
  if (typeof p !== 'string') return bad(frame, 'p', p, 'must be a decimal string')
  const pProblem = decimalTextProblem(p)
  if (pProblem !== null) return bad(frame, 'p', p, pProblem)
  const q = ev.q
  if (typeof q !== 'string') return bad(frame, 'q', q, 'must be a decimal string')
  const qProblem = decimalTextProblem(q)
  if (qProblem !== null) return bad(frame, 'q', q, qProblem)
  const T = ev.T
  if (!isEpochMs(T)) return bad(frame, 'T', T, 'must be a whole number of ms since the epoch')
  const m = ev.m
  if (typeof m !== 'boolean') return bad(frame, 'm', m, 'must be a boolean')
  const M = ev.M
  if (M !== undefined && typeof M !== 'boolean') return bad(frame, 'M', M, 'must be a boolean')
  if (stream !== undefined && stream !== symbol.tradeStream) {
    return frameError(
      'BINANCE_STREAM_MISMATCH',
      frame,
      'stream',
      `${JSON.stringify(stream)} is not the trade stream of symbol ${JSON.stringify(s)}`,
      { stream, symbol: s },
    )
  }
  return ev as unknown as BinanceTradeEvent
}

function bad(frame: string, field: string, value: unknown, reason: string): BinanceError {
  if (value === undefined) {
    return frameError('BINANCE_MISSING_FIELD', frame, field, 'required key is missing')
  }
  return frameError('BINANCE_INVALID_FIELD', frame, field, `${showValue(value)} ${reason}`, {
    value: showValue(value),
  })
}
