import type { ClientOptions } from 'ws'

/** Largest frame accepted (Binance trade frames are ~200 bytes; room for other exchanges' books). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024

/**
 * Options of every feed WebSocket. TLS certificates are verified for `wss:` (D9): nothing here
 * sets `rejectUnauthorized` (Node's default is `true`), so a self-signed or mismatched certificate
 * fails the connection with a `tls` error. Pings are answered by `ws` itself with a pong echoing
 * the payload (`autoPong`), as Binance requires. No compression (Binance does not offer it and it
 * would cost CPU per frame), no redirects.
 */
export function websocketOptions(connectTimeoutMs: number): ClientOptions {
  return {
    handshakeTimeout: connectTimeoutMs,
    autoPong: true,
    perMessageDeflate: false,
    followRedirects: false,
    maxPayload: MAX_FRAME_BYTES,
  }
}
