import { describe, expect, it } from 'vitest'

import { CoreError, K2Error } from '../errors/index.js'
import {
  RETRY_DEFAULTS,
  createRetryPolicy,
  validateRetryOptions,
  type RetryOptions,
} from './retry-policy.js'

/** Small delays so the tests stay fast; no assertion depends on timing. */
const FAST = { initialDelayMs: 1, maxDelayMs: 5 } as const

const transient = (n: number) =>
  new K2Error('TEST_TRANSIENT', `transient ${n}`, { retriable: true })
const permanent = (n: number) => new K2Error('TEST_PERMANENT', `permanent ${n}`)

type RetryEvent = Parameters<NonNullable<RetryOptions['onRetry']>>[0]

describe('createRetryPolicy: execute', () => {
  it('returns at once when the first attempt succeeds', async () => {
    const attempts: number[] = []
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 3 })
    await expect(
      policy.execute((attempt) => {
        attempts.push(attempt)
        return 'ok'
      }),
    ).resolves.toBe('ok')
    expect(attempts).toEqual([0])
  })

  it.each([
    [1, 2],
    [2, 3],
    [4, 5],
  ])(
    'retries a retriable error until success (%s failures, %s attempts)',
    async (failures, total) => {
      const attempts: number[] = []
      const events: RetryEvent[] = []
      const policy = createRetryPolicy({
        ...FAST,
        maxAttempts: 5,
        onRetry: (event) => events.push(event),
      })
      const result = await policy.execute(async (attempt) => {
        attempts.push(attempt)
        if (attempt < failures) throw transient(attempt)
        return attempt
      })
      expect(result).toBe(failures)
      expect(attempts).toEqual([...Array(total).keys()])
      expect(events.map((e) => e.attempt)).toEqual([...Array(failures).keys()].map((i) => i + 1))
      events.forEach((e, i) => {
        expect((e.error as K2Error).message).toBe(`transient ${i}`)
        expect(e.delayMs).toBeGreaterThanOrEqual(0)
        expect(e.delayMs).toBeLessThanOrEqual(FAST.maxDelayMs)
      })
    },
  )

  it('stops at once on a non-retriable error and rethrows it unchanged', async () => {
    const err = permanent(0)
    let calls = 0
    const events: RetryEvent[] = []
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 5, onRetry: (e) => events.push(e) })
    const failure = policy.execute(() => {
      calls++
      throw err
    })
    await expect(failure).rejects.toBe(err)
    expect(calls).toBe(1)
    expect(events).toEqual([])
  })

  it('stops when a retriable error is followed by a non-retriable one', async () => {
    const attempts: number[] = []
    const last = permanent(1)
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 5 })
    await expect(
      policy.execute((attempt) => {
        attempts.push(attempt)
        throw attempt === 0 ? transient(0) : last
      }),
    ).rejects.toBe(last)
    expect(attempts).toEqual([0, 1])
  })

  it.each([1, 2, 3, 5])(
    'gives up after maxAttempts=%s attempts in total and rethrows the last error',
    async (maxAttempts) => {
      const thrown: K2Error[] = []
      const events: RetryEvent[] = []
      const policy = createRetryPolicy({ ...FAST, maxAttempts, onRetry: (e) => events.push(e) })
      let caught: unknown
      try {
        await policy.execute((attempt) => {
          const err = transient(attempt)
          thrown.push(err)
          throw err
        })
      } catch (err) {
        caught = err
      }
      expect(thrown).toHaveLength(maxAttempts)
      expect(caught).toBe(thrown.at(-1)) // the same instance: code and context reach the caller
      expect((caught as K2Error).code).toBe('TEST_TRANSIENT')
      expect(events.map((e) => e.attempt)).toEqual(
        [...Array(maxAttempts - 1).keys()].map((i) => i + 1),
      )
    },
  )

  it('does not retry foreign errors by default (they do not say they are retriable)', async () => {
    let calls = 0
    const err = new Error('ECONNRESET')
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 3 })
    await expect(
      policy.execute(() => {
        calls++
        throw err
      }),
    ).rejects.toBe(err)
    expect(calls).toBe(1)
  })

  it('retries serialized errors that say they are retriable', async () => {
    let calls = 0
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 3 })
    const result = await policy.execute(() => {
      calls++
      if (calls < 3) throw { code: 'X', message: 'x', retriable: true, context: {} }
      return 'done'
    })
    expect(result).toBe('done')
    expect(calls).toBe(3)
  })

  it('lets shouldRetry override the retriable flag', async () => {
    let calls = 0
    const policy = createRetryPolicy({
      ...FAST,
      maxAttempts: 4,
      shouldRetry: (err) => err instanceof Error && err.message === 'flaky',
    })
    await expect(
      policy.execute(() => {
        calls++
        if (calls < 3) throw new Error('flaky')
        return calls
      }),
    ).resolves.toBe(3)

    calls = 0
    const notRetried = transient(0)
    await expect(
      policy.execute(() => {
        calls++
        throw notRetried
      }),
    ).rejects.toBe(notRetried)
    expect(calls).toBe(1)
  })

  it('stops retrying once the caller aborts', async () => {
    const controller = new AbortController()
    let calls = 0
    const err = transient(0)
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 5 })
    await expect(
      policy.execute(() => {
        calls++
        controller.abort()
        throw err
      }, controller.signal),
    ).rejects.toBe(err)
    expect(calls).toBe(1)
  })

  it('passes a signal to the operation', async () => {
    const policy = createRetryPolicy({ ...FAST, maxAttempts: 1 })
    await policy.execute((_attempt, signal) => {
      expect(signal).toBeInstanceOf(AbortSignal)
      expect(signal.aborted).toBe(false)
    })
  })

  it('works with zero delays', async () => {
    let calls = 0
    const policy = createRetryPolicy({ maxAttempts: 3, initialDelayMs: 0, maxDelayMs: 0 })
    await expect(
      policy.execute(() => {
        calls++
        if (calls < 3) throw transient(calls)
        return 'ok'
      }),
    ).resolves.toBe('ok')
    expect(calls).toBe(3)
  })
})

