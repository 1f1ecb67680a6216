import type { ConnectionErrorType } from './connection-errors.js'
import type { FeedObserver, ReconnectReason } from './feed-observer.js'

/** Connection-side counters of a feed; the counting calls also feed the observer (D8). */
export class ConnectionCounters {
  connectionsOpened = 0
  /** Frames received on every connection. */
  messages = 0
  invalidFrames = 0
  /** Pings received on connections that have closed (open ones count their own). */
  pingsOfClosed = 0
  readonly reconnects: Partial<Record<ReconnectReason, number>> = {}
  readonly connectionErrors: Partial<Record<ConnectionErrorType, number>> = {}

  constructor(private readonly observer: FeedObserver) {}

  /** A new connection is being opened to replace another, for `reason`. */
  reconnect(reason: ReconnectReason): void {
    this.reconnects[reason] = (this.reconnects[reason] ?? 0) + 1
    this.observer.reconnect(reason)
  }

  /** A connection attempt failed or an open connection was lost. */
  connectionError(type: ConnectionErrorType): void {
    this.connectionErrors[type] = (this.connectionErrors[type] ?? 0) + 1
    this.observer.connectionError(type)
  }

  /** A frame failed parsing or validation; `code` is its error code. */
  invalidFrame(code: string): void {
    this.invalidFrames += 1
    this.observer.messageError(code)
  }
}
