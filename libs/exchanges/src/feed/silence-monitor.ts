import type { FeedClock, FeedTimer } from './feed-clock.js'
import type { FeedConnection } from './feed-connection.js'
import type { FeedObserver } from './feed-observer.js'
import type { SilenceWatchdog } from './silence-watchdog.js'

/** What a {@link SilenceMonitor} watches and whom it tells. */
export interface SilenceMonitorHost {
  /** The connection to watch (null: nothing to watch now). */
  active(): FeedConnection | null
  /** Frames received so far on every connection (the activity measure). */
  messages(): number
  /** `connection` has been silent longer than the timeout (confirmed). */
  silent(connection: FeedConnection, silentMs: number, timeoutMs: number): void
  /** After each check (e.g. a rotation's quiet standby), with the timeout in force. */
  checked(nowMicros: number, timeoutMs: number): void
  /** True while the feed is paused: nothing is read, so nothing is judged silent. */
  paused(): boolean
}

/**
 * Runs the {@link SilenceWatchdog} on a timer (`checkIntervalMs`), so that the frame path only
 * stamps the receipt time and counts. Each check reports the newest receipt time
 * (`lastMessageTime`, D8); a check that finds the connection silent confirms it on the next turn
 * of the event loop: after a stall (GC, a busy process) timers run before the socket reads
 * already waiting, which would otherwise look like silence.
 */
export class SilenceMonitor {
  private timer: FeedTimer | undefined
  private running = false

  constructor(
    private readonly watchdog: SilenceWatchdog,
    private readonly clock: FeedClock,
    private readonly observer: FeedObserver,
    private readonly host: SilenceMonitorHost,
  ) {}

  start(): void {
    this.running = true
    this.schedule()
  }

  stop(): void {
    this.running = false
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (!this.running) return
      this.check()
      this.schedule()
    }, this.watchdog.checkIntervalMs())
  }

  private check(): void {
    if (this.host.paused()) return
    const now = this.clock.micros()
    const active = this.host.active()
    if (active !== null) {
      this.observer.lastMessageTime(active.lastMessageAtMicros / 1e6)
      if (this.watchdog.check(now, this.host.messages(), active.lastMessageAtMicros)) {
        this.clock.setTimeout(() => this.confirm(active), 0)
      }
    }
    this.host.checked(now, this.watchdog.timeoutMs())
  }

  private confirm(active: FeedConnection): void {
    const timeoutMs = this.watchdog.timeoutMs()
    const silentMs = Math.round((this.clock.micros() - active.lastMessageAtMicros) / 1000)
    if (!this.running || this.host.paused() || active !== this.host.active()) return
    if (silentMs <= timeoutMs) return
    this.host.silent(active, silentMs, timeoutMs)
  }
}
