/** How the silence timeout follows the symbols' activity. */
export interface SilencePolicy {
  /** The timeout never goes below this (and is this until activity has been measured). */
  readonly floorMs: number
  /** The timeout is this many mean inter-arrival times of messages... */
  readonly activityFactor: number
  /** ...but never more than this, so a dead connection on quiet symbols is still noticed. */
  readonly maxMs: number
}

/** Weight of a new sample in the mean inter-arrival time (an exponentially weighted mean). */
const SMOOTHING = 0.2

/**
 * The silence timeout `min(maxMs, max(floorMs, activityFactor x mean inter-arrival))` for a mean
 * inter-arrival time in ms (`null` before any was measured: the floor).
 */
export function silenceTimeoutMs(policy: SilencePolicy, meanInterArrivalMs: number | null): number {
  if (meanInterArrivalMs === null) return policy.floorMs
  const scaled = policy.activityFactor * meanInterArrivalMs
  return Math.min(policy.maxMs, Math.max(policy.floorMs, scaled))
}

/**
 * The silence watchdog's view of activity. The read path only counts messages and stamps the
 * time of the last one (no timer per frame); a periodic check hands both in here. The mean
 * inter-arrival time is measured over the checks that saw messages (time since the previous such
 * check divided by the messages in between, smoothed), so a symbol that trades once a minute gets
 * a long timeout and BTCUSDT a short one.
 */
export class SilenceWatchdog {
  private mean: number | null = null
  private sampledAtMicros: number | null = null
  private sampledMessages = 0

  constructor(private readonly policy: SilencePolicy) {}

  /** The smoothed mean time between messages in ms, null until measured. */
  get meanInterArrivalMs(): number | null {
    return this.mean
  }

  /** The silence timeout now. */
  timeoutMs(): number {
    return silenceTimeoutMs(this.policy, this.mean)
  }

  /**
   * One periodic check: `messages` is the feed's running message count, `lastMessageAtMicros`
   * the receipt time of the newest message on the connection watched (or when it opened).
   * Returns true when the connection has been silent longer than the timeout.
   */
  check(nowMicros: number, messages: number, lastMessageAtMicros: number): boolean {
    if (this.sampledAtMicros === null) {
      this.sampledAtMicros = nowMicros
      this.sampledMessages = messages
    } else if (messages > this.sampledMessages) {
      const sample = (nowMicros - this.sampledAtMicros) / 1000 / (messages - this.sampledMessages)
      this.mean = this.mean === null ? sample : this.mean + SMOOTHING * (sample - this.mean)
      this.sampledAtMicros = nowMicros
      this.sampledMessages = messages
    }
    return (nowMicros - lastMessageAtMicros) / 1000 > this.timeoutMs()
  }

  /**
   * Starts the next activity sample at `nowMicros` with the running count `messages`, e.g. after
   * a pause, so that the time nothing was read does not count as a quiet stretch.
   */
  rebase(nowMicros: number, messages: number): void {
    if (this.sampledAtMicros === null) return
    this.sampledAtMicros = nowMicros
    this.sampledMessages = messages
  }

  /** How often to check: a quarter of the floor, between 5 ms and 1 s. */
  checkIntervalMs(): number {
    return Math.min(1000, Math.max(5, Math.floor(this.policy.floorMs / 4)))
  }
}
