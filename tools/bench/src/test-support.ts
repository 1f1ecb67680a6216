import {
  summarizeRuns,
  type BenchResults,
  type RunMeasurement,
  type Side,
} from './bench-results.js'

/** Test helper: a run of 1,000,000 rows in `seconds`, other metrics derived from it. */
export function fakeRun(side: Side, run: number, seconds: number): RunMeasurement {
  return {
    side,
    run,
    seconds,
    rowsPerSecond: 1_000_000 / seconds,
    writeSeconds: seconds * 0.9,
    commitSeconds: seconds * 0.1,
    cpuSeconds: seconds * 1.5,
    mainThreadSeconds: seconds * 0.5,
    dataFiles: side === 'pyiceberg' ? 6 : 3,
    dataBytes: side === 'pyiceberg' ? 56_426_909 : 44_344_801,
    metadataBytes: 10_600,
    rssBeforeBytes: 1_000 * 1024 * 1024,
    peakRssBytes: 2_000 * 1024 * 1024,
    scanCount: 1_000_000,
    totalRecords: 1_000_000,
    ...(side === 'k2-columns' ? { readSeconds: seconds * 0.25 } : {}),
  }
}

/** Test helper: results of the given runs, with a fixed machine. */
export function fakeResults(runs: readonly RunMeasurement[]): BenchResults {
  return {
    benchmark: 'iceberg-append',
    date: '2025-11-26T00:00:00.000Z',
    command: 'npm run bench:iceberg-append',
    environment: {
      cpuModel: 'AMD EPYC',
      cpus: 2,
      memoryBytes: 24 * 1024 ** 3,
      os: 'Linux 6.1',
      node: 'v20.20.2',
      python: '3.11.7',
      pyiceberg: '0.12.0',
      pyarrow: '26.0.1',
      pyicebergCore: '0.10.1',
      loadAverageBefore: 0.12,
    },
    data: {
      rows: 1_000_000,
      symbols: 20,
      days: 3,
      seed: 1,
      checksums: {
        rows: 1_000_000,
        distinct_message_ids: 1_000_000,
        price_unscaled_sum: '0',
        quantity_unscaled_sum: '0',
        timestamp_sum: '0',
        ingestion_timestamp_sum: '0',
        source_sequence_sum: '0',
        vendor_data_entries: 0,
      },
    },
    runs,
    ...summarizeRuns(runs),
  }
}
