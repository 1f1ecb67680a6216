import { FeedError } from './errors.js'

/**
 * Round-robin over a feed's stream URLs (primary first, then failovers, D9): every reconnect
 * calls {@link UrlRotation.next} and gets the following URL, wrapping around. Duplicates are
 * dropped so a URL listed twice does not get twice the attempts.
 */
export class UrlRotation {
  readonly urls: readonly string[]
  private index = 0

  constructor(urls: readonly string[]) {
    const unique = [...new Set(urls)]
    if (unique.length === 0) {
      throw new FeedError('FEED_INVALID_OPTIONS', 'at least one stream URL is required', {
        context: { option: 'urls' },
      })
    }
    this.urls = Object.freeze(unique)
  }

  /** The URL to use now. */
  get current(): string {
    return this.urls[this.index] as string
  }

  /** Moves to the next URL (wrapping to the first after the last) and returns it. */
  next(): string {
    this.index = (this.index + 1) % this.urls.length
    return this.current
  }

  /** Goes back to the primary URL, e.g. after a connection has been healthy for a while. */
  reset(): string {
    this.index = 0
    return this.current
  }
}
