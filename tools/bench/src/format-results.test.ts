import { describe, expect, it } from 'vitest'

import { formatResults, formatStat, grouped } from './format-results.js'
import { fakeResults, fakeRun } from './test-support.js'

describe('grouped', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
  ])('%d -> %s', (n, text) => expect(grouped(n)).toBe(text))
})

describe('formatStat', () => {
  it('shows median (min-max), or one value when the runs agree after formatting', () => {
    expect(formatStat({ median: 2, min: 1, max: 3 }, (n) => n.toFixed(1))).toBe('2.0 (1.0-3.0)')
    expect(formatStat({ median: 2.001, min: 2, max: 2.002 }, (n) => n.toFixed(1))).toBe('2.0')
  })
})

describe('formatResults', () => {
  it('prints one column per side, the columns read time, the ratios and the machine', () => {
    const text = formatResults(
      fakeResults([
        fakeRun('k2', 1, 1),
        fakeRun('k2-columns', 1, 0.5),
        fakeRun('pyiceberg', 1, 4),
        fakeRun('k2', 2, 2),
        fakeRun('k2-columns', 2, 1),
        fakeRun('pyiceberg', 2, 5),
        fakeRun('k2', 3, 1.25),
        fakeRun('k2-columns', 3, 0.625),
        fakeRun('pyiceberg', 3, 4),
      ]),
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe(
      'Iceberg append: 1,000,000 trades, 20 symbols over 3 day(s) into market_data.trades_v2; median (min-max)',
    )
    expect(lines[2]).toMatch(
      /^ +K2 from rows \(3 runs\) +K2 from columns \(3 runs\) +pyiceberg 0\.12\.0 \(3 runs\)$/,
    )
    expect(text).toMatch(
      /append wall time \(s\) +1\.250 \(1\.000-2\.000\) +0\.625 \(0\.500-1\.000\) +4\.000 \(4\.000-5\.000\)\n/,
    )
    expect(text).toMatch(
      / {2}writing data files \(s\) +1\.125 \(0\.900-1\.800\) +\S+ \(0\.450-0\.900\) +3\.600 \(3\.600-4\.500\)\n/,
    )
    expect(text).toMatch(
      /rows\/s +800,000 \(500,000-1,000,000\) +1,600,000 \(1,000,000-2,000,000\) +250,000 \(200,000-250,000\)/,
    )
    expect(text).toMatch(/data files written +3 +3 +6\n/)
    expect(text).toMatch(/data bytes \(MB\) +44\.34 +44\.34 +56\.43/)
    expect(text).toMatch(/peak RSS \(MiB\) +2,000 +2,000 +2,000/)
    expect(text).toContain(
      'K2 from columns: reading the batches into columns, before timing: 0.156 (0.125-0.250) s',
    )
    expect(text).toContain(
      'K2 from rows / pyiceberg throughput: 3.20x (runs pair up to 2.00x-5.00x)',
    )
    expect(text).toContain(
      'K2 from columns / pyiceberg throughput: 6.40x (runs pair up to 4.00x-10.00x)',
    )
    expect(text).toContain(
      'machine: AMD EPYC, 2 CPUs, 24,576 MiB RAM, Linux 6.1; Node v20.20.2, Python 3.11.7, pyarrow 26.0.1, pyiceberg-core 0.10.1',
    )
    expect(text).toContain('load average (1 min) before the first run: 0.12')
    // Columns line up: every value of a row starts where the header's column starts.
    const rowsPerSecond = lines.find((l) => l.startsWith('rows/s'))!
    expect(rowsPerSecond.indexOf('1,600,000')).toBe(lines[2]!.indexOf('K2 from columns'))
    expect(rowsPerSecond.indexOf('250,000 (200')).toBe(lines[2]!.indexOf('pyiceberg'))
  })

  it('prints K2 alone, without a ratio, when pyiceberg was skipped', () => {
    const text = formatResults(fakeResults([fakeRun('k2', 1, 2)]))
    expect(text).toMatch(/^ +K2 from rows \(1 run\)$/m)
    expect(text).not.toContain('K2 from columns')
    expect(text).not.toContain('pyiceberg 0')
    expect(text).not.toContain('throughput:')
  })

  it('prints K2 from columns with its read time and no ratio when it ran alone', () => {
    const text = formatResults(fakeResults([fakeRun('k2-columns', 1, 2)]))
    expect(text).toMatch(/^ +K2 from columns \(1 run\)$/m)
    expect(text).not.toContain('K2 from rows')
    expect(text).toContain('reading the batches into columns, before timing: 0.500 s')
    expect(text).not.toContain('throughput:')
  })
})
