import type { FeedClock, FeedTimer } from '../feed-clock.js'

/** A clock for unit tests: time moves only with {@link ManualClock.advance}, timers fire then. */
export class ManualClock implements FeedClock {
  private timers: { at: number; fn: () => void; id: number }[] = []
  private nextId = 1

  constructor(private nowMs = 1_700_000_000_000) {}

  now(): number {
    return this.nowMs
  }

  micros(): number {
    return this.nowMs * 1000
  }

  setTimeout(fn: () => void, ms: number): FeedTimer {
    const id = this.nextId++
    this.timers.push({ at: this.nowMs + Math.max(0, ms), fn, id })
    return id
  }

  clearTimeout(timer: FeedTimer): void {
    this.timers = this.timers.filter((t) => t.id !== timer)
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.length
  }

  /** Moves time on by `ms`, firing due timers in order (and awaiting what they start). */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id)
      const next = this.timers[0]
      if (next === undefined || next.at > end) break
      this.timers.shift()
      this.nowMs = next.at
      next.fn()
      await flush()
    }
    this.nowMs = end
    await flush()
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
