/** How restarts are paced and bounded (D5: one-for-one, exponential backoff, budget per window). */
export interface RestartOptions {
  /** Delay before the first restart in a window, in ms. */
  readonly initialDelayMs: number
  /** Cap of the delay, in ms. */
  readonly maxDelayMs: number
  /** At most `maxRestarts` restarts of one actor within any `windowMs`; one more -> failed. */
  readonly budget: { readonly maxRestarts: number; readonly windowMs: number }
}

/** The verdict on one death of an actor. */
export type RestartDecision =
  | { readonly restart: true; readonly attempt: number; readonly delayMs: number }
  | { readonly restart: false; readonly restartsInWindow: number }

/** The restart bookkeeping of one actor. */
export interface RestartBudget {
  /** Records a death at `nowMs` and says whether and when to restart. */
  onDeath(nowMs: number): RestartDecision
}

/**
 * Sliding-window budget with exponential backoff. The attempt number is the count of restarts in
 * the window including this one, so the delay is `initialDelayMs * 2^(attempt-1)` capped at
 * `maxDelayMs`, and falls back to `initialDelayMs` once an actor has stayed up for a whole window.
 * No jitter: restarts are one actor at a time (one-for-one), not a crowd hitting one server.
 */
export function createRestartBudget(options: RestartOptions): RestartBudget {
  const restarts: number[] = []
  return {
    onDeath(nowMs) {
      while (restarts.length > 0 && restarts[0]! <= nowMs - options.budget.windowMs)
        restarts.shift()
      if (restarts.length >= options.budget.maxRestarts) {
        return { restart: false, restartsInWindow: restarts.length }
      }
      restarts.push(nowMs)
      const attempt = restarts.length
      const delayMs = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1))
      return { restart: true, attempt, delayMs }
    },
  }
}
