import { describe, expect, it } from 'vitest'

import { SilenceWatchdog, silenceTimeoutMs } from './silence-watchdog.js'

const POLICY = { floorMs: 10_000, activityFactor: 50, maxMs: 120_000 }

describe('silence timeout', () => {
  it.each([
    [null, 10_000], // nothing measured yet: the floor
    [10, 10_000], // BTCUSDT-like (a trade every 10 ms): 500 ms, raised to the floor
    [1000, 50_000], // a trade a second: 50 s
    [10_000, 120_000], // a trade every 10 s: capped
  ])('mean inter-arrival %s ms -> %i ms', (mean, expected) => {
    expect(silenceTimeoutMs(POLICY, mean)).toBe(expected)
  })
})

describe('SilenceWatchdog', () => {
  it('learns the mean inter-arrival time from periodic checks and fires after the timeout', () => {
    const w = new SilenceWatchdog({ floorMs: 100, activityFactor: 10, maxMs: 10_000 })
    const ms = 1000 // µs per ms
    let now = 0
    let messages = 0
    expect(w.check(now, messages, now)).toBe(false)
    // 1 message every 50 ms for 2 s, checked every 25 ms.
    for (let i = 0; i < 80; i++) {
      now += 25 * ms
      if (i % 2 === 1) messages += 1
      expect(w.check(now, messages, now)).toBe(false)
    }
    expect(w.meanInterArrivalMs).toBeCloseTo(50, 0)
    expect(w.timeoutMs()).toBeCloseTo(500, -1)
    const last = now
    now += 400 * ms
    expect(w.check(now, messages, last)).toBe(false)
    now += 200 * ms
    expect(w.check(now, messages, last)).toBe(true)
  })

  it('rebase after a pause: the time nothing was read does not stretch the mean', () => {
    const w = new SilenceWatchdog({ floorMs: 100, activityFactor: 10, maxMs: 10_000 })
    const ms = 1000
    w.check(0, 0, 0)
    w.check(100 * ms, 10, 100 * ms) // a message every 10 ms
    expect(w.meanInterArrivalMs).toBe(10)
    // Paused for 60 s (no checks), then resumed: the next sample starts at the resume.
    w.rebase(60_100 * ms, 10)
    w.check(60_200 * ms, 20, 60_200 * ms)
    expect(w.meanInterArrivalMs).toBe(10)
  })

  it('checks at a quarter of the floor, between 5 ms and 1 s', () => {
    expect(new SilenceWatchdog({ ...POLICY, floorMs: 10_000 }).checkIntervalMs()).toBe(1000)
    expect(new SilenceWatchdog({ ...POLICY, floorMs: 200 }).checkIntervalMs()).toBe(50)
    expect(new SilenceWatchdog({ ...POLICY, floorMs: 4 }).checkIntervalMs()).toBe(5)
  })
})
