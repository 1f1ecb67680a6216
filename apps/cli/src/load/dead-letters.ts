import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

import type { RowRejected } from '@k2/sources-csv'

/**
 * The dead-letter file of a load: one JSON line per rejected row, `{file, row, reason, raw}`,
 * appended. Created on the first rejected row, so a clean load leaves no file.
 */
export interface DeadLetters {
  readonly path: string
  readonly count: number
  write(row: RowRejected): Promise<void>
  close(): Promise<void>
}

/** Opens (lazily) the dead-letter file at `path`. */
export function openDeadLetters(path: string): DeadLetters {
  let handle: FileHandle | undefined
  let count = 0
  return {
    path,
    get count() {
      return count
    },
    async write(row) {
      if (handle === undefined) {
        await mkdir(dirname(path), { recursive: true })
        handle = await open(path, 'a')
      }
      const line = { file: row.file, row: row.row, reason: row.reason, raw: row.raw }
      await handle.write(`${JSON.stringify(line)}\n`)
      count++
    },
    async close() {
      await handle?.close()
      handle = undefined
    },
  }
}
