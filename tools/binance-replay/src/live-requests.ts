// Live subscribing/unsubscribing to streams, as Binance's spot WebSocket Streams answer it
// (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams, "Live
// Subscribing/Unsubscribing to streams" and its "Error Messages" table).

/** What a request can change on its connection. */
export interface SubscriptionTarget {
  subscribe(streams: readonly string[]): void
  unsubscribe(streams: readonly string[]): void
  subscriptions(): readonly string[]
  combined: boolean
}

type RequestId = number | string | null

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY']
const MAX_STRING_ID_LENGTH = 36

/**
 * Handles one text frame from a client and returns the text of the answer:
 * `{"result":null,"id":1}` for SUBSCRIBE/UNSUBSCRIBE/SET_PROPERTY, the list or the property value
 * for LIST_SUBSCRIPTIONS/GET_PROPERTY, or Binance's `{"code":N,"msg":"...","id":..}` error
 * (0 unknown property, 1 wrong value type, 2 invalid request, 3 invalid JSON).
 */
export function answerRequest(text: string, target: SubscriptionTarget): string {
  let request: unknown
  try {
    request = JSON.parse(text)
  } catch (error) {
    return JSON.stringify({ code: 3, msg: `Invalid JSON: ${(error as Error).message}` })
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return JSON.stringify({ code: 3, msg: 'Invalid JSON: expected an object' })
  }
  const { method, params, id } = request as { method?: unknown; params?: unknown; id?: unknown }
  if (id === undefined) return error(2, 'Invalid request: missing field `id`', null)
  if (!isRequestId(id)) {
    return error(2, 'Invalid request: request ID must be an unsigned integer or a string', null)
  }
  if (method === undefined) return error(2, 'Invalid request: missing field `method`', id)
  if (typeof method !== 'string' || !METHODS.includes(method)) {
    return error(
      2,
      `Invalid request: unknown variant \`${String(method)}\`, expected one of ${METHODS.join(', ')}`,
      id,
    )
  }
  const list = params ?? []
  if (!Array.isArray(list)) return error(2, 'Invalid request: params must be an array', id)
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      if (!list.every((p): p is string => typeof p === 'string' && p !== '')) {
        return error(2, 'Invalid request: stream names must be non-empty strings', id)
      }
      if (method === 'SUBSCRIBE') target.subscribe(list)
      else target.unsubscribe(list)
      return result(null, id)
    }
    case 'LIST_SUBSCRIPTIONS':
      return result([...target.subscriptions()], id)
    case 'SET_PROPERTY': {
      if (list.length !== 2) return error(2, 'Invalid request: too many parameters', id)
      if (typeof list[0] !== 'string') {
        return error(2, 'Invalid request: property name must be a string', id)
      }
      if (list[0] !== 'combined') return error(0, 'Unknown property', id)
      if (typeof list[1] !== 'boolean') return error(1, 'Invalid value type: expected Boolean', id)
      target.combined = list[1]
      return result(null, id)
    }
    default: {
      // GET_PROPERTY
      if (list.length !== 1) return error(2, 'Invalid request: too many parameters', id)
      if (typeof list[0] !== 'string') {
        return error(2, 'Invalid request: property name must be a string', id)
      }
      if (list[0] !== 'combined') return error(0, 'Unknown property', id)
      return result(target.combined, id)
    }
  }
}

function isRequestId(id: unknown): id is RequestId {
  if (id === null) return true
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0
  return typeof id === 'string' && id.length <= MAX_STRING_ID_LENGTH
}

function result(value: unknown, id: RequestId): string {
  return JSON.stringify({ result: value, id })
}

function error(code: number, msg: string, id: RequestId): string {
  return JSON.stringify({ code, msg, id })
}
