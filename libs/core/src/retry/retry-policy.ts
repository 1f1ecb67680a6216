import { ExponentialBackoff, handleWhen, retry, type IRetryContext } from 'cockatiel'

import { CoreError, isRetriable } from '../errors/index.js'

/** Options of K2's one retry policy (STYLE.md habit 6). */
export interface RetryOptions {
  /** Total attempts including the first; at least 1. */
  readonly maxAttempts: number
  /** First backoff delay in ms; later delays grow exponentially with decorrelated jitter. */
  readonly initialDelayMs: number
  /** Cap of a single backoff delay in ms. */
  readonly maxDelayMs: number
  /** Decides whether an error is worth another attempt; defaults to the error's `retriable` flag. */
  readonly shouldRetry?: (err: unknown) => boolean
  /** Called before each backoff (for logs and metrics). */
  readonly onRetry?: (event: {
    readonly attempt: number
    readonly delayMs: number
    readonly error: unknown
  }) => void
}

/** Defaults: 5 attempts, 100 ms doubling to at most 5 s. */
export const RETRY_DEFAULTS: RetryOptions = {
  maxAttempts: 5,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
}

/** A configured retry policy: runs an operation until it succeeds, fails non-retriably or gives up. */
export interface RetryPolicy {
  /** Runs `fn` (attempt numbers start at 0), retrying retriable failures with backoff. */
  execute<T>(
    fn: (attempt: number, signal: AbortSignal) => Promise<T> | T,
    signal?: AbortSignal,
  ): Promise<T>
}

/** Throws `CORE_INVALID_FIELD` naming the first bad option. */
export function validateRetryOptions(options: RetryOptions): RetryOptions {
  const positiveInt = (name: keyof RetryOptions, min: number) => {
    const v = options[name]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new CoreError(
        'CORE_INVALID_FIELD',
        `retry.${name}: ${String(v)} must be an integer >= ${min}`,
        {
          context: { field: `retry.${name}` },
        },
      )
    }
  }
  positiveInt('maxAttempts', 1)
  positiveInt('initialDelayMs', 0)
  positiveInt('maxDelayMs', 0)
  if (options.maxDelayMs < options.initialDelayMs) {
    throw new CoreError('CORE_INVALID_FIELD', 'retry.maxDelayMs must be >= retry.initialDelayMs', {
      context: { field: 'retry.maxDelayMs' },
    })
  }
  return options
}

/**
 * Creates the retry policy every K2 component uses: exponential backoff with decorrelated jitter
 * (cockatiel), retrying only errors that say they are retriable; a non-retriable error stops at once.
 * When attempts run out the last error is rethrown unchanged, so its code reaches the caller.
 */
export function createRetryPolicy(options: Partial<RetryOptions> = {}): RetryPolicy {
  const opts = validateRetryOptions({ ...RETRY_DEFAULTS, ...options })
  const shouldRetry = opts.shouldRetry ?? isRetriable
  const policy = retry(
    handleWhen((err) => shouldRetry(err)),
    {
      maxAttempts: opts.maxAttempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: opts.initialDelayMs,
        maxDelay: opts.maxDelayMs,
      }),
    },
  )
  if (opts.onRetry) {
    const onRetry = opts.onRetry
    policy.onRetry((event) => {
      onRetry({
        attempt: event.attempt,
        delayMs: event.delay,
        error: 'error' in event ? event.error : undefined,
      })
    })
  }
  return {
    execute: (fn, signal) =>
      policy.execute((ctx: IRetryContext) => fn(ctx.attempt, ctx.signal), signal),
  }
}
