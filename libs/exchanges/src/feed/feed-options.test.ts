import { describe, expect, it } from 'vitest'

import { BINANCE_LIMITS } from '../binance/connection-rules.js'
import { FEED_DEFAULTS, defaultRotationAgeMs, resolveFeedOptions } from './feed-options.js'

describe('feed options', () => {
  it('defaults follow D9 and the exchange limits', () => {
    const o = resolveFeedOptions({}, BINANCE_LIMITS, 'BINANCE')
    expect(o).toMatchObject({
      reconnectBaseDelayMs: 5000,
      reconnectMaxDelayMs: 60_000,
      breakerFailureThreshold: 3,
      breakerHalfOpenAfterMs: 30_000,
      breakerSuccessThreshold: 2,
      breakerName: 'binance_websocket',
      restWeightPerMinute: 6000,
      backfillLimit: 1000,
      maxConnectionAgeMs: 23 * 3_600_000, // 24 h less 1 h
    })
    expect(o).toMatchObject(FEED_DEFAULTS)
  })

  it('rotates 10 % early, at most 1 h early', () => {
    expect(defaultRotationAgeMs(24 * 3_600_000)).toBe(23 * 3_600_000)
    expect(defaultRotationAgeMs(600_000)).toBe(540_000)
  })

  it('takes overrides and ignores undefined ones', () => {
    const o = resolveFeedOptions(
      { reconnectBaseDelayMs: 10, maxConnectionAgeMs: undefined },
      BINANCE_LIMITS,
      'BINANCE',
    )
    expect(o.reconnectBaseDelayMs).toBe(10)
    expect(o.maxConnectionAgeMs).toBe(23 * 3_600_000)
  })

  it.each([
    [{ maxReconnectAttempts: 0 }, 'maxReconnectAttempts'],
    [{ reconnectBaseDelayMs: -1 }, 'reconnectBaseDelayMs'],
    [{ silenceTimeoutMs: 1.5 }, 'silenceTimeoutMs'],
    [{ reconnectBaseDelayMs: 100, reconnectMaxDelayMs: 50 }, 'reconnectMaxDelayMs'],
    [{ silenceTimeoutMs: 100, silenceMaxTimeoutMs: 50 }, 'silenceMaxTimeoutMs'],
    [{ backfillLimit: 1001 }, 'backfillLimit'],
    [{ silenceActivityFactor: 0 }, 'silenceActivityFactor'],
    [{ breakerName: ' ' }, 'breakerName'],
    [{ restWeightPerMinute: Number.NaN }, 'restWeightPerMinute'],
  ])('refuses %o naming %s', (options, name) => {
    expect(() => resolveFeedOptions(options, BINANCE_LIMITS, 'BINANCE')).toThrow(
      expect.objectContaining({
        code: 'FEED_INVALID_OPTIONS',
        context: expect.objectContaining({ option: name }),
      }),
    )
  })
})
