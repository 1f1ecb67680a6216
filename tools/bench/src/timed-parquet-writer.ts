import type { ParquetWriter } from '@k2/iceberg'

/** A {@link ParquetWriter} that also tells how long its `write` calls took in total. */
export interface TimedParquetWriter extends ParquetWriter {
  /** Milliseconds spent inside `write` since creation. */
  readonly writeMillis: () => number
}

/**
 * Wraps a Parquet writer to measure the data-file part of an append (writers compose by
 * wrapping, STYLE.md habit 11): `appendRows` stays the unit under test, and everything it does
 * outside `write` (loading the table, manifests, manifest list, metadata, catalog swap) is the
 * commit part. `now` is injectable for tests.
 */
export function timeParquetWriter(
  inner: ParquetWriter,
  now: () => number = () => performance.now(),
): TimedParquetWriter {
  let total = 0
  return {
    async write(request) {
      const started = now()
      try {
        return await inner.write(request)
      } finally {
        total += now() - started
      }
    },
    close: () => inner.close(),
    writeMillis: () => total,
  }
}
