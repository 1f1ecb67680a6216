import { describe, expect, it } from 'vitest'

import { NOOP_FEED_OBSERVER, completeObserver, gapSeverity } from './feed-observer.js'

describe('feed observer', () => {
  it('completes a partial observer with no-ops and binds class methods', () => {
    class Counter {
      reconnects = 0
      reconnect(): void {
        this.reconnects += 1
      }
    }
    const counter = new Counter()
    const observer = completeObserver(counter)
    observer.reconnect('closed')
    observer.gapDetected('BTCUSDT', 3, 'minor')
    expect(counter.reconnects).toBe(1)
    expect(Object.keys(observer).sort()).toEqual(Object.keys(NOOP_FEED_OBSERVER).sort())
  })

  it.each([
    [1, 'minor'],
    [10, 'minor'],
    [11, 'major'],
    [1000, 'major'],
    [1001, 'critical'],
  ] as const)('a gap of %i is %s', (size, severity) => {
    expect(gapSeverity(size)).toBe(severity)
  })
})
