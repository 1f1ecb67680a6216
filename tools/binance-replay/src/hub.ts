import { combinedFrameText } from './binance-frames.js'
import type { ConnectionListener, DisconnectReason, ReplayConnection } from './connection.js'

/** A frame to publish on a stream: the bare event, the combined frame, or both. */
export interface StreamFrame {
  /** Text of the bare event, for raw (`/ws`) connections. */
  readonly raw?: string
  /** Text of `{"stream","data"}`, for combined (`/stream`) connections. */
  readonly combined?: string
}

/**
 * The open connections and who is subscribed to which stream. Publishing a frame on a stream
 * sends it to that stream's subscribers in each one's format (bare or combined).
 */
export class Hub implements ConnectionListener {
  private readonly connections = new Set<ReplayConnection>()
  private readonly subscribers = new Map<string, Set<ReplayConnection>>()
  private readonly disconnects = new Map<DisconnectReason, number>()
  private subscribeListener: (streams: readonly string[]) => void = () => {}

  /** Calls `listener` with the streams of every subscription (the tape starts at its first). */
  onSubscribe(listener: (streams: readonly string[]) => void): void {
    this.subscribeListener = listener
  }

  add(connection: ReplayConnection): void {
    this.connections.add(connection)
  }

  /** Every open connection. */
  all(): ReplayConnection[] {
    return [...this.connections]
  }

  /** Connections subscribed to `stream`. */
  subscribersOf(stream: string): ReplayConnection[] {
    return [...(this.subscribers.get(stream) ?? [])]
  }

  /** Number of connections subscribed to `stream`. */
  subscriberCount(stream: string): number {
    return this.subscribers.get(stream)?.size ?? 0
  }

  /** Connections ended so far, by reason. */
  disconnectCounts(): Record<string, number> {
    return Object.fromEntries(this.disconnects)
  }

  /** Runs `send` with every connection corked, so the frames it publishes go out in batches. */
  batch(send: () => void): void {
    const corked = [...this.connections]
    for (const connection of corked) connection.cork()
    try {
      send()
    } finally {
      for (const connection of corked) connection.uncork()
    }
  }

  /**
   * Sends `frame` to every subscriber of `stream` that is not silenced; returns how many got it.
   * A missing text is derived from the other (combined from raw by wrapping, raw from combined by
   * taking `data`).
   */
  publish(stream: string, frame: StreamFrame): number {
    const subscribers = this.subscribers.get(stream)
    if (subscribers === undefined || subscribers.size === 0) return 0
    let { raw, combined } = frame
    let sent = 0
    for (const connection of subscribers) {
      let text: string
      if (connection.combined) text = combined ??= combinedFrameText(stream, raw as string)
      else text = raw ??= JSON.stringify((JSON.parse(combined as string) as { data: unknown }).data)
      if (connection.send(text)) sent++
    }
    return sent
  }

  /** The largest unsent backlog among `stream`'s subscribers that are not silenced, bytes. */
  maxBuffered(stream: string): number {
    let max = 0
    for (const connection of this.subscribers.get(stream) ?? []) {
      if (!connection.silenced) max = Math.max(max, connection.bufferedAmount)
    }
    return max
  }

  subscribed(connection: ReplayConnection, streams: readonly string[]): void {
    for (const stream of streams) {
      let set = this.subscribers.get(stream)
      if (set === undefined) this.subscribers.set(stream, (set = new Set()))
      set.add(connection)
    }
    this.subscribeListener(streams)
  }

  unsubscribed(connection: ReplayConnection, streams: readonly string[]): void {
    for (const stream of streams) this.subscribers.get(stream)?.delete(connection)
  }

  closed(connection: ReplayConnection, reason: DisconnectReason): void {
    this.connections.delete(connection)
    this.unsubscribed(connection, connection.subscriptions())
    this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1)
  }
}
