import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs'

/** Lines of each broker log shown when start-up fails. */
export const LOG_TAIL_LINES = 40

// Only the end of the file is read: server.log can be tens of MB after a long run.
const MAX_TAIL_BYTES = 64 * 1024

/** Last `maxLines` lines of `text`, without a trailing empty line. */
export function tailLines(text: string, maxLines: number): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines.slice(-maxLines)
}

/** Last `maxLines` lines of the file at `path`, or `[]` when it does not exist (yet). */
export function tailFile(path: string, maxLines = LOG_TAIL_LINES): string[] {
  if (!existsSync(path)) return []
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const length = Math.min(size, MAX_TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    readSync(fd, buffer, 0, length, size - length)
    return tailLines(buffer.toString('utf8'), maxLines)
  } finally {
    closeSync(fd)
  }
}

/** Human-readable block with the tail of each non-empty file, for error messages. */
export function formatLogTails(paths: readonly string[], maxLines = LOG_TAIL_LINES): string {
  const blocks = paths.flatMap((path) => {
    const lines = tailFile(path, maxLines)
    return lines.length === 0 ? [] : [`--- last ${lines.length} lines of ${path} ---`, ...lines]
  })
  return blocks.length === 0 ? '(the broker wrote no log output)' : blocks.join('\n')
}
