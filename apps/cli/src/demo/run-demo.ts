import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { K2Config } from '@k2/config'
import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'

import type { CliContext } from '../command.js'
import { CliError, EXIT_CODES } from '../errors.js'
import { runDemoQueries } from './demo-queries.js'
import { ansiRedraw, renderLine, renderTable } from './demo-render.js'
import { buildView, type DemoView, type Scrape } from './demo-view.js'
import { parseExposition } from './prometheus-text.js'
import {
  describeExit,
  failure,
  startSupervisorChild,
  waitUntilReady,
  type SupervisorChild,
} from './supervisor-child.js'

/** What `k2 demo` runs (its flags, resolved). */
export interface DemoOptions {
  readonly durationS: number
  readonly symbols: readonly string[]
  readonly source:
    | { readonly kind: 'live' }
    | { readonly kind: 'replay'; readonly rate: number; readonly seed: number | undefined }
  /** Warehouse to write; undefined = a temporary one. */
  readonly warehouse: string | undefined
  /** API port; undefined = a free one. */
  readonly apiPort: number | undefined
  /** Keep the temporary directory (warehouse, supervisor log) at the end. */
  readonly keep: boolean
}

/** Bound of the supervisor's start (its workers load TypeScript through tsx: slow on a busy host). */
const READY_TIMEOUT_MS = 120_000

/** Bound of the supervisor's orderly stop; it promises 10 s (D5), the rest is slack. */
const STOP_TIMEOUT_MS = 20_000

/** Time between two scrapes of `/metrics` (and redraws). */
const SCRAPE_INTERVAL_MS = 1_000

/** Scrapes kept for the windows of the view (the first one is kept too: it starts the clock). */
const HISTORY_MS = 15_000

/** Inherited variables the demo removes for its supervisor: they would point it elsewhere. */
const UNSET_VARIABLES = ['K2_ADMIN_PORT', 'K2_CATALOG_URI', 'K2_DEAD_LETTER_DIR']

/**
 * Runs the demo: exchange -> supervisor -> live view for `durationS` -> queries -> orderly stop.
 * Everything started is stopped on every path (done, Ctrl-C, failure). Returns the exit code;
 * throws `CLI_COMMAND_FAILED` (after stopping everything) when the supervisor fails.
 */
