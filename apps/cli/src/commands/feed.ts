import { createBinanceAdapter, createFeed, type FeedStats } from '@k2/exchanges'

import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES } from '../errors.js'
import { integerFlag, numberFlag, stringFlag, symbolListFlag } from '../flags.js'

const FLAGS = {
  symbols: symbolListFlag({ description: 'symbols to stream (default K2_BINANCE_SYMBOLS)' }),
  url: stringFlag({
    description: 'stream base URL (default K2_BINANCE_WS_URL, then K2_BINANCE_FAILOVER_URLS)',
    placeholder: 'URL',
  }),
  restUrl: stringFlag({
    description: 'REST host for gap repair (default K2_BINANCE_REST_URL)',
    placeholder: 'URL',
  }),
  durationS: numberFlag({
    description: 'stop after this many seconds (default: at Ctrl-C)',
    placeholder: 'S',
    min: 0,
    minInclusive: false,
  }),
  intervalS: numberFlag({
    description: 'seconds between progress lines (default 5)',
    placeholder: 'S',
    min: 0,
    minInclusive: false,
  }),
  maxAttempts: integerFlag({
    description: 'failed connection attempts in a row before giving up (default 10)',
    min: 1,
  }),
  reconnectDelayMs: integerFlag({
    description: 'first reconnect delay, doubled per attempt up to 60 s (default 5000)',
    placeholder: 'MS',
    min: 1,
  }),
} as const

/**
 * `k2 feed`: runs the resilient trade feed (D9: reconnects, rotation, gap repair) from the
 * terminal and prints per-symbol progress and every status change and error; the trades
 * themselves go nowhere. A way to watch the feed against Binance or the replay exchange.
 */
export const feedCommand = defineCommand({
  name: 'feed',
  summary: 'run the Binance trade feed and print its progress (no storage)',
  description:
    'Streams trades with the same feed the supervisor runs: ping/pong, silence watchdog,\n' +
    'reconnects with backoff and URL rotation, circuit breaker, make-before-break rotation and\n' +
    'REST gap repair. Prints status changes, errors and, every --interval-s, per symbol the last\n' +
    'trade id, trades emitted, gaps found and trades backfilled. Exits 1 if the feed fails.',
  flags: FLAGS,
  examples: [
    'feed --symbols BTCUSDT,ETHUSDT --duration-s 60',
    'feed --url ws://127.0.0.1:9443/stream --rest-url http://127.0.0.1:9443 --symbols BTCUSDT',
  ],
  async run(values, context) {
    const needConfig =
      values.url === undefined || values.restUrl === undefined || values.symbols === undefined
    const config = needConfig ? context.loadConfig() : undefined
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
    const streamBases =
      values.url !== undefined
        ? [values.url]
        : [config!.binance.wsUrl, ...config!.binance.failoverUrls]
    const adapter = createBinanceAdapter({
      streamBases,
      restBase: values.restUrl ?? config!.binance.restUrl,
    })
    let failed = false
    let onFailed: () => void = () => undefined
    const failure = new Promise<void>((resolve) => (onFailed = resolve))
    const feed = createFeed({
      adapter,
      symbols,
      options: {
        ...(values.maxAttempts === undefined ? {} : { maxReconnectAttempts: values.maxAttempts }),
        ...(values.reconnectDelayMs === undefined
          ? {}
          : { reconnectBaseDelayMs: values.reconnectDelayMs }),
      },
      events: {
        onTrade: () => undefined,
        onStatus: (change) => {
          if (change.status === 'failed') {
            failed = true
            onFailed()
          }
          const why = change.reason === undefined ? '' : ` (${change.reason})`
          context.err(
            `status ${change.status}${why}${change.url === undefined ? '' : ` ${change.url}`}`,
          )
        },
        onError: (event) =>
          context.err(`error ${event.reason}: ${event.error.code} ${event.error.message}`),
      },
    })
    const progress = setInterval(
      () => context.out(formatProgress(feed.stats())),
      (values.intervalS ?? 5) * 1000,
    )
    const stopped = new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve()
      context.signal.addEventListener('abort', () => resolve(), { once: true })
      if (values.durationS !== undefined) setTimeout(resolve, values.durationS * 1000).unref()
    })
    try {
      const first = await Promise.race([feed.start(), stopped.then(() => 'stopped' as const)])
      if (first !== 'failed') await Promise.race([stopped, failure])
    } finally {
      clearInterval(progress)
      await feed.stop()
    }
    context.out(formatProgress(feed.stats()))
    return failed ? EXIT_CODES.failure : EXIT_CODES.ok
  },
})

/** One line per symbol: last id, emitted, gaps, backfilled, duplicates dropped. */
export function formatProgress(stats: FeedStats): string {
  const lines = Object.entries(stats.symbols).map(
    ([symbol, s]) =>
      `  ${symbol.padEnd(10)} last id ${String(s.lastSequence ?? '-').padStart(10)}  emitted ${s.emitted}` +
      `  gaps ${s.gapsDetected}  backfilled ${s.backfilled}  duplicates dropped ${s.duplicatesDropped}` +
      (s.unrepaired > 0 ? `  UNREPAIRED ${s.unrepaired}` : ''),
  )
  return [
    `feed ${stats.status}, ${stats.messages} messages, ${stats.connectionsOpened} connection(s)`,
    ...lines,
  ].join('\n')
}
