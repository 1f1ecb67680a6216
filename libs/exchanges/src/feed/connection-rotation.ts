import type { FeedClock, FeedTimer } from './feed-clock.js'
import type { FeedConnection } from './feed-connection.js'
import type { ReconnectReason } from './feed-observer.js'
import type { ReconnectSchedule } from './reconnect-schedule.js'
import type { UrlRotation } from './url-rotation.js'

/** What a {@link ConnectionRotation} needs from the connection manager. */
export interface RotationHost {
  /** The connection whose trades are emitted now. */
  active(): FeedConnection | null
  /** Opens a connection (its events go to the manager). */
  open(url: string): FeedConnection
  /** Makes `connection` the active one (and arms its age timer). */
  makeActive(connection: FeedConnection): void
  /** Holds (true) or releases (false) gap reports of the sequencer. */
  holdGaps(hold: boolean): void
  log(event: string, connection: FeedConnection | undefined, extra?: Record<string, unknown>): void
}

/** Timings of a rotation. */
export interface RotationOptions {
  readonly rotationDrainMs: number
  readonly closeTimeoutMs: number
}

/**
 * Make-before-break rotation (D9), on `serverShutdown` and before the connection-age limit:
 *
 * 1. `start`: a `standby` connection is opened to the current URL (through the reconnect
 *    schedule, so never while the breaker is open; a failed standby is retried after a backoff
 *    while the active connection still works);
 * 2. its first trade switches: the standby becomes active, the old connection `draining`;
 * 3. for `rotationDrainMs` both deliver: the sequencer drops the overlap (sequence <= last
 *    emitted) and holds gap reports, since the old connection may still bring trades the new one
 *    started after; then the old one is closed and any hole left goes to REST repair.
 *
 * A standby that is open but gets no trade (quiet symbols) takes over when the silence timeout
 * passes; if the active connection dies first, the manager takes the standby over.
 */
export class ConnectionRotation {
  private standby: FeedConnection | null = null
  private draining: FeedConnection | null = null
  private reason: ReconnectReason | null = null
  private drainTimer: FeedTimer | undefined

  constructor(
    private readonly host: RotationHost,
    private readonly urls: UrlRotation,
    private readonly schedule: ReconnectSchedule,
    private readonly clock: FeedClock,
    private readonly options: RotationOptions,
  ) {}

  /** True while a rotation waits for its standby to deliver. */
  get rotating(): boolean {
    return this.reason !== null
  }

  /** Starts a rotation (no-op while one runs); false when there is nothing to rotate. */
  start(reason: ReconnectReason): boolean {
    const active = this.host.active()
    if (active === null || this.reason !== null) return false
    if (this.draining !== null) this.finishDrain()
    this.reason = reason
    this.host.log('rotation_started', active, { reason })
    this.openStandby()
    return true
  }

  /** Whether a trade from `connection` may go to the sequencer (switching on a standby's first). */
  admits(connection: FeedConnection): boolean {
    if (connection === this.host.active() || connection === this.draining) return true
    if (connection !== this.standby) return false
    this.switchTo(connection)
    return true
  }

  /** True for the standby connection. */
  isStandby(connection: FeedConnection): boolean {
    return connection === this.standby
  }

  /** Handles the end of a standby or draining connection; false for any other connection. */
  ended(connection: FeedConnection): boolean {
    if (connection === this.draining) {
      this.finishDrain()
      return true
    }
    if (connection !== this.standby) return false
    this.standby = null
    this.schedule.failedAside()
    // The active connection still works: try again after a backoff.
    this.urls.next()
    this.schedule.after(this.reason ?? 'closed', this.urls.current, () => this.openStandby())
    return true
  }

  /** The active connection died mid-rotation: hands over the standby (open or opening), if any. */
  takeStandby(): FeedConnection | null {
    const standby = this.standby
    this.standby = null
    this.reason = null
    return standby
  }

  /** Periodic check: an open standby without trades takes over after `quietMs`. */
  check(nowMicros: number, quietMs: number): void {
    const standby = this.standby
    if (standby === null || !standby.opened) return
    if ((nowMicros - standby.openedAtMicros) / 1000 > quietMs) this.switchTo(standby)
  }

  /** Ends any drain and forgets the standby (the manager closes the sockets). */
  stop(): void {
    if (this.drainTimer !== undefined) this.clock.clearTimeout(this.drainTimer)
    this.drainTimer = undefined
    this.standby = null
    this.draining = null
    this.reason = null
  }

  private openStandby(): void {
    if (this.reason === null || this.host.active() === null) return
    if (!this.schedule.allows(() => this.openStandby())) return
    this.standby = this.host.open(this.urls.current)
  }

  private switchTo(standby: FeedConnection): void {
    const old = this.host.active()
    this.standby = null
    this.reason = null
    this.host.makeActive(standby)
    this.host.log('rotation_switched', standby, { previous: old?.id })
    if (old === null) return
    this.draining = old
    this.host.holdGaps(true)
    this.drainTimer = this.clock.setTimeout(() => this.finishDrain(), this.options.rotationDrainMs)
  }

  private finishDrain(): void {
    const old = this.draining
    if (old === null) return
    this.draining = null
    if (this.drainTimer !== undefined) this.clock.clearTimeout(this.drainTimer)
    this.drainTimer = undefined
    void old.close(1000, 'rotated', this.options.closeTimeoutMs, 'rotation')
    this.host.holdGaps(false)
  }
}
