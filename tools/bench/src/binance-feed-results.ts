import type { Environment } from './bench-results.js'
import type { ConsumerResult, FeedMode } from './binance-feed.protocol.js'
import { summarize, type Stat } from './stats.js'

/** One verified consumer run, with the derived rates. */
export interface FeedRun extends Omit<ConsumerResult, 'type'> {
  readonly run: number
  /** Frames per second of the consuming thread's CPU time: "per core". */
  readonly framesPerCpuSecond: number
  /** Frames per wall-clock second (bounded by what the exchange process sends). */
  readonly framesPerWallSecond: number
  /** Consuming-thread CPU microseconds per frame. */
  readonly microsPerFrame: number
}

/** A mode's runs summarized. */
export interface FeedModeSummary {
  readonly framesPerCpuSecond: Stat
  readonly framesPerWallSecond: Stat
  readonly microsPerFrame: Stat
  readonly processCpuSeconds: Stat
}

/** Everything the benchmark writes to its JSON results file. */
export interface FeedBenchResults {
  readonly benchmark: 'binance-feed'
  readonly date: string
  readonly command: string
  readonly environment: Environment
  readonly data: {
    readonly frames: number
    readonly warmup: number
    readonly symbols: readonly string[]
    readonly seed: number
  }
  readonly runs: readonly FeedRun[]
  readonly summary: Partial<Record<FeedMode, FeedModeSummary>>
  /**
   * Median consuming-thread µs per frame each step adds over the one before it: `json` over
   * `receive` is JSON.parse, `validate` over `json` the D9 checks, `full` over `validate` the
   * conversion to TradeV2. Present for the steps whose two modes both ran.
   */
  readonly stepMicros: Partial<Record<'parse' | 'validate' | 'convert', number>>
}

/** A consumer result with its rates. */
export function toFeedRun(result: ConsumerResult, run: number): FeedRun {
  const { type: _type, ...rest } = result
  return {
    ...rest,
    run,
    framesPerCpuSecond: result.frames / result.threadCpuSeconds,
    framesPerWallSecond: result.frames / result.wallSeconds,
    microsPerFrame: (result.threadCpuSeconds * 1e6) / result.frames,
  }
}

/**
 * Throws unless a run did what it claims: every frame a trade (in the modes that parse), none
 * invalid, trade ids consecutive per symbol (`full`). A broken run cannot report a number.
 */
export function verifyFeedRun(run: FeedRun): void {
  const problems: string[] = []
  if (run.invalid !== 0) problems.push(`${run.invalid} frames were not valid trades`)
  if ((run.mode === 'validate' || run.mode === 'full') && run.trades !== run.frames) {
    problems.push(`${run.trades} trades in ${run.frames} timed frames`)
  }
  if (run.sequenceBreaks !== 0) problems.push(`${run.sequenceBreaks} trade ids out of sequence`)
  if (!(run.threadCpuSeconds > 0)) problems.push(`thread CPU time ${run.threadCpuSeconds} s`)
  if (problems.length > 0) {
    throw new Error(`${run.mode} run ${run.run} is not valid: ${problems.join('; ')}`)
  }
}

/** Summaries per mode and the step costs. */
export function summarizeFeedRuns(
  runs: readonly FeedRun[],
): Pick<FeedBenchResults, 'summary' | 'stepMicros'> {
  const summary: Partial<Record<FeedMode, FeedModeSummary>> = {}
  for (const mode of new Set(runs.map((r) => r.mode))) {
    const mine = runs.filter((r) => r.mode === mode)
    summary[mode] = {
      framesPerCpuSecond: summarize(mine.map((r) => r.framesPerCpuSecond)),
      framesPerWallSecond: summarize(mine.map((r) => r.framesPerWallSecond)),
      microsPerFrame: summarize(mine.map((r) => r.microsPerFrame)),
      processCpuSeconds: summarize(mine.map((r) => r.processCpuSeconds)),
    }
  }
  const step = (from: FeedMode, to: FeedMode) => {
    const a = summary[from]?.microsPerFrame.median
    const b = summary[to]?.microsPerFrame.median
    return a === undefined || b === undefined ? undefined : b - a
  }
  const stepMicros: Partial<Record<'parse' | 'validate' | 'convert', number>> = {}
  const parse = step('receive', 'json')
  const validate = step('json', 'validate')
  const convert = step('validate', 'full')
  if (parse !== undefined) stepMicros.parse = parse
  if (validate !== undefined) stepMicros.validate = validate
  if (convert !== undefined) stepMicros.convert = convert
  return { summary, stepMicros }
}
