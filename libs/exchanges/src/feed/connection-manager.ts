import type { K2Error, Logger } from '@k2/core'
import type WebSocket from 'ws'

import type { CircuitBreaker } from './circuit-breaker.js'
import { ConnectionCounters } from './connection-counters.js'
import { classifyConnectionError, type ConnectionErrorType } from './connection-errors.js'
import { binaryFrameError, connectionFailure, maxAttemptsError } from './connection-failures.js'
import { ConnectionRotation } from './connection-rotation.js'
import type { ExchangeAdapter } from './exchange-adapter.js'
import type { FeedClock, FeedTimer } from './feed-clock.js'
import { FeedConnection, type ConnectionEnd, type ConnectionHandler } from './feed-connection.js'
import type { FeedErrorEvent } from './feed-events.js'
import type { FeedObserver, ReconnectReason } from './feed-observer.js'
import type { FeedOptions } from './feed-options.js'
import { FeedPause, type FeedPauseStats } from './feed-pause.js'
import type { FeedStatus } from './feed-status.js'
import type { FeedTrade } from './feed-trade.js'
import { ReconnectSchedule } from './reconnect-schedule.js'
import { SilenceMonitor } from './silence-monitor.js'
import type { SilenceWatchdog } from './silence-watchdog.js'
import type { UrlRotation } from './url-rotation.js'

/** Where the connection manager hands trades and connection events (the sequencer side). */
export interface TradeSink {
  /** A trade from a connection that may emit (in arrival order). */
  trade(trade: FeedTrade): void
  /** A connection opened in place of a lost one (or the first one): trades may be missing. */
  connectionReplaced(): void
  /** Holds (true) or releases (false) gap reports while an old connection drains. */
  holdGaps(hold: boolean): void
  /** The feed was resumed after a pause: emit what was held meanwhile. */
  resumed(): void
}

/** What the connection manager needs. */
export interface ConnectionManagerDeps {
  readonly adapter: ExchangeAdapter
  readonly urls: UrlRotation
  readonly options: FeedOptions
  readonly clock: FeedClock
  readonly random: () => number
  readonly breaker: CircuitBreaker
  readonly watchdog: SilenceWatchdog
  readonly observer: FeedObserver
  readonly logger: Logger
  readonly sink: TradeSink
  readonly setStatus: (status: FeedStatus, reason?: string, url?: string) => void
  readonly error: (event: FeedErrorEvent) => void
}

/**
 * Owns the feed's WebSockets (D9 connection rules): one `active` connection whose trades are
 * emitted, an `attempt` under way while none is active, and the standby/draining pair of a
 * make-before-break rotation ({@link ConnectionRotation}). A lost connection is replaced on the
 * {@link ReconnectSchedule} (full-jitter backoff, breaker, attempt limit -> `failed`), moving to
 * the next URL after each failed attempt. A periodic check runs the silence watchdog; the frame
 * path only stamps and counts.
 *
 * Back-pressure: `pause` stops reading every open connection, and connections opened while paused
 * (a reconnect, a rotation's standby) start paused, so a paused feed reads nothing at all. The
 * silence watchdog and the quiet-standby check are suspended while paused, and on `resume` every
 * connection's silence is measured afresh. A pause ends by itself after `maxPauseMs`
 * ({@link FeedPause}: pings are not answered while paused).
 */
export class ConnectionManager implements ConnectionHandler {
  readonly counters: ConnectionCounters
  private readonly schedule: ReconnectSchedule
  private readonly rotation: ConnectionRotation
  private current: FeedConnection | null = null
  private attempt: FeedConnection | null = null
  private readonly all = new Set<FeedConnection>()
  private nextId = 1
  private stopped = false
  private ageTimer: FeedTimer | undefined
  private readonly silence: SilenceMonitor
  private readonly pausing: FeedPause
  /** Reading held while a repair's held trades drain ({@link ConnectionManager.holdReading}). */
  private readHeld = false

