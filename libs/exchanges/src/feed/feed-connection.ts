import WebSocket from 'ws'

import type { FeedClock } from './feed-clock.js'
import { websocketOptions } from './websocket-options.js'

/** How a connection ended. */
export interface ConnectionEnd {
  /** The handshake had completed. */
  readonly opened: boolean
  readonly code: number
  readonly reason: string
  /** The socket error that preceded the close, if any. */
  readonly error: unknown
}

/** What a {@link FeedConnection} reports to its owner. */
export interface ConnectionHandler {
  opened(connection: FeedConnection): void
  /** One frame, straight from the socket (the per-frame path: no allocation here). */
  message(connection: FeedConnection, data: WebSocket.RawData, isBinary: boolean): void
  /** The connection is over (called once, after `opened` or instead of it). */
  ended(connection: FeedConnection, end: ConnectionEnd): void
}

/**
 * One WebSocket of a feed and the numbers the watchdog reads. The owner decides what the
 * connection is for (active, standby, draining); this class only opens, counts and closes.
 */
export class FeedConnection {
  /** Handshake done. */
  opened = false
  /** Receipt time (µs) of the newest message, or when the connection opened. */
  lastMessageAtMicros = 0
  /** When the handshake completed (µs). */
  openedAtMicros = 0
  /** Messages received. */
  messages = 0
  /** Trades delivered (set by the owner). */
  trades = 0
  /** Pings received (and answered by `ws`). */
  pings = 0
  /** Why the owner ended it, when it did (e.g. `silence`); null when the other side did. */
  endedBy: string | null = null
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>
  private readonly ws: WebSocket
  private error: unknown = undefined
  private paused = false

  constructor(
    readonly id: number,
    readonly url: string,
    connectTimeoutMs: number,
    private readonly clock: FeedClock,
    handler: ConnectionHandler,
  ) {
    this.ws = new WebSocket(url, websocketOptions(connectTimeoutMs))
    this.ws.on('open', () => {
      this.opened = true
      this.openedAtMicros = this.clock.micros()
      this.lastMessageAtMicros = this.openedAtMicros
      // `ws` ignores pause() while connecting: apply it now, before the first frame is read.
      if (this.paused) this.ws.pause()
      handler.opened(this)
    })
    this.ws.on('message', (data, isBinary) => handler.message(this, data, isBinary))
    this.ws.on('ping', () => {
      this.pings += 1
    })
    this.ws.on('error', (error) => {
      this.error ??= error
    })
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        resolve()
        handler.ended(this, {
          opened: this.opened,
          code,
          reason: reason.toString(),
          error: this.error,
        })
      })
    })
  }

  /**
   * Stops reading the socket (TCP flow control then slows the sender). Frames already read may
   * still arrive; pings are not read (so not answered) until {@link resume}. A connection still
   * opening starts paused.
   */
  pause(): void {
    this.paused = true
    this.ws.pause()
  }

  /** Reads the socket again. */
  resume(): void {
    this.paused = false
    this.ws.resume()
  }

  /** Closes with a close frame (cut after `timeoutMs` if the peer does not answer). */
  close(code: number, reason: string, timeoutMs: number, by: string): Promise<void> {
    this.endedBy ??= by
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.CLOSED) {
      this.ws.terminate()
      return this.closed
    }
    this.ws.close(code, reason)
    const timer = this.clock.setTimeout(() => this.ws.terminate(), timeoutMs)
    return this.closed.then(() => this.clock.clearTimeout(timer))
  }

  /** Cuts the connection at once (no close handshake). */
  terminate(by: string): void {
    this.endedBy ??= by
    this.ws.terminate()
  }
}
