import type { Socket } from 'node:net'

import WebSocket from 'ws'

import { answerRequest, type SubscriptionTarget } from './live-requests.js'

/** Why the exchange ended a connection (counted in the stats). */
export type DisconnectReason =
  | 'client' // the client closed or vanished
  | 'pong-timeout' // no answered ping within pongTimeoutMs
  | 'max-age' // maxConnectionAgeMs reached
  | 'too-many-messages' // over maxIncomingMessagesPerSecond
  | 'slow-consumer' // more than MAX_BUFFERED_BYTES waiting to be written
  | 'dropped' // the drop fault
  | 'shutdown' // closed after a serverShutdown event
  | 'exchange-closed' // the exchange itself stopped

/** Connection limits, from the exchange options. */
export interface ConnectionSettings {
  readonly pingIntervalMs: number
  readonly pongTimeoutMs: number
  readonly maxConnectionAgeMs: number
  readonly maxIncomingMessagesPerSecond: number
}

/** How a connection tells its hub about subscriptions and its end. */
export interface ConnectionListener {
  subscribed(connection: ReplayConnection, streams: readonly string[]): void
  unsubscribed(connection: ReplayConnection, streams: readonly string[]): void
  closed(connection: ReplayConnection, reason: DisconnectReason): void
}

/**
 * A client whose socket holds more than this is too slow to follow the tape; Binance disconnects
 * such clients too. The unpaced tape never gets near it (it waits at {@link HIGH_WATER_BYTES}).
 */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024
/** The unpaced tape and playback wait while a subscriber holds more than this unsent. */
export const HIGH_WATER_BYTES = 1024 * 1024

/** Pings whose pong is still awaited; older ones are forgotten. */
const MAX_OUTSTANDING_PINGS = 16

/**
 * One client connection, with Binance's connection rules: a ping every `pingIntervalMs`, dropped
 * when no ping was answered (pong echoing its payload) for `pongTimeoutMs` — unsolicited pongs do
 * not count, as on Binance —, closed at `maxConnectionAgeMs` and when the client sends more than
 * `maxIncomingMessagesPerSecond` messages (requests, pings and unsolicited pongs) in a second. A silenced
 * connection (the silence fault) sends nothing at all, pings included, and its pong deadline is
 * pushed back by the silence.
 */