  constructor(private readonly deps: ConnectionManagerDeps) {
    this.counters = new ConnectionCounters(deps.observer)
    this.schedule = new ReconnectSchedule(deps)
    this.rotation = new ConnectionRotation(
      {
        active: () => this.current,
        open: (url) => this.open(url),
        makeActive: (connection) => this.makeActive(connection),
        holdGaps: (hold) => deps.sink.holdGaps(hold),
        log: (event, connection, extra) => this.log('info', event, connection, extra),
      },
      deps.urls,
      this.schedule,
      deps.clock,
      deps.options,
    )
    this.silence = new SilenceMonitor(deps.watchdog, deps.clock, deps.observer, {
      active: () => this.current,
      messages: () => this.counters.messages,
      silent: (connection, silentMs, timeoutMs) => this.silent(connection, silentMs, timeoutMs),
      checked: (now, timeoutMs) => this.rotation.check(now, timeoutMs),
      paused: () => this.pausing.isPaused || this.readHeld,
    })
    this.pausing = new FeedPause(deps.clock, deps.options.maxPauseMs, {
      paused: () => {
        for (const connection of this.all) connection.pause()
        deps.logger.debug({ event: 'feed_paused' }, 'feed paused')
      },
      resumed: (forced, pausedMs) => this.resumed(forced, pausedMs),
    })
  }

  /** The connection whose trades are emitted. */
  get active(): FeedConnection | null {
    return this.current
  }

  /** The URL of the active connection (or of the attempt under way). */
  get url(): string | null {
    return (this.current ?? this.attempt)?.url ?? null
  }

  /** Pings received on every connection so far. */
  pings(): number {
    let pings = this.counters.pingsOfClosed
    for (const connection of this.all) pings += connection.pings
    return pings
  }

  /** Stops reading every connection (idempotent); see the class comment. */
  pause(): void {
    if (!this.stopped) this.pausing.pause()
  }

  /** Reads again (idempotent). */
  resume(): void {
    this.pausing.resume()
  }

  /**
   * Stops reading every connection (`true`) or reads again (`false`, unless paused) without
   * pausing the feed: trades already read, REST pages and repairs go on. For a repair whose held
   * live trades near their bound: the exchange keeps the rest until the repair has caught up,
   * instead of the feed dropping them to fetch them over REST. Silence is not judged meanwhile.
   * The caller bounds how long (pings go unanswered).
   */
  holdReading(hold: boolean): void {
    if (hold === this.readHeld || this.stopped) return
    this.readHeld = hold
    if (hold) {
      for (const connection of this.all) connection.pause()
      this.deps.logger.debug({ event: 'feed_read_held' }, 'reading held for a repair')
    } else if (!this.pausing.isPaused) {
      this.readAgain()
      this.deps.logger.debug({ event: 'feed_read_released' }, 'reading again after a repair')
    }
  }

  /** Undefined unless paused; else a promise that resolves when the pause ends or the feed stops. */
  pauseEnd(): Promise<void> | undefined {
    return this.stopped || !this.pausing.isPaused ? undefined : this.pausing.whileResumed()
  }

  /** True while paused. */
  get paused(): boolean {
    return this.pausing.isPaused
  }

  /** The pause counters. */
  pauseStats(): FeedPauseStats {
    return this.pausing.stats()
  }

  /** Opens the first connection and starts the watchdog. */
  start(): void {
    this.silence.start()
    this.connect()
  }

  /** Closes every connection and clears every timer; resolves when all sockets are closed. */
  async stop(): Promise<void> {
    this.halt()
    const timeout = this.deps.options.closeTimeoutMs
    await Promise.all([...this.all].map((c) => c.close(1000, 'feed stopped', timeout, 'stop')))
  }

  // ---- ConnectionHandler ----------------------------------------------------------------

  opened(connection: FeedConnection): void {
    if (this.stopped) return
    this.counters.connectionsOpened += 1
    this.schedule.opened()
    this.log('info', 'connection_opened', connection)
    if (connection !== this.attempt) return
    this.attempt = null
    this.makeActive(connection)
    this.deps.setStatus('connected', undefined, connection.url)
    this.deps.sink.connectionReplaced()
  }

