import type { RateLimitInfo } from './exchange-adapter.js'
import type { FeedClock } from './feed-clock.js'

const MINUTE_MS = 60_000

/**
 * The REST request-weight budget of one feed (D9: stay under 6000 weight a minute, honour
 * `X-MBX-USED-WEIGHT-1M`, 429 and `Retry-After`). Three things can hold a request back, and the
 * longest wait wins:
 *
 * 1. the local sliding window: the weight this feed sent in the last 60 s plus the request's must
 *    fit `limitPerMinute`;
 * 2. the exchange's own count (`usedWeight` of the last answer), which includes every other client
 *    on the same IP: Binance counts per calendar minute, so a count that leaves no room holds
 *    requests until that minute ends;
 * 3. a `Retry-After` (429/418) blocks every request until it has passed.
 */
export class RestWeightBudget {
  private readonly sent: { at: number; weight: number }[] = []
  private windowWeight = 0
  private serverUsed: number | null = null
  private serverMinute = -1
  private blockedUntil = 0

  constructor(
    readonly limitPerMinute: number,
    private readonly clock: Pick<FeedClock, 'now'>,
  ) {}

  /** Weight this feed sent in the last minute. */
  usedWeight(): number {
    this.prune(this.clock.now())
    return this.windowWeight
  }

  /** How long a request of `weight` must wait before it may be sent (0: now). */
  waitMs(weight: number): number {
    const now = this.clock.now()
    this.prune(now)
    let wait = Math.max(0, this.blockedUntil - now)
    let excess = this.windowWeight + weight - this.limitPerMinute
    // A request heavier than the whole budget goes alone in an empty window rather than never.
    if (excess > 0 && weight > this.limitPerMinute) excess = this.windowWeight
    for (let i = 0; excess > 0 && i < this.sent.length; i++) {
      const entry = this.sent[i] as { at: number; weight: number }
      excess -= entry.weight
      if (excess <= 0) wait = Math.max(wait, entry.at + MINUTE_MS - now + 1)
    }
    if (
      this.serverUsed !== null &&
      Math.floor(now / MINUTE_MS) === this.serverMinute &&
      this.serverUsed + weight > this.limitPerMinute
    ) {
      wait = Math.max(wait, (this.serverMinute + 1) * MINUTE_MS - now)
    }
    return wait
  }

  /** Records a request of `weight` sent now. */
  record(weight: number): void {
    const now = this.clock.now()
    this.sent.push({ at: now, weight })
    this.windowWeight += weight
  }

  /** Takes in what an answer's headers said; a `retryAfterMs` blocks every request that long. */
  observe(info: RateLimitInfo): void {
    const now = this.clock.now()
    if (info.usedWeight !== null) {
      this.serverUsed = info.usedWeight
      this.serverMinute = Math.floor(now / MINUTE_MS)
    }
    if (info.retryAfterMs !== null) this.block(info.retryAfterMs)
  }

  /** Blocks every request for `ms` from now (a 429 or 418 without usable `Retry-After` too). */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms)
  }

  /** Ms until the current calendar minute ends (Binance's weight window). */
  msToNextMinute(): number {
    const now = this.clock.now()
    return (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS - now
  }

  private prune(now: number): void {
    let drop = 0
    while (drop < this.sent.length && (this.sent[drop] as { at: number }).at + MINUTE_MS <= now) {
      this.windowWeight -= (this.sent[drop] as { weight: number }).weight
      drop += 1
    }
    if (drop > 0) this.sent.splice(0, drop)
  }
}
