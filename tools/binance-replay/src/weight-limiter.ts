/** The outcome of {@link WeightLimiter.take}. */
export type WeightDecision =
  | { readonly allowed: true; readonly used: number }
  | { readonly allowed: false; readonly used: number; readonly retryAfterSeconds: number }

/**
 * Binance's REQUEST_WEIGHT limit over one calendar minute: each request adds its weight to the
 * current minute's total (reported in `X-MBX-USED-WEIGHT-1M`), a request that would take the total
 * over the budget is refused (429 with `Retry-After`: seconds to the next minute) and uses nothing.
 * One budget for the whole exchange (Binance counts per IP; the clients of a test share one).
 */
export class WeightLimiter {
  private minute = -1
  private used = 0

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Weight used in the current minute. */
  usedWeight(): number {
    this.roll()
    return this.used
  }

  /** Takes `weight` from the current minute's budget if it fits. */
  take(weight: number): WeightDecision {
    const now = this.roll()
    if (this.used + weight > this.perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((this.minute + 1) * 60_000 - now) / 1000))
      return { allowed: false, used: this.used, retryAfterSeconds }
    }
    this.used += weight
    return { allowed: true, used: this.used }
  }

  private roll(): number {
    const now = this.now()
    const minute = Math.floor(now / 60_000)
    if (minute !== this.minute) {
      this.minute = minute
      this.used = 0
    }
    return now
  }
}