  message(connection: FeedConnection, data: WebSocket.RawData, isBinary: boolean): void {
    if (this.stopped) return
    const now = this.deps.clock.micros()
    connection.lastMessageAtMicros = now
    this.counters.messages += 1
    if (++connection.messages === 1 && this.mayDeliver(connection)) this.schedule.delivered()
    if (isBinary) {
      this.invalid(connection, binaryFrameError(connection.url, data))
      return
    }
    const frame = this.deps.adapter.parseFrame(data.toString(), now)
    switch (frame.kind) {
      case 'trade':
        if (connection !== this.current && !this.rotation.admits(connection)) return
        connection.trades += 1
        this.deps.observer.messageReceived(frame.trade.trade.symbol)
        this.deps.sink.trade(frame.trade)
        return
      case 'shutdown':
        this.log('warn', 'server_shutdown', connection)
        if (connection === this.current) this.rotate('server_shutdown')
        return
      case 'ack':
        return
      case 'rejected':
        this.deps.error({ reason: 'request_rejected', error: frame.error, url: connection.url })
        return
      case 'invalid':
        this.invalid(connection, frame.error)
        return
    }
  }

  ended(connection: FeedConnection, end: ConnectionEnd): void {
    this.all.delete(connection)
    this.counters.pingsOfClosed += connection.pings
    if (this.stopped) return
    const type = errorTypeOf(connection, end)
    this.log('info', 'connection_closed', connection, {
      code: end.code,
      closeReason: end.reason,
      errorType: type,
      endedBy: connection.endedBy,
    })
    if (connection.endedBy !== null) return // closed on purpose: rotated, silent, stopped
    if (this.rotation.isStandby(connection)) {
      this.counters.connectionError(type)
      this.reportLoss(connection, type, end, 'standby')
    }
    if (this.rotation.ended(connection)) return
    this.counters.connectionError(type)
    if (connection === this.attempt) {
      this.attempt = null
      this.attemptFailed(connection, type, end)
    } else if (connection === this.current) {
      this.current = null
      this.activeLost(connection, type, end)
    }
  }

  // ---- connecting ------------------------------------------------------------------------

  private open(url: string): FeedConnection {
    const { connectTimeoutMs } = this.deps.options
    const connection = new FeedConnection(
      this.nextId++,
      url,
      connectTimeoutMs,
      this.deps.clock,
      this,
    )
    if (this.pausing.isPaused || this.readHeld) connection.pause()
    this.all.add(connection)
    return connection
  }

  /** Makes a connection attempt now, or when the breaker lets one through. */
  private connect(): void {
    if (this.stopped || !this.schedule.allows(() => this.connect())) return
    const url = this.deps.urls.current
    this.log('info', 'connecting', undefined, { url, attempt: this.schedule.failedAttempts + 1 })
    this.attempt = this.open(url)
  }

  private attemptFailed(connection: FeedConnection, type: ConnectionErrorType, end: ConnectionEnd) {
    const exhausted = this.schedule.failed()
    const error = connectionFailure({
      url: connection.url,
      opened: false,
      type,
      end,
      attempt: this.schedule.failedAttempts,
    })
    this.deps.error({ reason: 'connection', url: connection.url, error })
    if (exhausted) {
      this.giveUp(connection.url)
      return
    }
    const next = this.deps.urls.next()
    this.deps.setStatus('reconnecting', 'connect_failed', next)
    this.counters.reconnect('connect_failed')
    this.schedule.after('connect_failed', next, () => this.connect())
  }

  /** The active connection closed, failed or went silent. */
  private activeLost(connection: FeedConnection, type: ConnectionErrorType, end: ConnectionEnd) {
    this.clearAgeTimer()
    const reason: ReconnectReason = type === 'silence' ? 'silence' : 'closed'
    this.reportLoss(connection, type, end)
    // Opened but never delivered (e.g. a server that accepts and hangs up) is a failed attempt,
    // or such a server would keep the feed reconnecting forever without reaching `failed`.
    if (connection.messages === 0 && this.schedule.failed()) {
      this.giveUp(connection.url)
      return
    }
    this.counters.reconnect(reason)
    const standby = this.rotation.takeStandby()
    if (standby?.opened === true) {
      // Mid-rotation: the open standby takes over at once; REST covers what may be missing.
      this.makeActive(standby)
      this.log('info', 'standby_promoted', standby, { reason })
      this.deps.sink.connectionReplaced()
      return
    }
    this.deps.setStatus('reconnecting', reason, connection.url)
    if (standby !== null) {
      this.attempt = standby // still opening: it is the reconnect attempt
      return
    }
    this.schedule.after(reason, this.deps.urls.current, () => this.connect())
  }

