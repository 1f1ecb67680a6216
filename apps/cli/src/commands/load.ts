import { join } from 'node:path'

import { createCatalog, createLocalFileIO, createParquetWriter, toLocalPath } from '@k2/iceberg'

import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES } from '../errors.js'
import { booleanFlag, integerFlag, stringFlag } from '../flags.js'
import { LOAD_BATCH_ROWS, loadAsxDirectory } from '../load/asx-load.js'
import { openDeadLetters } from '../load/dead-letters.js'
import { createProgress } from '../load/progress.js'

const FLAGS = {
  dlq: stringFlag({
    description:
      'dead-letter JSONL file for rejected rows (default <warehouse>/dead_letters/asx-<time>.jsonl)',
    placeholder: 'FILE',
  }),
  batchRows: integerFlag({
    description: 'rows per Iceberg commit',
    default: LOAD_BATCH_ROWS,
    min: 1,
  }),
  force: booleanFlag({ description: 'load files again even if a snapshot says they are loaded' }),
} as const

/**
 * `k2 load asx <dir>`: loads an ASX vendor sample (D9) into the Iceberg tables of K2_WAREHOUSE,
 * idempotently (see `load/asx-load.ts`).
 */
export const loadCommand = defineCommand({
  name: 'load',
  summary: 'load ASX CSV files (trades, quotes, company info) into the Iceberg tables',
  description:
    'Loads an ASX sample directory (reference/company_info.csv, trades/<company_id>.csv,\n' +
    'quotes/<company_id>.csv) into market_data.reference_data_v2, trades_v2 and quotes_v2 of\n' +
    'K2_WAREHOUSE (embedded: straight into Iceberg). Sydney times become UTC. Every commit records\n' +
    "the file's SHA-256 in its snapshot summary (k2.source-files): files already loaded are skipped,\n" +
    'so loading twice adds nothing. Rejected rows go to the dead-letter file; the exit code is 1\n' +
    'if any row was rejected. K2_TRANSPORT=kafka is not supported yet (exit 2).',
  operands: { usage: 'asx <dir>', min: 2, max: 2 },
  flags: FLAGS,
  examples: [
    'load asx ../shared/data/asx-2014-03',
    'load asx ./sample --dlq bad-rows.jsonl --force',
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
    if (config.transport === 'kafka') {
      context.err('k2 load: K2_TRANSPORT=kafka is not yet supported; unset it to load embedded')
      return EXIT_CODES.usage
    }
    const warehouse = config.iceberg.warehouse
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const dlqPath = values.dlq ?? join(toLocalPath(warehouse), 'dead_letters', `asx-${stamp}.jsonl`)
    const deadLetters = openDeadLetters(dlqPath)
    const catalog = await createCatalog({ uri: config.iceberg.catalogUri, warehouse })
    const parquet = await createParquetWriter()
    const started = performance.now()
    try {
      const summary = await loadAsxDirectory({
        dir,
        warehouse,
        tables: { catalog, io: createLocalFileIO(), parquet },
        deadLetters,
        progress: (total) => createProgress(context, total),
        batchRows: values.batchRows,
        force: values.force,
        signal: context.signal,
      })
      const seconds = (performance.now() - started) / 1000
      const rate = seconds > 0 ? Math.round(summary.rows / seconds) : 0
      context.out(
        `rows ${summary.rows}, ok ${summary.ok}, errors ${summary.errors}, ` +
          `${rate} rows/s (${seconds.toFixed(1)} s); files loaded ${summary.filesLoaded}, ` +
          `skipped ${summary.filesSkipped}; commits ${summary.commits}`,
      )
      if (summary.errors > 0)
        context.err(`k2 load: ${summary.errors} rows rejected, see ${dlqPath}`)
      if (summary.aborted) {
        context.err('k2 load: interrupted; run again to resume after the last commit')
        return EXIT_CODES.failure
      }
      return summary.errors > 0 ? EXIT_CODES.failure : EXIT_CODES.ok
    } finally {
      await deadLetters.close()
      await parquet.close()
      await catalog.close()
    }
  },
})
