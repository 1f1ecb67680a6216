import type { TradeV2 } from '@k2/core'
import type { ParquetWriter } from '@k2/iceberg'
import {
  MAX_SPAN_LINKS,
  type BatchTrace,
  type TraceAttributes,
  type TraceSpan,
  type Tracing,
} from '@k2/telemetry'

import type { TradeWriterObserver } from '../writer/index.js'

/** Span names of a trade's trace (D8), in hop order. */
export const TRADE_SPANS = {
  /** Feed actor: from the WebSocket frame's receipt to the converted, checked trade. */
  receive: 'feed.receive',
  /** Feed actor, Kafka transport: encode and queue on the producer (`traceparent` header). */
  produce: 'kafka.produce',
  /** Writer actor: the trade taken from a batch (embedded) or a Kafka record. */
  consume: 'writer.consume',
  /** Writer actor: the Parquet write of a batch (links to its trades' consume spans). */
  parquetWrite: 'parquet.write',
  /** Writer actor: the Iceberg commit of that batch (manifests and the catalog swap). */
  commit: 'iceberg.commit',
} as const

/**
 * Traces of trades through one actor (D8). A feed keeps which trade belongs to which trace in a
 * `WeakMap` from the trade object to the `traceparent` of its newest span, filled for sampled
 * trades only; a writer keeps the consume spans taken since its last commit (its batch spans link
 * them). With tracing off every method returns at its first check.
 */
export interface TradeTraces {
  readonly enabled: boolean
  /** Feed: a trade was converted from a frame; starts its trace (sampled by the ratio). */
  received(trade: TradeV2, attributes?: TraceAttributes): void
  /** The `traceparent` of a sampled trade's newest span (batch entries, Kafka headers). */
  traceOf(trade: object): string | undefined
  /** Feed, Kafka: the produce span of a sampled trade (its `traceparent` goes in the header). */
  produce(trade: TradeV2, attributes?: TraceAttributes): TraceSpan | undefined
  /** Writer, embedded: trades decoded from a batch with the batch's trace entries. */
  consumed(
    trades: readonly object[],
    entries: readonly BatchTrace[],
    attributes?: TraceAttributes,
  ): void
  /** Writer, Kafka: one record's value and its `traceparent` header (if any). */
  consumedRecord(value: object, traceparent: string | undefined, attributes?: TraceAttributes): void
  /**
   * Batch spans of one writer (one table): its Parquet writer with a `parquet.write` span around
   * each write that holds sampled trades (parent: the first one's consume span, so its trace shows
   * the hop; links: every other sampled trade's), followed by an `iceberg.commit` span that the
   * returned observer's hooks end (committed, failed or fenced). With tracing off, `parquet` and
   * `observer` come back unchanged.
   */
  batchSpans<O extends BatchObserver>(
    parquet: ParquetWriter,
    observer: O,
  ): { parquet: ParquetWriter; observer: O & BatchObserver }
}

/** The writer hooks that end a commit span (the Kafka ingestor adds `commitFenced`). */
export type BatchObserver = TradeWriterObserver & { commitFenced?: (...args: never[]) => void }

/** Links per batch span: the first sampled trades of a batch beyond it go unlinked. */
const MAX_LINKS = MAX_SPAN_LINKS

