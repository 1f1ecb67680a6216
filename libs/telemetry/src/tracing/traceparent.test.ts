import { describe, expect, it } from 'vitest'

import { collectBatchTraces, validBatchTraces } from './batch-traces.js'
import { extractTraceparent, injectTraceparent } from './propagation.js'
import { formatTraceparent, isSampledTraceparent, parseTraceparent } from './traceparent.js'

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const SPAN = '00f067aa0ba902b7'
const SAMPLED = `00-${TRACE}-${SPAN}-01`
const UNSAMPLED = `00-${TRACE}-${SPAN}-00`

describe('traceparent', () => {
  it('round-trips and reads the sampled flag', () => {
    expect(parseTraceparent(SAMPLED)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true })
    expect(parseTraceparent(UNSAMPLED)?.sampled).toBe(false)
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: true })).toBe(SAMPLED)
    expect(isSampledTraceparent(SAMPLED)).toBe(true)
    expect(isSampledTraceparent(UNSAMPLED)).toBe(false)
  })

  it.each([
    ['wrong version', `01-${TRACE}-${SPAN}-01`],
    ['zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['upper case', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['short', `00-${TRACE}-${SPAN.slice(1)}-01`],
    ['garbage', 'nope'],
  ])('rejects %s', (_why, value) => {
    expect(parseTraceparent(value)).toBeUndefined()
    expect(isSampledTraceparent(value)).toBe(false)
  })
})

describe('propagation', () => {
  it('extracts from kafkajs-style Buffer headers, arrays and strings', () => {
    expect(extractTraceparent({ traceparent: Buffer.from(SAMPLED) })).toBe(SAMPLED)
    expect(extractTraceparent({ traceparent: [Buffer.from(SAMPLED), 'x'] })).toBe(SAMPLED)
    expect(extractTraceparent({ traceparent: SAMPLED })).toBe(SAMPLED)
    expect(extractTraceparent({ traceparent: 'garbled' })).toBeUndefined()
    expect(extractTraceparent({})).toBeUndefined()
    expect(extractTraceparent(undefined)).toBeUndefined()
  })

  it('injects only valid values into a plain string map', () => {
    expect(injectTraceparent({ a: 'b' }, SAMPLED)).toEqual({ a: 'b', traceparent: SAMPLED })
    expect(injectTraceparent({}, 'garbled')).toEqual({})
    expect(injectTraceparent({}, undefined)).toEqual({})
  })
})

describe('batch traces', () => {
  it('collects a sparse list of sampled items only', () => {
    const items = ['a', 'b', 'c', 'd']
    const known = new Map([
      ['b', SAMPLED],
      ['d', SAMPLED],
    ])
    expect(collectBatchTraces(items, (i) => known.get(i))).toEqual([
      { index: 1, traceparent: SAMPLED },
      { index: 3, traceparent: SAMPLED },
    ])
    expect(collectBatchTraces(items, () => undefined)).toBeUndefined()
  })

  it('keeps only in-range entries with a sampled traceparent', () => {
    const entries = [
      { index: 0, traceparent: SAMPLED },
      { index: 5, traceparent: SAMPLED },
      { index: 1, traceparent: UNSAMPLED },
      { index: 1.5, traceparent: SAMPLED },
      { index: 2, traceparent: 'x' },
      null,
    ]
    expect(validBatchTraces(entries, 3)).toEqual([{ index: 0, traceparent: SAMPLED }])
    expect(validBatchTraces('nope', 3)).toEqual([])
  })
})
