// Binance REST error bodies `{"code": <negative int>, "msg": "..."}`, with Binance's codes and
// wording (https://developers.binance.com/docs/binance-spot-api-docs/errors).

/** A REST error: HTTP status and Binance's body. */
export interface BinanceError {
  readonly status: number
  readonly body: { readonly code: number; readonly msg: string }
}

function binanceError(status: number, code: number, msg: string): BinanceError {
  return { status, body: { code, msg } }
}

/** -1003 with 429: the request would go over the minute's REQUEST_WEIGHT. */
export function tooMuchWeight(limit: number): BinanceError {
  return binanceError(
    429,
    -1003,
    `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. ` +
      'Please use WebSocket Streams for live updates to avoid polling the API.',
  )
}

/** -1100: a parameter does not match its pattern. */
export function illegalCharacters(parameter: string, pattern: string): BinanceError {
  return binanceError(
    400,
    -1100,
    `Illegal characters found in parameter '${parameter}'; legal range is '${pattern}'.`,
  )
}

/** -1101: a parameter was sent twice. */
export function duplicateParameter(parameter: string): BinanceError {
  return binanceError(400, -1101, `Duplicate values for parameter '${parameter}'.`)
}

/** -1102: a mandatory parameter is missing or empty. */
export function mandatoryParameter(parameter: string): BinanceError {
  return binanceError(
    400,
    -1102,
    `Mandatory parameter '${parameter}' was not sent, was empty/null, or malformed.`,
  )
}

/** -1121: the symbol is not traded here. */
export function invalidSymbol(): BinanceError {
  return binanceError(400, -1121, 'Invalid symbol.')
}

/** -1130: a parameter matches its pattern but its value is not allowed. */
export function invalidParameterValue(parameter: string): BinanceError {
  return binanceError(400, -1130, `Data sent for parameter '${parameter}' is not valid.`)
}

/** 404 for a path the exchange does not serve (Binance answers unknown paths with 404). */
export function unknownPath(method: string, path: string): BinanceError {
  return binanceError(404, -1000, `${method} ${path} is not served by the replay exchange.`)
}
