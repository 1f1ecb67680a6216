import { recordFrames, type RecordSummary } from '@k2/exchanges'

import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES } from '../errors.js'
import { booleanFlag, integerFlag, numberFlag, stringFlag, symbolListFlag } from '../flags.js'
import { openRecordingFile } from '../recording-file.js'

/** How often progress goes to stderr while recording. */
const PROGRESS_INTERVAL_MS = 10_000

const FLAGS = {
  symbols: symbolListFlag({
    description: 'symbols whose trade streams to record (default K2_BINANCE_SYMBOLS)',
  }),
  out: stringFlag({ description: 'JSONL file to write', placeholder: 'FILE', required: true }),
  url: stringFlag({
    description: 'stream base URL (default K2_BINANCE_WS_URL)',
    placeholder: 'URL',
  }),
  durationS: numberFlag({
    description: 'stop after this many seconds (default: at Ctrl-C)',
    placeholder: 'S',
    min: 0,
    minInclusive: false,
  }),
  maxFrames: integerFlag({ description: 'stop after N frames (default: no limit)', min: 1 }),
  force: booleanFlag({ description: 'replace --out if it exists' }),
} as const

/**
 * `k2 record`: saves the raw frames of one combined-stream connection with their receipt times
 * as JSONL (`{"recv_ts": <ms>, "frame": "<text>"}`), which `k2 exchange --play` plays back.
 */
export const recordCommand = defineCommand({
  name: 'record',
  summary: 'record raw Binance trade frames to a JSONL file the replay exchange can play',
  description:
    'Connects to the combined trade stream of the symbols and writes every text frame, exactly\n' +
    'as received, with its receipt time: one {"recv_ts": <ms>, "frame": "<text>"} line each.\n' +
    'Stops at Ctrl-C, --duration-s or --max-frames; exits 1 if the server ends the connection\n' +
    'first (the file keeps what was recorded). Play it back with `k2 exchange --play FILE`.',
  flags: FLAGS,
  examples: [
    'record --symbols BTCUSDT,ETHUSDT --out session.jsonl --duration-s 600',
    'record --url ws://127.0.0.1:9443/stream --symbols BTCUSDT --out sample.jsonl --max-frames 1000',
  ],
  async run(values, context) {
    const config =
      values.url === undefined || values.symbols === undefined ? context.loadConfig() : undefined
    const url = values.url ?? (config?.binance.wsUrl as string)
    const symbols = values.symbols ?? config?.binance.symbols ?? []
    if (symbols.length === 0) {
      throw new CliError(
        'CLI_INVALID_ARGUMENT',
        '--symbols is required (K2_BINANCE_SYMBOLS is empty)',
        {
          context: { flag: 'symbols' },
        },
      )
    }
    const file = await openRecordingFile(values.out, values.force)
    const stop = new AbortController()
    const signal = AbortSignal.any([context.signal, stop.signal])
    const timer =
      values.durationS === undefined
        ? undefined
        : setTimeout(() => stop.abort('duration'), values.durationS * 1000)
    let frames = 0
    const started = Date.now()
    const progress = setInterval(
      () => context.err(`recording: ${frames} frames so far`),
      PROGRESS_INTERVAL_MS,
    )
    progress.unref()
    let summary: RecordSummary
    try {
      context.err(`recording ${symbols.join(',')} from ${url} to ${values.out}`)
      summary = await recordFrames({
        url,
        symbols,
        signal,
        onFrame: (frame) => {
          frames++
          if (frames === values.maxFrames) stop.abort('max-frames')
          return file.write(frame)
        },
      })
    } catch (error) {
      if (frames === 0) await file.discard()
      else await file.close().catch(() => undefined)
      throw error
    } finally {
      clearTimeout(timer)
      clearInterval(progress)
    }
    await file.close()
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const skipped =
      summary.binaryFrames === 0 ? '' : ` (${summary.binaryFrames} binary frames skipped)`
    context.out(`recorded ${summary.frames} frames in ${seconds} s to ${values.out}${skipped}`)
    if (summary.endedBy === 'closed') {
      context.err(
        `k2 record: the server closed the connection (${summary.closeCode}` +
          `${summary.closeReason === undefined ? '' : ` ${summary.closeReason}`}) before the end`,
      )
      return EXIT_CODES.failure
    }
    return EXIT_CODES.ok
  },
})