/** {@link TradeTraces} on a worker's tracing (`ctx.tracing`). */
export function createTradeTraces(tracing: Tracing): TradeTraces {
  const current = new WeakMap<object, string>()
  /**
   * Writer: the consume spans of sampled trades taken since the last successful commit, oldest
   * first: the next batch spans link them (the writer keeps column values, not the trades).
   */
  let consumed: string[] = []
  const consumeOne = (parent: string, attributes?: TraceAttributes) => {
    const span = tracing.startSpan(TRADE_SPANS.consume, {
      parent,
      kind: 'consumer',
      ...(attributes === undefined ? {} : { attributes }),
    })
    if (span === undefined) return
    span.end()
    consumed.push(span.traceparent)
    // Commits that keep failing must not grow this without bound: links past the cap are dropped.
    if (consumed.length > 4 * MAX_LINKS) consumed = consumed.slice(-2 * MAX_LINKS)
  }

  if (!tracing.enabled) {
    return {
      enabled: false,
      received: () => undefined,
      traceOf: () => undefined,
      produce: () => undefined,
      consumed: () => undefined,
      consumedRecord: () => undefined,
      batchSpans: (parquet, observer) => ({ parquet, observer }),
    }
  }

  return {
    enabled: true,
    received(trade, attributes) {
      const span = tracing.startTrace(TRADE_SPANS.receive, {
        startTimeMs: trade.ingestion_timestamp / 1000,
        attributes: {
          'k2.exchange': trade.exchange,
          'k2.symbol': trade.symbol,
          'k2.trade_id': trade.trade_id,
          ...(trade.source_sequence === null
            ? {}
            : { 'k2.source_sequence': trade.source_sequence }),
          ...attributes,
        },
      })
      if (span === undefined) return
      span.end()
      current.set(trade, span.traceparent)
    },
    traceOf: (trade) => current.get(trade),
    produce(trade, attributes) {
      const parent = current.get(trade)
      if (parent === undefined) return undefined
      const span = tracing.startSpan(TRADE_SPANS.produce, {
        parent,
        kind: 'producer',
        ...(attributes === undefined ? {} : { attributes }),
      })
      if (span !== undefined) current.set(trade, span.traceparent)
      return span
    },
    consumed(trades, entries, attributes) {
      for (const { index, traceparent } of entries) {
        if (index < trades.length) consumeOne(traceparent, attributes)
      }
    },
    consumedRecord(_value, traceparent, attributes) {
      if (traceparent !== undefined) consumeOne(traceparent, attributes)
    },
    batchSpans(parquet, base) {
      /** The commit span after the latest write, until the commit ends (commits run one at a time). */
      let commit: TraceSpan | undefined
      /** Consume spans taken by the latest write: a successful commit drops them from `consumed`. */
      let written = 0
      const endCommit = (error?: unknown) => {
        if (commit === undefined) return
        if (error !== undefined) commit.fail(error)
        commit.end()
        commit = undefined
      }
      const traced: ParquetWriter = {
        async write(request) {
          // The sampled trades taken since the last commit: this write holds them (the rows of a
          // failed commit are written again with the next one, and so are their links).
          written = consumed.length
          const links = consumed.slice(0, MAX_LINKS)
          const rows = 'rows' in request ? request.rows.length : request.columns.rowCount
          // A write of a fenced round follows a commit that did not happen.
          endCommit(new Error('commit refused: another writer moved the source positions'))
          if (links.length === 0) return parquet.write(request)
          // The first trade is the parent (not also a link: Jaeger would drop the parent reference).
          const options = {
            parent: links[0]!,
            links: links.slice(1),
            attributes: { 'k2.rows': rows, 'k2.sampled_trades': written },
          }
          const span = tracing.startSpan(TRADE_SPANS.parquetWrite, options)
          try {
            const files = await parquet.write(request)
            span?.setAttributes({ 'k2.files': files.length })
            commit = tracing.startSpan(TRADE_SPANS.commit, options)
            return files
          } catch (err) {
            span?.fail(err)
            throw err
          } finally {
            span?.end()
          }
        },
        close: () => parquet.close(),
      }
      const observer = {
        ...base,
        rowsWritten(table: string, rows: number) {
          consumed = consumed.slice(written)
          written = 0
          commit?.setAttributes({ 'k2.table': table, 'k2.rows_committed': rows })
          endCommit()
          base.rowsWritten?.(table, rows)
        },
        commitFailed(error: unknown) {
          endCommit(error)
          base.commitFailed?.(error)
        },
        commitFenced(...args: never[]) {
          endCommit(new Error('commit fenced by stored offsets'))
          base.commitFenced?.(...args)
        },
      }
      return { parquet: traced, observer }
    },
  }
}
