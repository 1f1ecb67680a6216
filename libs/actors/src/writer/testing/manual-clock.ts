import type { WriterClock } from '../writer-clock.js'

/** A {@link WriterClock} whose time only moves when a test calls `advance`. */
export interface ManualClock extends WriterClock {
  /** Moves time on by `ms`, running the timers that fall due (in due order). */
  advance(ms: number): void
  /** Timers set and not yet run or cleared. */
  pendingTimers(): number
}

/** A manual clock starting at `startMs`. */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs
  let nextId = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++nextId
      timers.set(id, { at: now + ms, fn })
      return id
    },
    clearTimer(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)
        const first = due[0]
        if (first === undefined) break
        timers.delete(first[0])
        now = Math.max(now, first[1].at)
        first[1].fn()
      }
      now = until
    },
    pendingTimers: () => timers.size,
  }
}
