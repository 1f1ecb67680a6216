/**
 * The Binance feed benchmark (`npm run bench:binance-feed -- --help`, issue 4 item 7): how many
 * Binance trade frames one core parses, validates and converts to TradeV2 per second. The replay
 * exchange (tools/binance-replay, rate 0 = as fast as the client reads) runs in one child process
 * and a consumer in another, so they do not share a core; the consumer holds one combined-stream
 * connection like the feed, does a mode's work on every frame and measures its main thread's CPU
 * time over `--frames` frames after `--warmup`. Modes add one step each (receive, json, validate,
 * full), which splits the cost. Every run is verified. Table on stdout, progress on stderr, JSON
 * to `reports/bench/binance-feed.json`. See tools/bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

import {
  FEED_BENCH_USAGE,
  feedBenchCommand,
  parseFeedBenchArgs,
  type FeedBenchOptions,
} from './binance-feed-args.js'
import {
  summarizeFeedRuns,
  toFeedRun,
  verifyFeedRun,
  type FeedBenchResults,
  type FeedRun,
} from './binance-feed-results.js'
import { BINANCE_MARKETS } from './binance-markets.js'
import { REPO_ROOT } from './bench-oracle.js'
import { runConsumerInChild, startExchangeProcess } from './feed-children.js'
import { formatFeedResults } from './format-binance-feed.js'
import { grouped } from './format-results.js'
import { machineInfo } from './machine-info.js'

const DEFAULT_OUT = join(REPO_ROOT, 'reports', 'bench', 'binance-feed.json')

const progress = (text: string) => process.stderr.write(`${text}\n`)

/** `n` Binance USDT symbols: the benchmark's twenty markets, then made-up ones. */
export function benchSymbols(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => BINANCE_MARKETS[i]?.symbol ?? `X${String(i).padStart(3, '0')}USDT`,
  )
}

async function main(argv: readonly string[]): Promise<number> {
  let options: FeedBenchOptions
  try {
    options = parseFeedBenchArgs(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${FEED_BENCH_USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(FEED_BENCH_USAGE)
    return 0
  }
  const results = await benchmark(options)
  console.log(formatFeedResults(results))
  const out = resolve(options.out ?? DEFAULT_OUT)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`)
  progress(`results written to ${out}`)
  return 0
}

async function benchmark(options: FeedBenchOptions): Promise<FeedBenchResults> {
  const environment = machineInfo()
  if (environment.loadAverageBefore > 0.5) {
    progress(
      `warning: load average ${environment.loadAverageBefore.toFixed(2)} on ${environment.cpus} ` +
        'CPUs: the exchange and the consumer need a core each; the numbers will be noisy',
    )
  }
  const symbols = benchSymbols(options.symbols)
  const tradesPerSymbol = Math.ceil((options.warmup + options.frames) / symbols.length)
  const runs: FeedRun[] = []
  // Modes interleave run by run, so a disturbance hits all of them alike.
  for (let run = 1; run <= options.runs; run++) {
    for (const mode of options.modes) {
      const exchange = await startExchangeProcess({ symbols, tradesPerSymbol, seed: options.seed })
      try {
        const result = await runConsumerInChild({
          mode,
          url: exchange.url,
          symbols,
          warmup: options.warmup,
          frames: options.frames,
        })
        const measured = toFeedRun(result, run)
        verifyFeedRun(measured)
        runs.push(measured)
        progress(
          `${mode} run ${run}: ${grouped(Math.round(measured.framesPerCpuSecond))} frames/s per core, ` +
            `${measured.microsPerFrame.toFixed(3)} µs/frame, ` +
            `${grouped(Math.round(measured.framesPerWallSecond))} frames/s wall (verified)`,
        )
      } finally {
        await exchange.stop()
      }
    }
  }
  return {
    benchmark: 'binance-feed',
    date: new Date().toISOString(),
    command: feedBenchCommand(options),
    environment,
    data: { frames: options.frames, warmup: options.warmup, symbols, seed: options.seed },
    runs,
    ...summarizeFeedRuns(runs),
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  return 1
})