export async function runDemo(
  options: DemoOptions,
  config: K2Config,
  context: CliContext,
): Promise<number> {
  if (options.apiPort !== undefined) await assertPortFree(options.apiPort)
  const apiPort = options.apiPort ?? (await freePort())
  const dir = await mkdtemp(join(tmpdir(), 'k2-demo-'))
  const warehouse = options.warehouse ?? join(dir, 'warehouse')
  const apiUrl = `http://127.0.0.1:${apiPort}`
  const symbols = options.symbols.join(',')
  let exchange: ReplayExchange | undefined
  let child: SupervisorChild | undefined
  let clean = true
  let thrown: unknown
  // Ctrl-C aborts `context.signal` (main.ts) and the demo stops in order; a second one kills the
  // supervisor at once. Listening here also keeps Node's default action for the second signal
  // (exit) from leaving the supervisor running in its own process group.
  let signals = 0
  const onSignal = () => {
    signals++
    if (signals >= 2 && child?.exit() === undefined) {
      context.err('k2 demo: second signal, killing the supervisor')
      child?.kill()
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const env: Record<string, string> = {
      K2_TRANSPORT: 'embedded',
      K2_WAREHOUSE: warehouse,
      K2_API_PORT: String(apiPort),
      K2_BINANCE_SYMBOLS: symbols,
      K2_TRACE_SAMPLE_RATIO: '1',
      K2_COMMIT_INTERVAL_MS: '1000',
    }
    if (options.source.kind === 'replay') {
      const { rate, seed } = options.source
      exchange = await startReplayExchange({
        symbols: options.symbols,
        rate,
        ...(seed === undefined ? {} : { seed }),
      })
      env['K2_BINANCE_WS_URL'] = `${exchange.url}/stream`
      env['K2_BINANCE_FAILOVER_URLS'] = `${exchange.url}/stream`
      env['K2_BINANCE_REST_URL'] = exchange.restUrl
      context.out(
        `k2 demo: replay exchange ${exchange.url} generating ${symbols} at ${rate} trades/s`,
      )
    } else {
      context.out(`k2 demo: streaming ${symbols} from Binance ${config.binance.wsUrl}`)
    }
    child = startSupervisorChild({
      env,
      unset: UNSET_VARIABLES,
      logFile: join(dir, 'supervisor.log'),
    })
    context.out(
      `k2 demo: supervisor pid ${child.pid} (embedded transport), API ${apiUrl}, warehouse ${warehouse}`,
    )
    context.out(`k2 demo: supervisor log ${child.logFile}`)
    context.out(
      config.telemetry.otlpEndpoint === undefined
        ? 'k2 demo: traces off (set K2_OTEL_EXPORTER_OTLP_ENDPOINT to send every trade’s trace)'
        : `k2 demo: traces of every trade to ${config.telemetry.otlpEndpoint}`,
    )
    context.out('k2 demo: waiting for the API ...')
    if (await waitUntilReady(apiUrl, child, READY_TIMEOUT_MS, context.signal)) {
      const startedMs = Date.now()
      const view = await watch(apiUrl, child, options, context)
      if (view !== undefined && !context.signal.aborted) {
        const answers = await runDemoQueries({
          apiUrl,
          apiKey: config.api.keys[0] as string,
          symbol: options.symbols[0] as string,
          sinceMs: startedMs,
          nowMs: Date.now(),
          signal: context.signal,
        })
        context.out('')
        context.out(`k2 demo: asking the REST API (X-API-Key from K2_API_KEYS)`)
        for (const line of answers.lines) context.out(line)
        if (answers.failed > 0) {
          clean = false
          context.err(`k2 demo: ${answers.failed} of the queries failed`)
        }
      }
    }
  } catch (error) {
    thrown = error
  } finally {
    if (context.signal.aborted) context.out('k2 demo: interrupted, stopping')
    if (child !== undefined && !(await stopSupervisor(child, context))) clean = false
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (exchange !== undefined) {
      await exchange.close()
      context.out('k2 demo: replay exchange stopped')
    }
    if (thrown === undefined && clean && !options.keep) {
      await rm(dir, { recursive: true, force: true })
    } else {
      context.out(`k2 demo: kept ${dir}`)
    }
  }
  if (thrown !== undefined) throw thrown
  return clean ? EXIT_CODES.ok : EXIT_CODES.failure
}

/**
 * Scrapes `/metrics` every second for `durationS` and shows the view (redrawn on a terminal,
 * a line per scrape otherwise, the full table at the end). Returns the last view (undefined if
 * no scrape succeeded, or on Ctrl-C); throws when the supervisor exits meanwhile.
 */
async function watch(
  apiUrl: string,
  child: SupervisorChild,
  options: DemoOptions,
  context: CliContext,
): Promise<DemoView | undefined> {
  const tty = context.outIsTTY === true && context.outRaw !== undefined
  const title = `k2 demo ${options.source.kind === 'live' ? 'live Binance' : 'replay exchange'}`
  const history: Scrape[] = []
  const endMs = Date.now() + options.durationS * 1000
  let view: DemoView | undefined
  let drawn = 0
  for (;;) {
    if (context.signal.aborted) return undefined
    const exit = child.exit()
    if (exit !== undefined) throw failure(`the supervisor exited (${describeExit(exit)})`, child)
    try {
      const res = await fetch(`${apiUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })
      const text = await res.text()
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const atMs = Date.now()
      history.push({ atMs, exposition: parseExposition(text) })
      while (history.length > 2 && (history[1] as Scrape).atMs < atMs - HISTORY_MS) {
        history.splice(1, 1)
      }
      view = buildView(history, options.symbols)
      if (tty) {
        const lines = renderTable(view, title)
        context.outRaw!(ansiRedraw(lines, drawn))
        drawn = lines.length
      } else {
        context.out(renderLine(view))
      }
    } catch (error) {
      if (!context.signal.aborted) {
        context.err(`k2 demo: reading ${apiUrl}/metrics failed: ${(error as Error).message}`)
        drawn = 0 // the message moved the cursor: draw the next view below it
      }
    }
    const left = endMs - Date.now()
    if (left <= 0) break
    await sleep(Math.min(SCRAPE_INTERVAL_MS, left), context.signal)
  }
  if (view !== undefined && !tty) for (const line of renderTable(view, title)) context.out(line)
  return view
}

/** SIGTERM and wait; reports how it ended. True when it exited 0 in time. */
async function stopSupervisor(child: SupervisorChild, context: CliContext): Promise<boolean> {
  const already = child.exit()
  if (already !== undefined) {
    context.out(`k2 demo: supervisor had exited (${describeExit(already)})`)
    return false
  }
  context.out('k2 demo: stopping the supervisor (SIGTERM: feeds, final commit, API) ...')
  const started = Date.now()
  const { exit, killed } = await child.stop(STOP_TIMEOUT_MS)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (killed) {
    context.err(
      `k2 demo: the supervisor did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed`,
    )
    return false
  }
  context.out(`k2 demo: supervisor exited with ${describeExit(exit)} after ${seconds} s`)
  return exit.code === 0
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Throws `CLI_COMMAND_FAILED` naming `--api-port` when something listens on `port` already. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          'CLI_COMMAND_FAILED',
          error.code === 'EADDRINUSE'
            ? `cannot use --api-port ${port}: address already in use (omit --api-port for a free one)`
            : `cannot use --api-port ${port}: ${error.message}`,
          { context: { flag: 'api-port' } },
        ),
      ),
    )
    // The API listens on 0.0.0.0: check the same address.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve()))
  })
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error) =>
      reject(new CliError('CLI_COMMAND_FAILED', `no free port: ${error.message}`)),
    )
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
