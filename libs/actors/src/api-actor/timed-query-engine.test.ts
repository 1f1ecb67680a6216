import type { QueryEngine } from '@k2/query'
import { createMetrics } from '@k2/telemetry'
import { describe, expect, it } from 'vitest'

import { QUERY_TYPES, timedQueryEngine } from './timed-query-engine.js'

function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

/** An engine whose queries answer with their name and arguments; `bars` fails. */
function fakeEngine(closed: string[]): QueryEngine {
  const engine: Record<string, unknown> = { close: async () => void closed.push('closed') }
  for (const method of Object.keys(QUERY_TYPES)) {
    engine[method] = async (...args: unknown[]) => {
      if (method === 'bars') throw new Error('bars failed')
      return { method, args }
    }
  }
  return engine as unknown as QueryEngine
}

describe('timedQueryEngine', () => {
  it('times each query into k2_query_duration_seconds{query_type}, failures included', async () => {
    const metrics = createMetrics()
    const closed: string[] = []
    const engine = timedQueryEngine(fakeEngine(closed), metrics)
    expect(await engine.trades({ symbols: ['BTCUSDT'] })).toEqual({
      method: 'trades',
      args: [{ symbols: ['BTCUSDT'] }],
    })
    await engine.trades()
    await engine.dailySummary({ symbol: 'BTCUSDT', date: '2025-11-24' } as never)
    await expect(engine.bars({} as never)).rejects.toThrow('bars failed')
    await engine.close()
    const text = await metrics.registry.metrics()
    const count = (type: string) => `k2_query_duration_seconds_count{query_type="${type}"}`
    expect(valueOf(text, count('trades'))).toBe(2)
    expect(valueOf(text, count('daily_summary'))).toBe(1)
    expect(valueOf(text, count('bars'))).toBe(1)
    expect(valueOf(text, count('replay'))).toBeUndefined()
    expect(closed).toEqual(['closed'])
  })

  it('has one snake_case query type per query of the engine', () => {
    for (const type of Object.values(QUERY_TYPES)) expect(type).toMatch(/^[a-z]+(_[a-z]+)*$/)
    expect(new Set(Object.values(QUERY_TYPES)).size).toBe(Object.keys(QUERY_TYPES).length)
  })
})