  private reportLoss(
    connection: FeedConnection,
    type: ConnectionErrorType,
    end: ConnectionEnd,
    role?: 'standby',
  ): void {
    const error = connectionFailure({
      url: connection.url,
      opened: connection.opened,
      type,
      end,
      role,
      silenceTimeoutMs: this.deps.watchdog.timeoutMs(),
    })
    this.deps.error({ reason: 'connection', url: connection.url, error })
  }

  private giveUp(url: string): void {
    const attempts = this.schedule.failedAttempts
    const error = maxAttemptsError(attempts, url)
    this.deps.error({ reason: 'connection', error, url })
    this.deps.logger.error({ event: 'feed_failed', attempts, url }, error.message)
    this.halt()
    for (const connection of this.all) connection.terminate('failed')
    this.deps.setStatus('failed', 'max_attempts', url)
  }

  private makeActive(connection: FeedConnection): void {
    this.current = connection
    this.clearAgeTimer()
    const { maxConnectionAgeMs } = this.deps.options
    this.ageTimer = this.deps.clock.setTimeout(() => this.rotate('max_age'), maxConnectionAgeMs)
  }

  private rotate(reason: ReconnectReason): void {
    if (!this.stopped && this.rotation.start(reason)) this.counters.reconnect(reason)
  }

  /** The silence watchdog gave up on the active connection: replace it. */
  private silent(active: FeedConnection, silentMs: number, timeoutMs: number): void {
    this.log('warn', 'silence', active, { silentMs, timeoutMs })
    active.terminate('silence') // its `ended` is then ignored: handled here
    this.current = null
    this.counters.connectionError('silence')
    this.activeLost(active, 'silence', { opened: true, code: 1006, reason: '', error: undefined })
  }

  /** Reads every connection again; silence is measured from now (unread is not silent). */
  private readAgain(): void {
    const now = this.deps.clock.micros()
    for (const connection of this.all) {
      if (connection.opened) connection.lastMessageAtMicros = now
      connection.resume()
    }
    this.deps.watchdog.rebase(now, this.counters.messages)
  }

  private resumed(forced: boolean, pausedMs: number): void {
    if (!this.readHeld) this.readAgain()
    this.deps.sink.resumed()
    if (forced) {
      this.deps.logger.warn(
        { event: 'feed_pause_expired', pausedMs, maxPauseMs: this.deps.options.maxPauseMs },
        `feed paused for ${pausedMs} ms: reading again (the exchange drops unanswered sockets)`,
      )
    } else {
      this.deps.logger.debug({ event: 'feed_resumed', pausedMs }, 'feed resumed')
    }
  }

  private mayDeliver(connection: FeedConnection): boolean {
    return connection === this.current || this.rotation.isStandby(connection)
  }

  // ---- helpers ----------------------------------------------------------------------------

  private invalid(connection: FeedConnection, error: K2Error): void {
    this.counters.invalidFrame(error.code)
    this.deps.error({ reason: 'invalid_frame', error, url: connection.url })
  }

  private halt(): void {
    this.stopped = true
    this.pausing.release()
    this.schedule.cancel()
    this.rotation.stop()
    this.clearAgeTimer()
    this.silence.stop()
  }

  private clearAgeTimer(): void {
    if (this.ageTimer !== undefined) this.deps.clock.clearTimeout(this.ageTimer)
    this.ageTimer = undefined
  }

  private log(
    level: 'info' | 'warn',
    event: string,
    connection: FeedConnection | undefined,
    extra: Record<string, unknown> = {},
  ): void {
    const fields =
      connection === undefined ? {} : { connection: connection.id, url: connection.url }
    this.deps.logger[level]({ event, ...fields, ...extra }, event.replace(/_/g, ' '))
  }
}

function errorTypeOf(connection: FeedConnection, end: ConnectionEnd): ConnectionErrorType {
  if (connection.endedBy === 'silence') return 'silence'
  return end.error === undefined ? 'closed' : classifyConnectionError(end.error)
}
