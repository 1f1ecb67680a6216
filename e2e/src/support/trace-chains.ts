import type { ReceivedSpan } from '@k2/telemetry'

/** Span names of a trade's trace (D8; `TRADE_SPANS` of @k2/actors). */
export const HOPS = {
  receive: 'feed.receive',
  produce: 'kafka.produce',
  consume: 'writer.consume',
  parquetWrite: 'parquet.write',
  commit: 'iceberg.commit',
} as const

/** What the spans of a run say about its trades' traces. */
export interface TraceChains {
  /** Sampled trades: their receive spans. */
  readonly trades: number
  /** Trades whose consume span is in their trace, as the child of the expected hop. */
  readonly consumedInTrace: number
  /**
   * Trades whose consume span is the parent of, or linked from, some `parquet.write` and some
   * `iceberg.commit` span.
   */
  readonly linkedFromBatch: number
  /** Trace ids that hold every hop (receive, [produce], consume, parquet.write, iceberg.commit). */
  readonly completeTraces: readonly string[]
  /** Service names seen. */
  readonly services: readonly string[]
}

/**
 * Follows each trade's spans: receive -> [produce ->] consume, each the parent of the next and
 * all in one trace; batch spans linking the consume spans. `viaKafka` adds the produce hop.
 */
export function traceChains(spans: readonly ReceivedSpan[], viaKafka: boolean): TraceChains {
  const byName = (name: string) => spans.filter((s) => s.name === name)
  const receives = byName(HOPS.receive)
  const produces = new Map(byName(HOPS.produce).map((s) => [s.parentSpanId, s]))
  const consumes = new Map(byName(HOPS.consume).map((s) => [s.parentSpanId, s]))
  const writes = byName(HOPS.parquetWrite)
  const commits = byName(HOPS.commit)
  // A batch span's parent is its first sampled trade's consume span; the others are links.
  const linked = (batch: readonly ReceivedSpan[]) =>
    new Set(
      batch.flatMap((s) => [
        `${s.traceId}/${s.parentSpanId}`,
        ...s.links.map((l) => `${l.traceId}/${l.spanId}`),
      ]),
    )
  const writeLinks = linked(writes)
  const commitLinks = linked(commits)
  let consumedInTrace = 0
  let linkedFromBatch = 0
  for (const r of receives) {
    const before = viaKafka ? produces.get(r.spanId) : r
    if (before === undefined || before.traceId !== r.traceId) continue
    const consume = consumes.get(before.spanId)
    if (consume === undefined || consume.traceId !== r.traceId) continue
    consumedInTrace++
    const key = `${consume.traceId}/${consume.spanId}`
    if (writeLinks.has(key) && commitLinks.has(key)) linkedFromBatch++
  }
  const names = new Map<string, Set<string>>()
  for (const s of spans) {
    if (!names.has(s.traceId)) names.set(s.traceId, new Set())
    names.get(s.traceId)!.add(s.name)
  }
  const needed = Object.values(HOPS).filter((h) => viaKafka || h !== HOPS.produce)
  const completeTraces = [...names]
    .filter(([, n]) => needed.every((h) => n.has(h)))
    .map(([id]) => id)
  return {
    trades: receives.length,
    consumedInTrace,
    linkedFromBatch,
    completeTraces,
    services: [...new Set(spans.map((s) => s.serviceName ?? ''))],
  }
}
