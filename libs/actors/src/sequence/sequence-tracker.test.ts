import type { Logger } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { ActorsError } from '../errors.js'
import { sequenceLogObserver, type SequenceEvent } from './sequence-observer.js'
import { createSequenceTracker, type SequencedTrade } from './sequence-tracker.js'

const HOUR_US = 3_600_000_000
/** 2025-11-24T00:00:00Z in µs. */
const T0 = Date.UTC(2025, 10, 24) * 1000

/** A trade of `symbol` on `exchange` with `source_sequence` = `seq` at exchange time `ts` (µs). */
function t(
  seq: number | null,
  ts: number = T0,
  symbol = 'BTCUSDT',
  exchange = 'BINANCE',
): SequencedTrade {
  return { exchange, symbol, source_sequence: seq, timestamp: ts }
}

/** A tracker that has seen `seq` (and nothing else) for BINANCE:BTCUSDT at T0, with its events. */
function trackerAt(seq: number, options: Parameters<typeof createSequenceTracker>[0] = {}) {
  const events: SequenceEvent[] = []
  const tracker = createSequenceTracker({
    ...options,
    observer: { sequenceEvent: (e) => events.push(e) },
  })
  tracker.check(t(seq))
  return { tracker, events }
}

describe('createSequenceTracker (D6)', () => {
  it('accepts the first trade of a stream as ok with nothing expected, then each next one', () => {
    const tracker = createSequenceTracker()
    expect(tracker.check(t(1000))).toEqual({ result: 'ok', expected: null, gap: 0 })
    expect(tracker.check(t(1001))).toEqual({ result: 'ok', expected: 1001, gap: 0 })
    expect(tracker.check(t(1002))).toEqual({ result: 'ok', expected: 1002, gap: 0 })
    expect(tracker.stream('BINANCE', 'BTCUSDT')).toMatchObject({
      lastSequence: 1002,
      counts: { ok: 3 },
    })
  })

  // The threshold counts missing sequences: 10 missing is small, 11 missing is large.
  it.each([
    [102, 'small_gap', 1],
    [110, 'small_gap', 9],
    [111, 'small_gap', 10],
    [112, 'large_gap', 11],
    [5_000, 'large_gap', 4_899],
  ] as const)('after 100, %i is a %s of %i missing', (seq, result, gap) => {
    const { tracker } = trackerAt(100)
    expect(tracker.check(t(seq))).toEqual({ result, expected: 101, gap })
  })

  it.each([
    [0, 103, 'large_gap'],
    [3, 105, 'small_gap'],
    [3, 106, 'large_gap'],
  ] as const)('with gapThreshold %i, 101 -> %i is a %s', (gapThreshold, seq, result) => {
    const { tracker } = trackerAt(101, { gapThreshold })
    expect(tracker.check(t(seq)).result).toBe(result)
    expect(tracker.thresholds.gapThreshold).toBe(gapThreshold)
  })

  it('moves the position over a gap: the trade after it is ok again', () => {
    const { tracker } = trackerAt(100)
    expect(tracker.check(t(120)).result).toBe('large_gap')
    expect(tracker.check(t(121))).toEqual({ result: 'ok', expected: 121, gap: 0 })
    expect(tracker.check(t(125)).result).toBe('small_gap')
    expect(tracker.stream('BINANCE', 'BTCUSDT')?.lastSequence).toBe(125)
  })

  it('treats an exact duplicate as out_of_order and keeps the position', () => {
    const { tracker } = trackerAt(100)
    expect(tracker.check(t(100))).toEqual({ result: 'out_of_order', expected: 101, gap: -1 })
    expect(tracker.check(t(101)).result).toBe('ok')
  })

  it('treats a late trade as out_of_order and never moves the position backwards', () => {
    const { tracker } = trackerAt(100)
    tracker.check(t(110)) // small gap: 101..109 missing
    expect(tracker.check(t(105))).toEqual({ result: 'out_of_order', expected: 111, gap: -6 })
    expect(tracker.check(t(111)).result).toBe('ok')
    expect(tracker.stream('BINANCE', 'BTCUSDT')?.lastSequence).toBe(111)
  })

  describe('reset: below 50% of the last sequence AND more than an hour later', () => {
    it.each([
      ['both conditions', 499, T0 + HOUR_US + 1, 'reset'],
      ['far below, hours later', 1, T0 + 5 * HOUR_US, 'reset'],
      ['exactly 50% (not below)', 500, T0 + HOUR_US + 1, 'out_of_order'],
      ['exactly one hour (not more)', 499, T0 + HOUR_US, 'out_of_order'],
      ['below 50% but within the hour', 1, T0 + HOUR_US - 1, 'out_of_order'],
      ['below 50% but earlier in exchange time', 1, T0 - 2 * HOUR_US, 'out_of_order'],
      ['above 50% hours later', 900, T0 + 5 * HOUR_US, 'out_of_order'],
    ] as const)('%s: 1000 -> %i is %s', (_, seq, ts, result) => {
      const { tracker } = trackerAt(1000)
      expect(tracker.check(t(seq, ts))).toEqual({ result, expected: 1001, gap: seq - 1001 })
    })

    it('restarts the stream from the new sequence', () => {
      const { tracker } = trackerAt(1000)
      const later = T0 + 2 * HOUR_US
      expect(tracker.check(t(10, later)).result).toBe('reset')
      expect(tracker.stream('BINANCE', 'BTCUSDT')).toMatchObject({
        lastSequence: 10,
        lastTimestamp: later,
      })
      expect(tracker.check(t(11, later))).toEqual({ result: 'ok', expected: 11, gap: 0 })
      expect(tracker.check(t(13, later))).toEqual({ result: 'small_gap', expected: 12, gap: 1 })
      expect(tracker.check(t(5, later))).toEqual({ result: 'out_of_order', expected: 14, gap: -9 })
      // The old numbering is now "ahead": a straggler from before the reset is a gap, not a reset.
      expect(tracker.check(t(999, later)).result).toBe('large_gap')
    })

    it('measures the hour from the trade that set the position, not from rejected ones', () => {
      const { tracker } = trackerAt(1000)
      // Out-of-order trades do not move the position's timestamp.
      tracker.check(t(900, T0 + 30 * 60_000_000))
      expect(tracker.check(t(10, T0 + HOUR_US + 1)).result).toBe('reset')
    })

    it('uses configurable ratio and interval', () => {
      const { tracker } = trackerAt(1000, { resetRatio: 0.9, resetMinIntervalMicros: 1_000 })
      expect(tracker.check(t(899, T0 + 1_001)).result).toBe('reset')
    })
  })

  it('tracks each (exchange, symbol) independently', () => {
    const tracker = createSequenceTracker()
    const results = [
      t(1, T0, 'BTCUSDT'),
      t(500, T0, 'ETHUSDT'),
      t(2, T0, 'BTCUSDT'),
      t(501, T0, 'ETHUSDT'),
      t(7, T0, 'BTCUSDT', 'OTHER'), // same symbol, other exchange: its own first trade
      t(3, T0, 'BTCUSDT'),
      t(520, T0, 'ETHUSDT'),
      t(2, T0, 'BTCUSDT', 'OTHER'),
    ].map((trade) => tracker.check(trade).result)
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'large_gap', 'out_of_order'])
    expect(tracker.streams().map((s) => [s.exchange, s.symbol, s.lastSequence])).toEqual([
      ['BINANCE', 'BTCUSDT', 3],
      ['BINANCE', 'ETHUSDT', 520],
      ['OTHER', 'BTCUSDT', 7],
    ])
  })

  it('counts every result per stream and over all streams', () => {
    const tracker = createSequenceTracker()
    const hoursLater = T0 + 3 * HOUR_US
    for (const trade of [
      t(100),
      t(101),
      t(103), // small gap
      t(200), // large gap
      t(200), // duplicate
      t(10, hoursLater), // reset
      t(null), // unsequenced
      t(1, T0, 'ETHUSDT'),
      t(3, T0, 'ETHUSDT'), // small gap
    ]) {
      tracker.check(trade)
    }
    expect(tracker.stream('BINANCE', 'BTCUSDT')?.counts).toEqual({
      ok: 2,
      small_gap: 1,
      large_gap: 1,
      out_of_order: 1,
      reset: 1,
      unsequenced: 1,
    })
    expect(tracker.stream('BINANCE', 'ETHUSDT')?.counts).toEqual({
      ok: 1,
      small_gap: 1,
      large_gap: 0,
      out_of_order: 0,
      reset: 0,
      unsequenced: 0,
    })
    expect(tracker.counts()).toEqual({
      ok: 3,
      small_gap: 2,
      large_gap: 1,
      out_of_order: 1,
      reset: 1,
      unsequenced: 1,
    })
    expect(tracker.stream('BINANCE', 'XRPUSDT')).toBeUndefined()
  })

  it('counts a trade without source_sequence as unsequenced and keeps the position', () => {
    const { tracker, events } = trackerAt(100)
    expect(tracker.check(t(null))).toEqual({ result: 'unsequenced', expected: null, gap: 0 })
    expect(tracker.check(t(101)).result).toBe('ok')
    expect(events.map((e) => [e.result, e.sequence])).toEqual([['unsequenced', null]])
  })

  it('starts a stream whose first trades are unsequenced at its first sequence', () => {
    const tracker = createSequenceTracker()
    expect(tracker.check(t(null)).result).toBe('unsequenced')
    expect(tracker.check(t(40))).toEqual({ result: 'ok', expected: null, gap: 0 })
  })

  it('tells the observer every result but ok, with what it compared', () => {
    const { tracker, events } = trackerAt(100)
    tracker.check(t(101, T0 + 1))
    tracker.check(t(150, T0 + 2))
    tracker.check(t(150, T0 + 3))
    expect(events).toEqual([
      {
        result: 'large_gap',
        expected: 102,
        gap: 48,
        exchange: 'BINANCE',
        symbol: 'BTCUSDT',
        sequence: 150,
        previousSequence: 101,
        previousTimestamp: T0 + 1,
        timestamp: T0 + 2,
      },
      {
        result: 'out_of_order',
        expected: 151,
        gap: -1,
        exchange: 'BINANCE',
        symbol: 'BTCUSDT',
        sequence: 150,
        previousSequence: 150,
        previousTimestamp: T0 + 2,
        timestamp: T0 + 3,
      },
    ])
  })

  it('hands out copies of its state', () => {
    const { tracker } = trackerAt(100)
    const before = tracker.stream('BINANCE', 'BTCUSDT')
    const totals = tracker.counts()
    tracker.check(t(101))
    expect(before).toMatchObject({ lastSequence: 100, counts: { ok: 1 } })
    expect(totals.ok).toBe(1)
  })

  it.each([
    [{ gapThreshold: -1 }, 'gapThreshold'],
    [{ gapThreshold: 2.5 }, 'gapThreshold'],
    [{ resetRatio: 0 }, 'resetRatio'],
    [{ resetRatio: 1 }, 'resetRatio'],
    [{ resetRatio: Number.NaN }, 'resetRatio'],
    [{ resetMinIntervalMicros: -1 }, 'resetMinIntervalMicros'],
  ])('refuses %j naming the option', (options, option) => {
    let error: unknown
    try {
      createSequenceTracker(options)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActorsError)
    expect(error).toMatchObject({ code: 'ACTORS_INVALID_OPTIONS', context: { option } })
  })

  it('defaults to D6: threshold 10, 50%, one hour', () => {
    expect(createSequenceTracker().thresholds).toEqual({
      gapThreshold: 10,
      resetRatio: 0.5,
      resetMinIntervalMicros: HOUR_US,
    })
  })
})

