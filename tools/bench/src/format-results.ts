import type { BenchResults, SideSummary, SummaryMetric } from './bench-results.js'
import type { Stat } from './stats.js'

const MB = 1e6
const MIB = 1024 * 1024

/** How each summarized metric is labelled and printed. */
const ROWS: readonly { metric: SummaryMetric; label: string; format: (n: number) => string }[] = [
  { metric: 'seconds', label: 'append wall time (s)', format: (n) => n.toFixed(3) },
  { metric: 'rowsPerSecond', label: 'rows/s', format: (n) => grouped(Math.round(n)) },
  { metric: 'writeSeconds', label: '  writing data files (s)', format: (n) => n.toFixed(3) },
  { metric: 'commitSeconds', label: '  committing (s)', format: (n) => n.toFixed(3) },
  { metric: 'cpuSeconds', label: 'CPU, all threads (s)', format: (n) => n.toFixed(3) },
  { metric: 'mainThreadSeconds', label: 'main thread busy (s)', format: (n) => n.toFixed(3) },
  { metric: 'dataFiles', label: 'data files written', format: (n) => String(n) },
  { metric: 'dataBytes', label: 'data bytes (MB)', format: (n) => (n / MB).toFixed(2) },
  { metric: 'metadataBytes', label: 'metadata bytes (kB)', format: (n) => (n / 1e3).toFixed(1) },
  { metric: 'rssBeforeBytes', label: 'RSS before append (MiB)', format: (n) => mib(n) },
  { metric: 'peakRssBytes', label: 'peak RSS (MiB)', format: (n) => mib(n) },
]

/** `1234567` -> `'1,234,567'`. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A stat as `median (min-max)`, or just the value when every run gave the same. */
export function formatStat(stat: Stat, format: (n: number) => string): string {
  const median = format(stat.median)
  const min = format(stat.min)
  const max = format(stat.max)
  return min === max ? median : `${median} (${min}-${max})`
}

/** The human-readable report: the data, one column per side, the ratios and the machine. */
export function formatResults(results: BenchResults): string {
  const { data, summary, environment: env } = results
  const runs = (side: string) => {
    const n = results.runs.filter((r) => r.side === side).length
    return n === 1 ? '1 run' : `${n} runs`
  }
  const columns: { title: string; summary: SideSummary }[] = []
  if (summary.k2) columns.push({ title: `K2 from rows (${runs('k2')})`, summary: summary.k2 })
  if (summary.k2Columns) {
    columns.push({
      title: `K2 from columns (${runs('k2-columns')})`,
      summary: summary.k2Columns,
    })
  }
  if (summary.pyiceberg) {
    const version = env.pyiceberg === undefined ? '' : ` ${env.pyiceberg}`
    columns.push({
      title: `pyiceberg${version} (${runs('pyiceberg')})`,
      summary: summary.pyiceberg,
    })
  }
  const table: string[][] = [
    ['', ...columns.map((c) => c.title)],
    ...ROWS.map((row) => [
      row.label,
      ...columns.map((c) => formatStat(c.summary[row.metric], row.format)),
    ]),
  ]
  const widths = table[0]!.map((_, i) => Math.max(...table.map((line) => line[i]!.length)))
  const lines = [
    `Iceberg append: ${grouped(data.rows)} trades, ${data.symbols} symbols over ${data.days} ` +
      `day(s) into market_data.trades_v2; median (min-max)`,
    '',
    ...table.map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('   ')
        .trimEnd(),
    ),
    '',
  ]
  const read = summary.k2Columns?.readSeconds
  if (read !== undefined) {
    lines.push(
      `K2 from columns: reading the batches into columns, before timing: ` +
        `${formatStat(read, (n) => n.toFixed(3))} s`,
    )
  }
  const ratio = (label: string, r: Stat) =>
    `${label} / pyiceberg throughput: ${r.median.toFixed(2)}x ` +
    `(runs pair up to ${r.min.toFixed(2)}x-${r.max.toFixed(2)}x)`
  if (results.ratio !== undefined) lines.push(ratio('K2 from rows', results.ratio))
  if (results.columnsRatio !== undefined) {
    lines.push(ratio('K2 from columns', results.columnsRatio))
  }
  lines.push(
    `every table verified with pyiceberg: scan().count(), total-records and row checksums`,
    `machine: ${env.cpuModel}, ${env.cpus} CPUs, ${mib(env.memoryBytes)} MiB RAM, ${env.os}; ` +
      `Node ${env.node}` +
      (env.python === undefined
        ? ''
        : `, Python ${env.python}, pyarrow ${env.pyarrow ?? '?'}, pyiceberg-core ${env.pyicebergCore ?? '?'}`),
    `load average (1 min) before the first run: ${env.loadAverageBefore.toFixed(2)}`,
  )
  return lines.join('\n')
}

function mib(n: number): string {
  return grouped(Math.round(n / MIB))
}
