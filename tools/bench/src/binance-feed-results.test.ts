import { describe, expect, it } from 'vitest'

import {
  summarizeFeedRuns,
  toFeedRun,
  verifyFeedRun,
  type FeedRun,
} from './binance-feed-results.js'
import type { ConsumerResult, FeedMode } from './binance-feed.protocol.js'

function result(mode: FeedMode, threadCpuSeconds: number, over: Partial<ConsumerResult> = {}) {
  return {
    type: 'result',
    mode,
    frames: 1000,
    wallSeconds: 0.01,
    threadCpuSeconds,
    threadCpuSource: 'schedstat',
    processCpuSeconds: threadCpuSeconds * 1.2,
    trades: mode === 'validate' || mode === 'full' ? 1000 : 0,
    invalid: 0,
    sequenceBreaks: 0,
    peakRssBytes: 1,
    ...over,
  } as ConsumerResult
}

describe('toFeedRun', () => {
  it('derives per-core and wall rates and µs per frame', () => {
    const run = toFeedRun(result('full', 0.004), 2)
    expect(run).toMatchObject({ run: 2, mode: 'full', framesPerWallSecond: 100_000 })
    expect(run.framesPerCpuSecond).toBeCloseTo(250_000)
    expect(run.microsPerFrame).toBeCloseTo(4)
    expect(run).not.toHaveProperty('type')
  })
})

describe('verifyFeedRun', () => {
  it('accepts a clean run', () => {
    expect(() => verifyFeedRun(toFeedRun(result('full', 0.004), 1))).not.toThrow()
    expect(() => verifyFeedRun(toFeedRun(result('json', 0.002), 1))).not.toThrow()
  })

  it.each([
    ['invalid frames', { invalid: 3 }, '3 frames were not valid trades'],
    ['missing trades', { trades: 999 }, '999 trades in 1000 timed frames'],
    ['broken sequences', { sequenceBreaks: 2 }, '2 trade ids out of sequence'],
    ['no CPU time', { threadCpuSeconds: 0 }, 'thread CPU time 0 s'],
  ])('refuses a run with %s', (_case, over, message) => {
    const run = toFeedRun(result('full', 0.004, over), 1)
    expect(() => verifyFeedRun(run)).toThrow(message)
  })
})

describe('summarizeFeedRuns', () => {
  it('gives medians per mode and the cost each step adds', () => {
    const runs: FeedRun[] = [
      toFeedRun(result('receive', 0.0005), 1),
      toFeedRun(result('json', 0.0015), 1),
      toFeedRun(result('validate', 0.0017), 1),
      toFeedRun(result('full', 0.0035), 1),
      toFeedRun(result('full', 0.0031), 2),
      toFeedRun(result('full', 0.004), 3),
    ]
    const { summary, stepMicros } = summarizeFeedRuns(runs)
    expect(summary.full?.microsPerFrame).toEqual({ median: 3.5, min: 3.1, max: 4 })
    expect(summary.full?.framesPerCpuSecond.median).toBeCloseTo(1000 / 0.0035)
    expect(stepMicros.parse).toBeCloseTo(1)
    expect(stepMicros.validate).toBeCloseTo(0.2)
    expect(stepMicros.convert).toBeCloseTo(1.8)
  })

  it('leaves out the steps whose modes did not run', () => {
    const { summary, stepMicros } = summarizeFeedRuns([toFeedRun(result('full', 0.003), 1)])
    expect(Object.keys(summary)).toEqual(['full'])
    expect(stepMicros).toEqual({})
  })
})
