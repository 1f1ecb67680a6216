import { BinanceError, frameError, showValue } from './errors.js'
import { isEpochMs } from './field-checks.js'
import { validateTradeEvent, type BinanceTradeEvent } from './trade-event.js'

/** Id of a request sent on the connection, echoed in its response. */
export type BinanceRequestId = number | string | null

/**
 * One Binance WebSocket text frame, understood. Frames come either wrapped, on combined streams
 * (`{"stream":"btcusdt@trade","data":{...}}`), or bare, on raw `/ws/<stream>` connections;
 * `stream` is set only for wrapped ones.
 */
export type BinanceFrame =
  | {
      readonly kind: 'trade'
      readonly stream: string | undefined
      readonly event: BinanceTradeEvent
    }
  /** Planned close announced; `eventTime` in ms, null if Binance left it out. */
  | {
      readonly kind: 'serverShutdown'
      readonly stream: string | undefined
      readonly eventTime: number | null
    }
  /** Answer to SUBSCRIBE/UNSUBSCRIBE (`result` null) or LIST_SUBSCRIPTIONS (a list). */
  | {
      readonly kind: 'subscriptionResponse'
      readonly id: BinanceRequestId
      readonly result: unknown
    }
  /** Binance refused a request: `{"error":{"code":2,"msg":"..."},"id":1}` (or `{code,msg,id}`). */
  | {
      readonly kind: 'errorResponse'
      readonly id: BinanceRequestId
      readonly code: number | null
      readonly msg: string
    }
  /** Not a frame we accept; `error` names the problem and carries the frame text. */
  | { readonly kind: 'invalid'; readonly error: BinanceError }

/**
 * Parses one WebSocket text frame: one `JSON.parse`, then field checks without regular
 * expressions or per-frame closures (issue 4 wants >= 200,000 frames/s per core). Never throws:
 * malformed JSON, an unknown shape, a wrong `e`, a missing or bad field all give `invalid` with a
 * coded {@link BinanceError} whose context holds the frame text (truncated to 2 KB).
 */
export function parseFrame(text: string): BinanceFrame {
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (cause) {
    return invalid(
      frameError('BINANCE_MALFORMED_JSON', text, null, 'frame is not valid JSON', {}, cause),
    )
  }
  if (!isObject(root)) {
    return invalid(frameError('BINANCE_INVALID_FRAME', text, null, 'frame is not a JSON object'))
  }
  let ev = root
  let stream: string | undefined
  const wrapped = root.stream
  if (wrapped !== undefined) {
    if (typeof wrapped !== 'string') {
      return invalid(
        frameError(
          'BINANCE_INVALID_FIELD',
          text,
          'stream',
          `${showValue(wrapped)} must be a string`,
        ),
      )
    }
    const data = root.data
    if (!isObject(data)) {
      return invalid(
        frameError(
          data === undefined ? 'BINANCE_MISSING_FIELD' : 'BINANCE_INVALID_FRAME',
          text,
          'data',
          data === undefined ? 'required key is missing' : 'must be a JSON object',
        ),
      )
    }
    stream = wrapped
    ev = data
  }
  const e = ev.e
  if (e === 'trade') {
    const event = validateTradeEvent(ev, stream, text)
    return event instanceof BinanceError ? invalid(event) : { kind: 'trade', stream, event }
  }
  if (e === 'serverShutdown') {
    // Lenient on E: the notice matters more than its timestamp, so a bad E does not drop it.
    const E = ev.E
    return { kind: 'serverShutdown', stream, eventTime: isEpochMs(E) ? E : null }
  }
  if (e !== undefined) {
    return invalid(
      frameError('BINANCE_UNEXPECTED_EVENT', text, 'e', `${showValue(e)} is not "trade"`, {
        value: showValue(e),
      }),
    )
  }
  if (stream === undefined) {
    if ('result' in ev)
      return { kind: 'subscriptionResponse', id: requestId(ev.id), result: ev.result }
    const response = errorResponse(ev)
    if (response !== undefined) return response
  }
  return invalid(frameError('BINANCE_MISSING_FIELD', text, 'e', 'required key is missing'))
}

/** A response refusing a request, in either of the shapes Binance has used, else undefined. */
function errorResponse(ev: Record<string, unknown>): BinanceFrame | undefined {
  const body = isObject(ev.error) ? ev.error : 'code' in ev && 'msg' in ev ? ev : undefined
  if (body === undefined) return undefined
  return {
    kind: 'errorResponse',
    id: requestId(ev.id),
    code: typeof body.code === 'number' ? body.code : null,
    msg: typeof body.msg === 'string' ? body.msg : showValue(body.msg),
  }
}

function requestId(id: unknown): BinanceRequestId {
  return typeof id === 'number' || typeof id === 'string' ? id : null
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function invalid(error: BinanceError): BinanceFrame {
  return { kind: 'invalid', error }
}
