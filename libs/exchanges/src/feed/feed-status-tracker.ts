import type { Logger } from '@k2/core'

import type { FeedEvents } from './feed-events.js'
import type { FeedObserver } from './feed-observer.js'
import { checkFeedTransition, type FeedStatus } from './feed-status.js'

/**
 * A feed's status and its one place of change (STYLE.md habit 10): each change is checked against
 * `FEED_STATUS_TRANSITIONS` (a bad one throws `FEED_ILLEGAL_TRANSITION`: a bug), then reported to
 * `onStatus`, the observer (`k2_binance_connection_status`) and the log. The same status twice
 * is no change. `settled()` resolves at the first status that is neither `connecting` nor
 * `reconnecting`.
 */
export class FeedStatusTracker {
  private status: FeedStatus = 'connecting'
  private announced = false
  private readonly waiters: ((status: FeedStatus) => void)[] = []

  constructor(
    private readonly events: Pick<FeedEvents, 'onStatus'>,
    private readonly observer: FeedObserver,
    private readonly logger: Logger,
  ) {}

  /** The status now (`connecting` until the first change). */
  get current(): FeedStatus {
    return this.status
  }

  /** Resolves with the first status that is neither `connecting` nor `reconnecting`. */
  settled(): Promise<FeedStatus> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Moves to `next` (the first call has no previous status). */
  set(next: FeedStatus, reason?: string, url?: string): void {
    if (this.announced && next === this.status) return
    const previous = this.announced ? this.status : null
    if (previous !== null) checkFeedTransition(previous, next)
    this.status = next
    this.announced = true
    this.observer.connectionStatus(next)
    this.logger.info({ event: 'status', status: next, previous, reason, url }, `feed ${next}`)
    this.events.onStatus({
      status: next,
      previous,
      ...(reason === undefined ? {} : { reason }),
      ...(url === undefined ? {} : { url }),
    })
    if (next !== 'connecting' && next !== 'reconnecting') {
      for (const resolve of this.waiters.splice(0)) resolve(next)
    }
  }
}
