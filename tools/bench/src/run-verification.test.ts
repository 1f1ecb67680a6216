import { describe, expect, it } from 'vitest'

import type { VerifyReply } from './bench-oracle.js'
import { verifyRun, type RunFacts } from './run-verification.js'
import { tradeChecksums } from './trade-checksums.js'
import { generateTrades } from './trade-generator.js'

const trades = generateTrades({ rows: 100 })
const expected = tradeChecksums(trades)
const facts: RunFacts = {
  label: 'k2 run 1',
  rows: 100,
  expected,
  committedFiles: 3,
  filesOnDisk: 3,
}
const good: VerifyReply = {
  scan_count: 100,
  summary: { operation: 'append', 'total-records': '100' },
  checksums: expected,
}

describe('verifyRun', () => {
  it('accepts a table that holds exactly the generated trades', () => {
    expect(verifyRun(facts, good)).toBe(100)
  })

  it.each([
    ['a short scan', { ...good, scan_count: 99 }, /scan\(\)\.count\(\) is 99, expected 100/],
    [
      'a wrong summary',
      { ...good, summary: { 'total-records': '200' } },
      /total-records is 200, expected 100/,
    ],
    ['no snapshot', { ...good, summary: {} }, /total-records is undefined/],
    [
      'a lost and a doubled row',
      { ...good, checksums: tradeChecksums([...trades.slice(1), trades[1]!]) },
      /distinct_message_ids: 99 != 100/,
    ],
    [
      'altered prices',
      { ...good, checksums: { ...expected, price_unscaled_sum: '1' } },
      /price_unscaled_sum: 1 != /,
    ],
  ])('refuses %s', (_what, verified: VerifyReply, message) => {
    expect(() => verifyRun(facts, verified)).toThrow(message)
  })

  it('refuses orphan files and lists every problem at once', () => {
    expect(() => verifyRun({ ...facts, filesOnDisk: 4 }, { ...good, scan_count: 1 })).toThrow(
      /k2 run 1 failed verification:\n {2}scan.*\n {2}3 data files committed, 4 on disk/,
    )
  })
})
