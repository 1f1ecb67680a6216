import { describe, expect, it } from 'vitest'

import { DEFAULTS, resolveOptions } from './options.js'

describe('resolveOptions', () => {
  it('applies Binance-like defaults', () => {
    expect(resolveOptions()).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'],
      tradesPerSymbol: undefined,
      pingIntervalMs: 20_000,
      pongTimeoutMs: 60_000,
      maxConnectionAgeMs: 86_400_000,
      restWeightPerMinute: 6000,
      maxIncomingMessagesPerSecond: 5,
      retainTradesPerSymbol: 1_000_000,
      startOnListen: false,
      speed: 1,
      rate: DEFAULTS.rate,
    })
  })

  it.each([
    [{ port: 70000 }, /^port must be an integer from 0 to 65535/],
    [{ symbols: [] }, /^symbols must name at least one symbol/],
    [{ symbols: ['btcusdt'] }, /^symbols "btcusdt" is not like BTCUSDT/],
    [{ symbols: ['BTCUSDT', 'BTCUSDT'] }, /^symbols must not repeat/],
    [{ rate: -1 }, /^rate must be a number >= 0/],
    [{ tradesPerSymbol: 1.5 }, /^tradesPerSymbol must be an integer/],
    [{ pingIntervalMs: 0 }, /^pingIntervalMs must be an integer >= 1/],
    [{ host: ' ' }, /^host must not be empty/],
    [{ play: 'x.jsonl', seed: 3 }, /^seed does not apply when playing/],
    [{ speed: Number.NaN }, /^speed must be a number/],
  ])('%j is refused', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(message)
    expect(() => resolveOptions(options)).toThrow(
      expect.objectContaining({ code: 'REPLAY_INVALID_OPTIONS' }),
    )
  })
})