export class ReplayConnection implements SubscriptionTarget {
  /** Combined frames (`{"stream","data"}`) or bare events; SET_PROPERTY `combined` switches it. */
  combined: boolean
  /** When the connection was opened, ms since the epoch. */
  readonly openedAt = Date.now()
  private readonly streams = new Set<string>()
  private silencedUntil = 0
  private lastAliveAt = this.openedAt
  private outstandingPings: string[] = []
  private incomingSecond = 0
  private incomingCount = 0
  private endReason: DisconnectReason | undefined
  private readonly timers: NodeJS.Timeout[] = []
  private aliveTimer: NodeJS.Timeout | undefined

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    combined: boolean,
    private readonly settings: ConnectionSettings,
    private readonly listener: ConnectionListener,
  ) {
    this.combined = combined
    this.timers.push(
      setInterval(() => this.ping(), settings.pingIntervalMs).unref(),
      setTimeout(
        () => this.close(1001, 'Connection age limit', 'max-age'),
        settings.maxConnectionAgeMs,
      ).unref(),
    )
    this.armAliveCheck(settings.pongTimeoutMs)
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary))
    ws.on('ping', () => this.countIncoming())
    ws.on('pong', (data) => this.onPong(data))
    ws.on('error', () => {}) // protocol errors end in 'close', which is handled below
    ws.on('close', () => this.onClose())
  }

  /** True while the connection is open (not closing or closed). */
  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  /** Bytes queued for the socket and not yet written. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }

  /** True while the silence fault holds the connection's output. */
  get silenced(): boolean {
    return Date.now() < this.silencedUntil
  }

  /** Sends a text or binary frame; false when closed, silenced or too far behind (then dropped). */
  send(data: string | Buffer): boolean {
    if (this.ws.readyState !== WebSocket.OPEN || this.silenced) return false
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.terminate('slow-consumer')
      return false
    }
    this.ws.send(data, { binary: typeof data !== 'string' })
    return true
  }

  /**
   * Holds this connection's writes until {@link uncork}, so that a batch of frames leaves in one
   * system call instead of one each (several times the throughput at full speed). Uses the
   * underlying socket of `ws` (`_socket`, not part of its typed API; ws corks it itself per frame).
   */
  cork(): void {
    this.socket()?.cork()
  }

  /** Releases {@link cork}. */
  uncork(): void {
    this.socket()?.uncork()
  }

  /** SUBSCRIBE: adds streams (already subscribed ones are ignored). */
  subscribe(streams: readonly string[]): void {
    const added = streams.filter((stream) => !this.streams.has(stream))
    for (const stream of added) this.streams.add(stream)
    if (added.length > 0) this.listener.subscribed(this, added)
  }

  /** UNSUBSCRIBE: removes streams (unknown ones are ignored). */
  unsubscribe(streams: readonly string[]): void {
    const removed = streams.filter((stream) => this.streams.delete(stream))
    if (removed.length > 0) this.listener.unsubscribed(this, removed)
  }

  /** LIST_SUBSCRIPTIONS: the streams, in subscription order. */
  subscriptions(): readonly string[] {
    return [...this.streams]
  }

  /** Silences the connection for `ms` from now; returns when it will speak again (ms epoch). */
  silence(ms: number): number {
    this.silencedUntil = Math.max(this.silencedUntil, Date.now() + ms)
    return this.silencedUntil
  }

  /** Closes with a close frame after `delayMs` (the shutdown fault). */
  closeAfter(delayMs: number, reason: DisconnectReason): void {
    this.timers.push(setTimeout(() => this.close(1001, 'Server shutdown', reason), delayMs).unref())
  }

  /** Closes with a close frame now. */
  close(code: number, text: string, reason: DisconnectReason): void {
    this.endReason ??= reason
    this.ws.close(code, text)
  }

  /** Ends the TCP connection at once, without a close frame. */
  terminate(reason: DisconnectReason): void {
    this.endReason ??= reason
    this.ws.terminate()
  }

  private socket(): Socket | null | undefined {
    return (this.ws as unknown as { _socket?: Socket | null })._socket
  }

  private ping(): void {
    if (this.silenced || this.ws.readyState !== WebSocket.OPEN) return
    const payload = String(Date.now())
    this.outstandingPings.push(payload)
    if (this.outstandingPings.length > MAX_OUTSTANDING_PINGS) this.outstandingPings.shift()
    this.ws.ping(payload)
  }

  private onPong(data: Buffer): void {
    if (this.outstandingPings.includes(data.toString())) {
      this.lastAliveAt = Date.now()
      this.outstandingPings = []
      return
    }
    // Binance counts every pong as an incoming message; answers to our own pings are exempt here
    // so that tests with pings every few ms do not trip the limit (at 20 s it never matters).
    this.countIncoming()
  }

  private armAliveCheck(delayMs: number): void {
    this.aliveTimer = setTimeout(() => this.checkAlive(), delayMs).unref()
  }

  private checkAlive(): void {
    const deadline = Math.max(this.lastAliveAt, this.silencedUntil) + this.settings.pongTimeoutMs
    const now = Date.now()
    if (now >= deadline) this.terminate('pong-timeout')
    else this.armAliveCheck(deadline - now)
  }

  /** Counts an incoming message; false (and the connection closed) when over the limit. */
  private countIncoming(): boolean {
    const limit = this.settings.maxIncomingMessagesPerSecond
    if (limit === 0) return true
    const second = Math.floor(Date.now() / 1000)
    if (second !== this.incomingSecond) {
      this.incomingSecond = second
      this.incomingCount = 0
    }
    if (++this.incomingCount <= limit) return true
    this.close(1008, 'Too many requests', 'too-many-messages')
    return false
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (!this.countIncoming()) return
    const text = isBinary ? '' : data.toString()
    this.send(answerRequest(text, this))
  }

  private onClose(): void {
    for (const timer of this.timers) clearTimeout(timer)
    clearTimeout(this.aliveTimer)
    this.listener.closed(this, this.endReason ?? 'client')
  }
}
