import { describe, expect, it } from 'vitest'

import { mainThreadCpu, parseSchedstat, parseStatCpu } from './thread-cpu.js'

describe('parseSchedstat', () => {
  it('reads the nanoseconds on a CPU', () => {
    expect(parseSchedstat('144233868 60750796 531\n')).toBeCloseTo(0.144233868, 9)
  })

  it('rejects other text', () => {
    expect(() => parseSchedstat('n/a')).toThrow(RangeError)
  })
})

describe('parseStatCpu', () => {
  it('adds utime and stime (fields 14 and 15), even with spaces in the command name', () => {
    const line =
      '4002 (node main (x)) S 4001 4002 4002 0 -1 4194560 20827 2670251 0 69 250 30 6316 898 20 0 1 0 1003248'
    expect(parseStatCpu(line)).toBeCloseTo(2.8, 9)
  })

  it('rejects a truncated line', () => {
    expect(() => parseStatCpu('4002 (node) S 1 2')).toThrow(RangeError)
  })
})

describe('mainThreadCpu', () => {
  it('grows with work done on the main thread and never exceeds the wall time', () => {
    const before = mainThreadCpu()
    const started = performance.now()
    let x = 0
    while (performance.now() - started < 50) x += Math.sqrt(x + 1)
    const after = mainThreadCpu()
    const wall = (performance.now() - started) / 1000
    expect(x).toBeGreaterThan(0)
    expect(after.source).toBe(before.source)
    expect(after.seconds).toBeGreaterThan(before.seconds)
    expect(after.seconds - before.seconds).toBeLessThanOrEqual(wall + 0.02)
  })
})