describe('validateRetryOptions', () => {
  it('accepts the defaults and returns the options', () => {
    expect(validateRetryOptions(RETRY_DEFAULTS)).toBe(RETRY_DEFAULTS)
    expect(RETRY_DEFAULTS).toMatchObject({ maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5000 })
  })

  it.each([
    ['maxAttempts', { maxAttempts: 0 }, 'integer >= 1'],
    ['maxAttempts', { maxAttempts: -1 }, 'integer >= 1'],
    ['maxAttempts', { maxAttempts: 1.5 }, 'integer >= 1'],
    ['maxAttempts', { maxAttempts: Number.NaN }, 'integer >= 1'],
    ['maxAttempts', { maxAttempts: Infinity }, 'integer >= 1'],
    ['maxAttempts', { maxAttempts: '3' as never }, 'integer >= 1'],
    ['initialDelayMs', { initialDelayMs: -1 }, 'integer >= 0'],
    ['initialDelayMs', { initialDelayMs: 0.5 }, 'integer >= 0'],
    ['maxDelayMs', { maxDelayMs: -5 }, 'integer >= 0'],
    ['maxDelayMs', { initialDelayMs: 100, maxDelayMs: 10 }, '>= retry.initialDelayMs'],
  ] as const)('names %s when it is bad (%o)', (name, patch, limitText) => {
    const options: RetryOptions = { ...RETRY_DEFAULTS, ...patch }
    let caught: unknown
    try {
      validateRetryOptions(options)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(CoreError)
    const err = caught as CoreError
    expect(err.code).toBe('CORE_INVALID_FIELD')
    expect(err.retriable).toBe(false)
    expect(err.message).toContain(`retry.${name}`)
    expect(err.message).toContain(limitText)
    expect(err.context).toEqual({ field: `retry.${name}` })
    // createRetryPolicy validates eagerly, before anything runs.
    expect(() => createRetryPolicy(patch)).toThrow(`retry.${name}`)
  })
})
