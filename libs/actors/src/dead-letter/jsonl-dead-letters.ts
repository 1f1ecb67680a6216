import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

import { ActorsError } from '../errors.js'
import {
  deadLetterToJson,
  validateDeadLetter,
  type DeadLetter,
  type DeadLetterSink,
  type DeadLetterSource,
} from './dead-letter.js'

/** The JSONL sink of embedded mode. */
export interface JsonlDeadLetterSink extends DeadLetterSink {
  /** The directory the files are in. */
  readonly dir: string
}

/** The file of a letter: `<source>-<yyyy-mm-dd>.jsonl`, the UTC day of its `at`. */
export function deadLetterFileName(letter: DeadLetter): string {
  return `${letter.source}-${validateDeadLetter(letter)}.jsonl`
}

/**
 * Dead letters of embedded mode (D6): one JSON line per letter (`deadLetterToJson`: the original
 * as base64 `bytes` or as `text`), appended to `<dir>/<source>-<yyyy-mm-dd>.jsonl` by the UTC day
 * of the letter's `at`. Nothing is created until the first letter (a clean run leaves no files).
 *
 * Concurrency: writes are queued and run one at a time in call order, each as one append of a
 * whole line, so concurrent callers never interleave or reorder lines; a failed write rejects
 * (`ACTORS_DEAD_LETTER_WRITE_FAILED`, the cause says why) without blocking the ones after it.
 * An invalid letter is refused at once (`ACTORS_INVALID_DEAD_LETTER`) and never queued. One
 * process per directory: two processes appending to the same file could interleave lines.
 * `close` waits for the queue, syncs and closes the files.
 */
export function openJsonlDeadLetters(dir: string): JsonlDeadLetterSink {
  /** The open file of each source (the current day's; the previous one is closed on a change). */
  const files = new Map<DeadLetterSource, { readonly path: string; readonly handle: FileHandle }>()
  let queue: Promise<void> = Promise.resolve()
  let closed = false
  let count = 0

  async function fileFor(source: DeadLetterSource, path: string): Promise<FileHandle> {
    const current = files.get(source)
    if (current?.path === path) return current.handle
    if (current !== undefined) {
      files.delete(source)
      await current.handle.close()
    }
    await mkdir(dir, { recursive: true })
    const handle = await open(path, 'a')
    files.set(source, { path, handle })
    return handle
  }

  async function append(source: DeadLetterSource, path: string, line: string): Promise<void> {
    try {
      const handle = await fileFor(source, path)
      await handle.appendFile(line, 'utf8')
    } catch (cause) {
      throw new ActorsError(
        'ACTORS_DEAD_LETTER_WRITE_FAILED',
        `cannot append to ${path}: ${(cause as Error)?.message ?? String(cause)}`,
        { cause, context: { path } },
      )
    }
    count++
  }

  return {
    dir,
    get count() {
      return count
    },
    write(letter) {
      if (closed) {
        return Promise.reject(
          new ActorsError('ACTORS_DEAD_LETTERS_CLOSED', `dead letters in ${dir} are closed`),
        )
      }
      let path: string
      let line: string
      try {
        path = join(dir, deadLetterFileName(letter))
        line = `${JSON.stringify(deadLetterToJson(letter))}\n`
      } catch (err) {
        return Promise.reject(err)
      }
      const run = queue.then(() => append(letter.source, path, line))
      queue = run.catch(() => {})
      return run
    },
    async close() {
      closed = true
      await queue
      const handles = [...files.values()]
      files.clear()
      for (const { handle } of handles) {
        try {
          await handle.sync()
        } finally {
          await handle.close()
        }
      }
    },
  }
}
