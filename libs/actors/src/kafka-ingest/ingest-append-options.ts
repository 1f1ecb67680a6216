import { IcebergError, type AppendOptions } from '@k2/iceberg'

import {
  kafkaOffsetsAppendOptions,
  readKafkaOffsets,
  sourcePositionsAppendOptions,
  type KafkaOffsetRange,
  type SourceRange,
} from '../writer/index.js'

/**
 * The append hooks of one Kafka-mode commit (D6), evaluated on the base each attempt lands on.
 *
 * `summary`: `k2.kafka.offsets` (the base's map with each partition of the batch set to the
 * batch's next offset) and `k2.source-positions` (the base's positions advanced by the batch's
 * trades), both merged so other partitions' and streams' entries survive.
 *
 * `precondition` (refusal = `ICEBERG_PRECONDITION_FAILED`, never retried): for each partition of
 * the batch the table's stored offset must equal the batch's first offset; where nothing is
 * stored, the batch must start at the offset the ingestor chose as the partition's start
 * (`starts`: the earliest offset when it found nothing stored). A refusal means another writer
 * (a zombie after a rebalance, or a second group reading the same partitions) committed them.
 *
 * Why no source-positions precondition here (the embedded writer has one): each stream
 * (exchange, symbol) lives in exactly one partition (key = symbol, D3), so a base on which our
 * partitions' offsets are unchanged has our streams' positions unchanged too.
 */
export function ingestAppendOptions(
  ranges: ReadonlyMap<string, KafkaOffsetRange>,
  trades: ReadonlyMap<string, SourceRange>,
  starts: ReadonlyMap<string, bigint>,
): Required<Pick<AppendOptions, 'precondition' | 'summary'>> {
  const offsets = kafkaOffsetsAppendOptions(ranges)
  const positions = sourcePositionsAppendOptions(trades)
  return {
    precondition: (base) => {
      offsets.precondition?.(base)
      const stored = readKafkaOffsets(base)
      const wrongStart = [...ranges]
        .filter(([key, { first }]) => {
          const start = starts.get(key)
          return !stored.has(key) && start !== undefined && start !== first
        })
        .map(([key, { first }]) => ({ key, start: String(starts.get(key)), first: String(first) }))
      if (wrongStart.length > 0) {
        throw new IcebergError(
          'ICEBERG_PRECONDITION_FAILED',
          `batch does not start at the partition start: ${wrongStart
            .map((w) => `${w.key} start ${w.start} != first ${w.first}`)
            .join(', ')}`,
          { context: { wrongStart } },
        )
      }
    },
    summary: (base) => ({
      ...(offsets.summary?.(base) ?? {}),
      ...(positions.summary?.(base) ?? {}),
    }),
  }
}
