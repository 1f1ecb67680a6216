import { join } from 'node:path'

import { createCatalog, createLocalFileIO, createParquetWriter, toLocalPath } from '@k2/iceberg'

import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES } from '../errors.js'
import { booleanFlag, integerFlag, stringFlag } from '../flags.js'
import { loadAsxDirectoryThroughKafka } from '../load/asx-kafka-load.js'
import { LOAD_BATCH_ROWS, loadAsxDirectory } from '../load/asx-load.js'
import { openDeadLetters } from '../load/dead-letters.js'
import { openKafkaSink } from '../load/kafka-sink.js'
import { createProgress } from '../load/progress.js'

/** How long a Kafka load waits for the writers by default, seconds. */
const WAIT_TIMEOUT_S = 300

const FLAGS = {
  dlq: stringFlag({
    description:
      'dead-letter JSONL file for rejected rows (default <warehouse>/dead_letters/asx-<time>.jsonl)',
    placeholder: 'FILE',
  }),
  batchRows: integerFlag({
    description: 'rows per Iceberg commit (embedded; Kafka: the reference data)',
    default: LOAD_BATCH_ROWS,
    min: 1,
  }),
  force: booleanFlag({ description: 'load files again even if a snapshot says they are loaded' }),
  waitTimeoutS: integerFlag({
    description: 'Kafka: seconds to wait for the writers to commit every produced row',
    default: WAIT_TIMEOUT_S,
    min: 1,
  }),
  noWait: booleanFlag({ description: 'Kafka: only produce; do not wait for the writers' }),
} as const

/**
 * `k2 load asx <dir>`: loads an ASX vendor sample (D9) into the Iceberg tables of K2_WAREHOUSE,
 * idempotently: straight into Iceberg (`load/asx-load.ts`), or with K2_TRANSPORT=kafka through
 * Kafka and the writers of a running supervisor (`load/asx-kafka-load.ts`).
 */
export const loadCommand = defineCommand({
  name: 'load',
  summary:
    'load ASX CSV files (trades, quotes, company info) into the Iceberg tables (or via Kafka)',
  description:
    'Loads an ASX sample directory (reference/company_info.csv, trades/<company_id>.csv,\n' +
    'quotes/<company_id>.csv) into market_data.reference_data_v2, trades_v2 and quotes_v2 of\n' +
    'K2_WAREHOUSE. Sydney times become UTC. Rejected rows go to the dead-letter file; the exit\n' +
    'code is 1 if any row was rejected. Loading twice adds nothing.\n' +
    "Embedded (default): straight into Iceberg; every commit records the file's SHA-256 in its\n" +
    'snapshot summary (k2.source-files), so files already loaded are skipped.\n' +
    'K2_TRANSPORT=kafka: trades and quotes are produced to market.equities.{trades,quotes}.asx\n' +
    '(key = symbol) for the writers of a running supervisor (K2_TRANSPORT=kafka, same K2_WAREHOUSE\n' +
    'and K2_KAFKA_BROKERS) to commit; company info goes into reference_data_v2 directly and to the\n' +
    'compacted market.equities.reference_data.asx. A file is produced only after the rows its\n' +
    "symbol already has committed (the tables' k2.source-positions), so landed files are skipped\n" +
    '(--force produces them again; the writers drop what they hold). Then the load waits until\n' +
    'every produced row is committed (exit 0), at most --wait-timeout-s (exit 1).',
  operands: { usage: 'asx <dir>', min: 2, max: 2 },
  flags: FLAGS,
  examples: [
    'load asx ../shared/data/asx-2014-03',
    'load asx ./sample --dlq bad-rows.jsonl --force',
    'load asx ../shared/data/asx-2014-03 --wait-timeout-s 600   # with K2_TRANSPORT=kafka',
  ],
  async run(values, context, operands) {
    const [format, dir] = operands as [string, string]
    if (format !== 'asx') {
      throw new CliError(
        'CLI_INVALID_ARGUMENT',
        `unknown format ${JSON.stringify(format)} (formats: asx)`,
      )
    }
    const config = context.loadConfig()
    const kafka = config.transport === 'kafka'
    if (!kafka && values.noWait) {
      throw new CliError('CLI_INVALID_ARGUMENT', '--no-wait needs K2_TRANSPORT=kafka')
    }
    const warehouse = config.iceberg.warehouse
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const dlqPath = values.dlq ?? join(toLocalPath(warehouse), 'dead_letters', `asx-${stamp}.jsonl`)
    const deadLetters = openDeadLetters(dlqPath)
    const catalog = await createCatalog({ uri: config.iceberg.catalogUri, warehouse })
    const parquet = await createParquetWriter()
    const sink = kafka ? await openKafkaSink(config).catch(closeFirst) : undefined
    async function closeFirst(err: unknown): Promise<never> {
      await parquet.close()
      await catalog.close()
      throw err
    }
    const started = performance.now()
    try {
      const options = {
        dir,
        warehouse,
        tables: { catalog, io: createLocalFileIO(), parquet },
        deadLetters,
        progress: (total: number) => createProgress(context, total),
        batchRows: values.batchRows,
        force: values.force,
        signal: context.signal,
      }
      const viaKafka =
        sink === undefined
          ? undefined
          : await loadAsxDirectoryThroughKafka({
              ...options,
              sink,
              ...(values.noWait
                ? {}
                : {
                    wait: {
                      timeoutMs: values.waitTimeoutS * 1000,
                      line: (text: string) => context.err(text),
                    },
                  }),
            })
      const summary = viaKafka ?? (await loadAsxDirectory(options))
      const seconds = (performance.now() - started) / 1000
      const rate = seconds > 0 ? Math.round(summary.rows / seconds) : 0
      const loaded = sink === undefined ? 'loaded' : 'produced'
      context.out(
        `rows ${summary.rows}, ok ${summary.ok}, errors ${summary.errors}, ` +
          `${rate} rows/s (${seconds.toFixed(1)} s); files ${loaded} ${summary.filesLoaded}, ` +
          `skipped ${summary.filesSkipped}; commits ${summary.commits}` +
          (viaKafka === undefined
            ? ''
            : `; records produced ${viaKafka.produced}` +
              (viaKafka.landed === undefined
                ? ', not waited for'
                : viaKafka.landed
                  ? `, committed by the writers (waited ${(viaKafka.waitedMs / 1000).toFixed(1)} s)`
                  : ', NOT all committed')),
      )
      if (summary.errors > 0)
        context.err(`k2 load: ${summary.errors} rows rejected, see ${dlqPath}`)
      if (summary.aborted) {
        context.err('k2 load: interrupted; run again to resume after the last commit')
        return EXIT_CODES.failure
      }
      if (viaKafka?.landed === false) {
        const behind = viaKafka.pending
          .map((p) => `${p.table} ${p.stream} at row ${p.position} of ${p.target}`)
          .join(', ')
        context.err(
          `k2 load: the produced rows were not all committed within ${values.waitTimeoutS} s ` +
            `(${behind}). A supervisor with K2_TRANSPORT=kafka (same K2_KAFKA_BROKERS and ` +
            'K2_WAREHOUSE) must be running to commit them; they stay in Kafka, run the load ' +
            'again to wait.',
        )
        return EXIT_CODES.failure
      }
      return summary.errors > 0 ? EXIT_CODES.failure : EXIT_CODES.ok
    } finally {
      await sink?.close().catch(() => undefined)
      await deadLetters.close()
      await parquet.close()
      await catalog.close()
    }
  },
})