describe('sequenceLogObserver', () => {
  it('logs gaps and resets as structured lines, large gaps and resets at warn', () => {
    const lines: [string, Record<string, unknown>, string | undefined][] = []
    const logger: Logger = {
      debug: (obj, msg) => lines.push(['debug', obj as Record<string, unknown>, msg]),
      info: (obj, msg) => lines.push(['info', obj as Record<string, unknown>, msg]),
      warn: (obj, msg) => lines.push(['warn', obj as Record<string, unknown>, msg]),
      error: (obj, msg) => lines.push(['error', obj as Record<string, unknown>, msg]),
      child: () => logger,
    }
    const tracker = createSequenceTracker({ observer: sequenceLogObserver(logger) })
    for (const trade of [
      t(1000),
      t(1001),
      t(1003),
      t(1100),
      t(1100),
      t(1, T0 + 2 * HOUR_US),
      t(null),
    ]) {
      tracker.check(trade)
    }
    expect(lines.map(([level, obj]) => [level, obj.sequence_result, obj.gap])).toEqual([
      ['info', 'small_gap', 1],
      ['warn', 'large_gap', 96],
      ['info', 'out_of_order', -1],
      ['warn', 'reset', -1100],
      ['debug', 'unsequenced', 0],
    ])
    expect(lines[1]).toEqual([
      'warn',
      {
        sequence_result: 'large_gap',
        exchange: 'BINANCE',
        symbol: 'BTCUSDT',
        sequence: 1100,
        expected: 1004,
        gap: 96,
        previous_sequence: 1003,
        previous_timestamp: T0,
        timestamp: T0,
      },
      'sequence large gap on BINANCE:BTCUSDT',
    ])
  })
})
