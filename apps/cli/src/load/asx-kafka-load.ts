import type { QuoteV2, ReferenceDataV2, TradeV2 } from '@k2/core'
import { loadTable, QUOTES_V2_TABLE, TRADES_V2_TABLE, type TableDefinition } from '@k2/iceberg'
import type { MarketDataProducer } from '@k2/kafka'

import {
  LOAD_BATCH_ROWS,
  loadSourceIntoTable,
  openAsxLoad,
  skipFile,
  tallyRow,
  type AsxLoadOptions,
  type AsxLoadSummary,
} from './asx-load.js'
import { sha256File } from './file-hash.js'
import {
  committedPositions,
  fileStart,
  pendingStreams,
  type PendingStream,
} from './source-positions.js'

/**
 * Where the Kafka load sends records: the market-data producer (`send`: topic from the record,
 * key = symbol, reference data: company_id; D3), and `flush`, which resolves once every record
 * sent so far is acknowledged by the broker.
 */
export interface MarketDataSink extends Pick<MarketDataProducer, 'send'> {
  flush(): Promise<void>
}

/** How the load waits for the writers to land what it produced. */
export interface LandingWait {
  readonly timeoutMs: number
  /** Between two reads of the tables' committed positions; default 1,000 ms. */
  readonly pollMs?: number
  /** Between two progress lines; default 5,000 ms. */
  readonly lineEveryMs?: number
  /** Prints a progress line (stderr). */
  readonly line: (text: string) => void
}

/** What a Kafka load needs: the embedded load's options, a sink, and how to wait. */
export interface AsxKafkaLoadOptions extends AsxLoadOptions {
  readonly sink: MarketDataSink
  /** Unset = only produce (`--no-wait`). */
  readonly wait?: LandingWait
}

/** Counts of one Kafka load. */
export interface AsxKafkaLoadSummary extends AsxLoadSummary {
  /** Records produced (trades, quotes and reference data). */
  produced: number
  /** Per table (`trades_v2`, `quotes_v2`): stream -> the last row produced this time. */
  readonly targets: Record<string, Record<string, number>>
  /** True when every produced row was committed, false on a timeout; undefined without a wait. */
  landed: boolean | undefined
  /** Streams still short of their last produced row when the wait gave up. */
  pending: Array<PendingStream & { readonly table: string }>
  waitedMs: number
}

/**
 * Loads an ASX sample directory (D9) through Kafka (K2_TRANSPORT=kafka): the same files, parsing,
 * conversion, dead-letter file and progress as the embedded load (`asx-load.ts`), but trades and
 * quotes are produced to `market.equities.{trades,quotes}.asx` (idempotent producer, key =
 * symbol) for the writers of a running supervisor to land, exactly once, in trades_v2 and
 * quotes_v2. Reference data goes straight into reference_data_v2 (as embedded) and to the
 * compacted `market.equities.reference_data.asx` (key = company_id).
 *
 * Loading twice adds nothing: a file marked complete by an embedded load (`k2.source-files`) is
 * skipped, and a file is produced only after the rows its stream already has committed
 * (`k2.source-positions`: an ASX row's sequence is its row number, one symbol per file), so a file
 * the writers landed has nothing left and counts as skipped. With `force` every row is produced
 * again, and the writers drop the committed ones by the same positions.
 *
 * Then, with `wait`, polls the tables until their committed positions reach every produced
 * stream's last row (`landed: true`), or gives up after `wait.timeoutMs` (`landed: false`).
 */
