import type { FeedBenchResults } from './binance-feed-results.js'
import { FEED_MODES, type FeedMode } from './binance-feed.protocol.js'
import { formatStat, grouped } from './format-results.js'

/** Issue 4's goal: frames parsed, validated and converted per second on one core. */
export const FEED_GOAL_FRAMES_PER_SECOND = 200_000

const LABELS: Readonly<Record<FeedMode, string>> = {
  receive: 'receive (WebSocket + UTF-8 decode)',
  json: '+ JSON.parse',
  validate: '+ D9 validation (parseFrame)',
  full: '+ conversion to TradeV2 (full feed path)',
}

/** The human-readable report: one line per mode, the step costs, the goal and the machine. */
export function formatFeedResults(results: FeedBenchResults): string {
  const { data, summary, environment: env } = results
  const runs = results.runs.filter((r) => r.mode === results.runs[0]?.mode).length
  const header = [
    'stage',
    'frames/s per core (thread CPU)',
    'µs/frame',
    'frames/s wall',
    'process CPU (s)',
  ]
  const rows = FEED_MODES.flatMap((mode) => {
    const s = summary[mode]
    if (s === undefined) return []
    return [
      [
        LABELS[mode],
        formatStat(s.framesPerCpuSecond, (n) => grouped(Math.round(n))),
        formatStat(s.microsPerFrame, (n) => n.toFixed(3)),
        formatStat(s.framesPerWallSecond, (n) => grouped(Math.round(n))),
        formatStat(s.processCpuSeconds, (n) => n.toFixed(2)),
      ],
    ]
  })
  const table = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] as string).length)))
  const lines = [
    `Binance feed: ${grouped(data.frames)} frames per run (after ${grouped(data.warmup)} warm-up) of ` +
      `${data.symbols.length} symbols on one combined-stream connection; replay exchange in another ` +
      `process at full speed; median (min-max) of ${runs} run(s)`,
    '',
    ...table.map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('   ')
        .trimEnd(),
    ),
    '',
  ]
  const steps = results.stepMicros
  const parts = [
    steps.parse === undefined ? undefined : `JSON.parse ${steps.parse.toFixed(3)}`,
    steps.validate === undefined ? undefined : `validation ${steps.validate.toFixed(3)}`,
    steps.convert === undefined ? undefined : `conversion ${steps.convert.toFixed(3)}`,
  ].filter((p) => p !== undefined)
  if (parts.length > 0) lines.push(`µs per frame each step adds (medians): ${parts.join(', ')}`)
  const full = summary.full?.framesPerCpuSecond.median
  if (full !== undefined) {
    const met = full >= FEED_GOAL_FRAMES_PER_SECOND ? 'met' : 'NOT met'
    lines.push(
      `goal (issue 4): >= ${grouped(FEED_GOAL_FRAMES_PER_SECOND)} trades/s per core: ${grouped(Math.round(full))} (${met})`,
    )
  }
  lines.push(
    'every run verified: all timed frames were valid trades, ids consecutive per symbol (full)',
    `CPU time of the consuming thread from /proc (${results.runs[0]?.threadCpuSource ?? '?'}); ` +
      'process CPU includes GC and I/O threads',
    `machine: ${env.cpuModel}, ${env.cpus} CPUs, ${grouped(Math.round(env.memoryBytes / 2 ** 20))} MiB RAM, ${env.os}; Node ${env.node}`,
    `load average (1 min) before the first run: ${env.loadAverageBefore.toFixed(2)}`,
  )
  return lines.join('\n')
}
