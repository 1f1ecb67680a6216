import { openAsxWarehouse, type AsxWarehouse } from '@k2/query/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext } from '../test-support.js'

/** `k2 query` on a temporary warehouse with the first 500 rows of every ASX sample file. */
let wh: AsxWarehouse

beforeAll(async () => {
  wh = await openAsxWarehouse({ quotes: false, maxRowsPerFile: 500 })
}, 120_000)

afterAll(async () => {
  await wh?.close()
})

const run = async (...argv: string[]) => {
  const t = testContext({ K2_WAREHOUSE: wh.dir })
  const code = await runCli(['query', ...argv], t.context)
  return { code, out: t.out, err: t.err }
}

describe('k2 query', () => {
  it('prints trades as a table or JSON', async () => {
    const table = await run('trades', '--symbols', 'BHP', '--limit', '3')
    expect(table.code).toBe(0)
    expect(table.out[0]).toMatch(/^timestamp\s+symbol\s+price\s+quantity\s+side\s+trade_id$/)
    expect(table.out).toHaveLength(4)
    expect(table.out[1]).toMatch(/^2014-03-\d\dT[\d:.]+Z\s+BHP\s+[\d.]+\s+\d+\s+UNKNOWN\s+ASX-/)
    const json = await run('trades', '--symbols', 'BHP', '--limit', '2', '--json')
    const body = JSON.parse(json.out.join('\n'))
    expect(body.rows).toHaveLength(2)
    expect(body.rows[0]).toMatchObject({ symbol: 'BHP', price: expect.any(String) })
    expect(body.next_cursor).toEqual(expect.any(String))
  })

  it('prints bars, a daily summary and snapshots', async () => {
    const bars = await run(
      ...['bars', '--symbol', 'BHP', '--interval', '1d', '--tz', 'Australia/Sydney'],
      ...['--start', '2014-03-09T13:00:00Z', '--end', '2014-03-10T13:00:00Z', '--json'],
    )
    expect(bars.code).toBe(0)
    expect(JSON.parse(bars.out.join('\n'))[0]).toMatchObject({ trade_count: 500 })
    const summary = await run(
      ...['summary', '--symbol', 'BHP', '--date', '2014-03-10', '--tz', 'Australia/Sydney'],
    )
    expect(summary.out).toContain('trade_count  500')
    const snapshots = await run('snapshots')
    expect(snapshots.out[0]).toMatch(/^\s*snapshot_id\s+timestamp\s+operation\s+added_records/)
    expect(snapshots.out.length).toBeGreaterThanOrEqual(3)
  })

  it('names the flag of a bad or missing value (exit 2)', async () => {
    const badTz = await run('summary', '--symbol', 'BHP', '--date', '2014-03-10', '--tz', 'Mars/X')
    expect(badTz.code).toBe(2)
    expect(badTz.err.join('\n')).toContain('--tz')
    const missing = await run('bars', '--symbol', 'BHP')
    expect(missing.code).toBe(2)
    expect(missing.err.join('\n')).toContain('--start')
    const unknown = await run('trades', '--as-of', '123')
    expect(unknown.code).toBe(1)
    expect(unknown.err.join('\n')).toContain('QUERY_SNAPSHOT_NOT_FOUND')
  })
})