export async function loadAsxDirectoryThroughKafka(
  options: AsxKafkaLoadOptions,
): Promise<AsxKafkaLoadSummary> {
  const run = await openAsxLoad(options)
  const summary: AsxKafkaLoadSummary = Object.assign(run.summary, {
    produced: 0,
    targets: {} as Record<string, Record<string, number>>,
    landed: undefined,
    pending: [],
    waitedMs: 0,
  })
  const positions = new Map<TableDefinition, Map<string, number>>()
  for (const table of [TRADES_V2_TABLE, QUOTES_V2_TABLE]) {
    positions.set(table, committedPositions(await loadTable(options.tables, table.identifier)))
  }
  const targets = new Map<TableDefinition, Map<string, number>>()
  for (const [i, source] of run.sources.entries()) {
    if (options.signal?.aborted) {
      summary.aborted = true
      break
    }
    const sha256 = await sha256File(source.path)
    const mark = run.marks.get(source.table)?.get(sha256)
    if (source.kind === 'reference_data') {
      // Straight into the table, as embedded (marked, resumable), and onto the compacted topic.
      const state = options.force ? undefined : mark
      if (state?.complete) {
        skipFile(run, i, `already loaded (sha256 ${sha256.slice(0, 12)})`)
        continue
      }
      for await (const r of source.rows(0)) {
        if (r.ok && r.row > (state?.rowsThrough ?? 0)) {
          await options.sink.send('reference_data', r.value as ReferenceDataV2)
          summary.produced++
        }
      }
      const batchRows = options.batchRows ?? LOAD_BATCH_ROWS
      if (!(await loadSourceIntoTable(source, sha256, state, run, { ...options, batchRows }))) {
        summary.aborted = true
        break
      }
      continue
    }
    const stream = source.stream
    const start = fileStart({
      force: options.force === true,
      mark,
      position: stream === undefined ? undefined : positions.get(source.table)?.get(stream),
    })
    if (start.kind === 'skip') {
      skipFile(run, i, start.reason)
      continue
    }
    const counts = { ok: 0, errors: 0 }
    let last = 0
    for await (const r of source.rows(start.after)) {
      if (options.signal?.aborted) break
      await tallyRow(r, counts, run, options.deadLetters)
      if (!r.ok) continue
      const record = r.value as TradeV2 | QuoteV2
      if (source.kind === 'trades') await options.sink.send('trades', record as TradeV2)
      else await options.sink.send('quotes', record as QuoteV2)
      summary.produced++
      last = r.row
    }
    if (last > 0 && stream !== undefined) {
      let byStream = targets.get(source.table)
      if (byStream === undefined) targets.set(source.table, (byStream = new Map()))
      byStream.set(stream, Math.max(byStream.get(stream) ?? 0, last))
    }
    if (options.signal?.aborted) {
      summary.perFile[source.name] = counts
      summary.aborted = true
      break
    }
    if (counts.ok === 0 && counts.errors === 0 && start.after > 0) {
      summary.filesSkipped++
      run.progress.line(
        `${source.name}: in ${source.table.identifier.name} through row ${start.after}, skipped`,
      )
      continue
    }
    summary.perFile[source.name] = counts
    summary.filesLoaded++
    run.progress.line(
      `${source.name}: ${counts.ok} rows produced for ${source.table.identifier.name}` +
        (start.after > 0 ? ` (after row ${start.after})` : '') +
        (counts.errors === 0 ? '' : `, ${counts.errors} rejected`),
    )
  }
  await options.sink.flush()
  run.progress.done(!summary.aborted)
  for (const [table, byStream] of targets) {
    summary.targets[table.identifier.name] = Object.fromEntries(byStream)
  }
  if (options.wait !== undefined && !summary.aborted) {
    await waitForLanding(options, targets, summary, options.wait)
  }
  return summary
}

/** Polls the tables' committed positions until they cover `targets` or the wait times out. */
async function waitForLanding(
  options: AsxKafkaLoadOptions,
  targets: ReadonlyMap<TableDefinition, ReadonlyMap<string, number>>,
  summary: AsxKafkaLoadSummary,
  wait: LandingWait,
): Promise<void> {
  const started = performance.now()
  const pollMs = wait.pollMs ?? 1_000
  const lineEveryMs = wait.lineEveryMs ?? 5_000
  const streams = [...targets.values()].reduce((n, m) => n + m.size, 0)
  let lastLine = -Infinity
  for (;;) {
    const pending: Array<PendingStream & { table: string }> = []
    for (const [table, byStream] of targets) {
      const committed = committedPositions(await loadTable(options.tables, table.identifier))
      for (const p of pendingStreams(byStream, committed)) {
        pending.push({ ...p, table: table.identifier.name })
      }
    }
    summary.pending = pending
    summary.waitedMs = Math.round(performance.now() - started)
    if (pending.length === 0) {
      summary.landed = true
      if (streams > 0)
        wait.line(`landed: ${streams} of ${streams} streams committed by the writers`)
      return
    }
    if (summary.waitedMs >= wait.timeoutMs) {
      summary.landed = false
      return
    }
    if (options.signal?.aborted) {
      summary.aborted = true
      return
    }
    if (summary.waitedMs - lastLine >= lineEveryMs) {
      lastLine = summary.waitedMs
      const behind = pending
        .slice(0, 3)
        .map((p) => `${p.table} ${p.stream} at row ${p.position} of ${p.target}`)
        .join(', ')
      wait.line(
        `waiting for the writers: ${streams - pending.length} of ${streams} streams committed ` +
          `(${behind}${pending.length > 3 ? ', ...' : ''}), ${Math.round(summary.waitedMs / 1000)} s`,
      )
    }
    await sleep(Math.min(pollMs, wait.timeoutMs - summary.waitedMs), options.signal)
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, Math.max(0, ms))
    signal?.addEventListener('abort', done, { once: true })
  })
}
