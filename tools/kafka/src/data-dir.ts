import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { KafkaToolError } from './errors.js'
import { runFiles } from './paths.js'

/** File that marks a directory as a per-run data dir created by this tool. */
export const DATA_DIR_MARKER = '.k2-kafka-data-dir'

/**
 * Wipes and recreates the per-run data dir (each start is a fresh single-node cluster, so tests
 * never see topics or offsets from an earlier run). Because `--data-dir` is user input, a
 * non-empty directory is only deleted if it carries our marker file: a typo such as
 * `--data-dir ~` must fail instead of erasing a home directory.
 */
export function prepareDataDir(dataDir: string): ReturnType<typeof runFiles> {
  if (existsSync(dataDir)) {
    const entries = readdirSync(dataDir)
    if (entries.length > 0 && !entries.includes(DATA_DIR_MARKER)) {
      throw new KafkaToolError(
        'KAFKA_TOOL_INVALID_OPTION',
        `invalid option dataDir: ${dataDir} is not empty and was not created by tools/kafka ` +
          `(no ${DATA_DIR_MARKER} file); refusing to wipe it`,
      )
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  const files = runFiles(dataDir)
  mkdirSync(files.logsDir, { recursive: true })
  writeFileSync(
    join(dataDir, DATA_DIR_MARKER),
    'Wiped and recreated by tools/kafka at each start.\n',
  )
  return files
}
