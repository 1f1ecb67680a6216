import { ReplayError } from './errors.js'

/** Fault names, as in `POST /k2/faults/<name>`. */
export const FAULT_KINDS = ['drop', 'silence', 'malformed', 'skip', 'shutdown'] as const

/** One fault name. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/**
 * A fault to inject. `symbol` narrows a connection fault to the connections subscribed to
 * `<symbol>@trade` (all connections without it) and names the tape for `skip` (all symbols
 * without it).
 */
export type FaultRequest =
  /** Terminate connections at once, without a close frame. */
  | { readonly kind: 'drop'; readonly symbol?: string }
  /** Send nothing (frames, answers, pings) for `ms`; the tape goes on. */
  | { readonly kind: 'silence'; readonly ms: number; readonly symbol?: string }
  /** Send `count` (default 1) malformed frames to each connection. */
  | { readonly kind: 'malformed'; readonly count?: number; readonly symbol?: string }
  /** Keep the next `count` (default 1) trades of the tape off every socket (REST keeps them). */
  | { readonly kind: 'skip'; readonly count?: number; readonly symbol?: string }
  /** Send `serverShutdown`, then close after `graceMs` (default 5000); new connections are accepted. */
  | { readonly kind: 'shutdown'; readonly graceMs?: number; readonly symbol?: string }

/** Most frames one malformed fault may send per connection. */
export const MAX_MALFORMED_COUNT = 10_000

const PARAMETERS: Readonly<Record<FaultKind, readonly string[]>> = {
  drop: ['symbol'],
  silence: ['ms', 'symbol'],
  malformed: ['count', 'symbol'],
  skip: ['count', 'symbol'],
  shutdown: ['graceMs', 'symbol'],
}

/** Reads `POST /k2/faults/<kind>?...`; throws REPLAY_INVALID_FAULT naming the bad parameter. */
export function parseFaultQuery(kind: string, query: URLSearchParams): FaultRequest {
  if (!isFaultKind(kind))
    invalid(`unknown fault ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(', ')}`)
  for (const name of query.keys()) {
    if (!PARAMETERS[kind].includes(name))
      invalid(`${kind} takes no parameter ${JSON.stringify(name)}`)
  }
  const number = (name: string): number | undefined => {
    const text = query.get(name)
    if (text === null) return undefined
    if (!/^\d{1,15}$/.test(text))
      invalid(`${name} must be a non-negative integer (got ${JSON.stringify(text)})`)
    return Number(text)
  }
  const symbol = query.get('symbol') ?? undefined
  const request = {
    kind,
    ms: number('ms'),
    count: number('count'),
    graceMs: number('graceMs'),
    symbol,
  }
  return validateFault(request as FaultRequest)
}

/** Checks a fault request (also the programmatic one); throws REPLAY_INVALID_FAULT. */
export function validateFault(request: FaultRequest): FaultRequest {
  if (!isFaultKind(request.kind)) invalid(`unknown fault ${JSON.stringify(request.kind)}`)
  if (request.symbol !== undefined && !/^[A-Z0-9]{2,20}$/.test(request.symbol)) {
    invalid(
      `symbol must be an upper-case symbol like BTCUSDT (got ${JSON.stringify(request.symbol)})`,
    )
  }
  const check = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) {
      invalid(`${name} must be an integer from ${min} to ${max} (got ${value})`)
    }
  }
  switch (request.kind) {
    case 'silence':
      if (request.ms === undefined) invalid('silence needs ms')
      check('ms', request.ms, 1, 24 * 60 * 60 * 1000)
      break
    case 'malformed':
      check('count', request.count, 1, MAX_MALFORMED_COUNT)
      break
    case 'skip':
      check('count', request.count, 1, Number.MAX_SAFE_INTEGER)
      break
    case 'shutdown':
      check('graceMs', request.graceMs, 0, 24 * 60 * 60 * 1000)
      break
    default:
      break
  }
  return stripUndefined(request)
}

function isFaultKind(kind: string): kind is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(kind)
}

function stripUndefined(request: FaultRequest): FaultRequest {
  return Object.fromEntries(
    Object.entries(request).filter(([, value]) => value !== undefined),
  ) as FaultRequest
}

function invalid(message: string): never {
  throw new ReplayError('REPLAY_INVALID_FAULT', message)
}
