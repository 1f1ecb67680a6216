/**
 * Kinds of connection failure: the `error_type` label of `k2_binance_connection_errors_total`
 * (D8). A short fixed list, so the label cannot explode with free-text messages.
 */
export const CONNECTION_ERROR_TYPES = [
  'refused',
  'reset',
  'timeout',
  'dns',
  'tls',
  'http_status',
  'protocol',
  'closed',
  'silence',
  'other',
] as const

/** A type from {@link CONNECTION_ERROR_TYPES}. */
export type ConnectionErrorType = (typeof CONNECTION_ERROR_TYPES)[number]

/** Node and OpenSSL error codes -> connection error type. */
const CODE_TYPES: Readonly<Record<string, ConnectionErrorType>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
  ENETUNREACH: 'refused',
  EHOSTUNREACH: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  CERT_NOT_YET_VALID: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls',
  EPROTO: 'tls',
}

/** ws errors without a code, told apart by their message (ws 8.18 `lib/websocket.js`). */
const MESSAGE_TYPES: readonly (readonly [string, ConnectionErrorType])[] = [
  ['Opening handshake has timed out', 'timeout'],
  ['Unexpected server response', 'http_status'],
]

/** The connection error type of an error raised by `ws` or the socket under it. */
export function classifyConnectionError(error: unknown): ConnectionErrorType {
  if (typeof error !== 'object' || error === null) return 'other'
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    const type = CODE_TYPES[code]
    if (type !== undefined) return type
    if (code.startsWith('WS_ERR_')) return 'protocol'
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tls'
  }
  const message = (error as { message?: unknown }).message
  if (typeof message === 'string') {
    for (const [prefix, type] of MESSAGE_TYPES) if (message.startsWith(prefix)) return type
  }
  return 'other'
}

/** A short text for how a connection ended: the socket error's message, else the close code. */
export function describeConnectionEnd(end: {
  readonly code: number
  readonly reason: string
  readonly error: unknown
}): string {
  if (end.error instanceof Error) return end.error.message
  return `close code ${end.code}${end.reason === '' ? '' : ` (${end.reason})`}`
}
