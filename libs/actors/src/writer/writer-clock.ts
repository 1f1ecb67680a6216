/**
 * Time as the writer sees it: wall-clock ms for ages and freshness, and one-shot timers for the
 * age trigger. Injected so that tests can drive the age trigger without waiting.
 */
export interface WriterClock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `fn` once after `ms`; returns a handle for {@link WriterClock.clearTimer}. */
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

/**
 * The real clock. Timers are unref'd: a pending age commit must not keep a process alive on its
 * own; whoever owns the writer calls `close()` to commit what is buffered before exiting.
 */
export const SYSTEM_CLOCK: WriterClock = Object.freeze({
  now: () => Date.now(),
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
  clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
})
