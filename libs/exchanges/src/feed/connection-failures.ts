import type WebSocket from 'ws'

import { describeConnectionEnd, type ConnectionErrorType } from './connection-errors.js'
import { FeedError } from './errors.js'

/** What {@link connectionFailure} says about the connection. */
export interface FailedConnection {
  readonly url: string
  /** The handshake had completed (a loss) or not (a failed attempt). */
  readonly opened: boolean
  /** Why it ended: error type, close code, the socket error. */
  readonly type: ConnectionErrorType
  readonly end: { readonly code: number; readonly reason: string; readonly error: unknown }
  /** `standby` for the new connection of a rotation. */
  readonly role?: 'standby'
  /** Failed attempts in a row so far, for an attempt. */
  readonly attempt?: number
  /** The silence timeout in force, for a silent connection. */
  readonly silenceTimeoutMs?: number
}

/**
 * The coded error of a connection problem: `FEED_CONNECTION_SILENT` (the watchdog gave up on it),
 * `FEED_CONNECT_FAILED` (never opened) or `FEED_CONNECTION_LOST` (closed or failed once open);
 * the context names the URL, the error type and the close code.
 */
export function connectionFailure(c: FailedConnection): FeedError {
  const what = c.role === 'standby' ? 'standby connection' : 'connection'
  const context: Record<string, unknown> = { url: c.url, errorType: c.type, code: c.end.code }
  if (c.role !== undefined) context.role = c.role
  if (c.attempt !== undefined) context.attempt = c.attempt
  if (c.type === 'silence') {
    return new FeedError(
      'FEED_CONNECTION_SILENT',
      `no message from ${c.url} within ${c.silenceTimeoutMs ?? '?'} ms`,
      { context },
    )
  }
  const detail = `(${c.type}): ${describeConnectionEnd(c.end)}`
  return c.opened
    ? new FeedError('FEED_CONNECTION_LOST', `${what} to ${c.url} lost ${detail}`, {
        cause: c.end.error,
        context,
      })
    : new FeedError('FEED_CONNECT_FAILED', `${what} to ${c.url} failed ${detail}`, {
        cause: c.end.error,
        context,
      })
}

/** The error a feed reports when it gives up (then its status is `failed`). */
export function maxAttemptsError(attempts: number, url: string): FeedError {
  return new FeedError(
    'FEED_MAX_ATTEMPTS',
    `gave up after ${attempts} failed connection attempts`,
    { context: { attempts, url } },
  )
}

/** The error of a binary frame (exchanges of this lib send text only). */
export function binaryFrameError(url: string, data: WebSocket.RawData): FeedError {
  const frameLength = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength
  return new FeedError('FEED_BINARY_FRAME', 'binary frame where only text frames are expected', {
    context: { url, frameLength },
  })
}
