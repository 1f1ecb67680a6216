import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { DataType } from '@k2/core'

import { CodecsError } from '../errors.js'

/**
 * The checked-in v2 schemas (`schemas/*.avsc` at the workspace root, D2): one file per record and
 * version. The reader schema of each data type is its current version here.
 */
export const SCHEMA_FILES: Readonly<Record<DataType, string>> = {
  trades: 'trade_v2.avsc',
  quotes: 'quote_v2.avsc',
  reference_data: 'reference_data_v2.avsc',
}

/** Absolute path of the workspace `schemas/` folder. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url))

/** Reads and parses one `.avsc` file as JSON. */
export function readSchemaFile(
  fileName: string,
  dir: string = SCHEMAS_DIR,
): Record<string, unknown> {
  const path = join(dir, fileName)
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch (cause) {
    throw new CodecsError('CODECS_INVALID_SCHEMA', `cannot read schema file ${path}`, {
      cause,
      context: { path },
    })
  }
}

/** The current (reader) schema of a data type. */
export function readerSchemaOf(
  dataType: DataType,
  dir: string = SCHEMAS_DIR,
): Record<string, unknown> {
  return readSchemaFile(SCHEMA_FILES[dataType], dir)
}

/** Every `.avsc` in the schemas folder: the writer schemas a single-object reader can recognise. */
export function allSchemaFiles(dir: string = SCHEMAS_DIR): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()
    .map((f) => readSchemaFile(f, dir))
}
