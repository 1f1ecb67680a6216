import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs'

/** Lines of a log shown in an error message. */
export const LOG_TAIL_LINES = 30

const MAX_TAIL_BYTES = 64 * 1024

/** Last `maxLines` lines of `text`, without a trailing empty line. */
export function tailLines(text: string, maxLines: number): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines.slice(-maxLines)
}

/** Human-readable block with the last lines of the file at `path`, for error messages. */
export function formatLogTail(path: string, maxLines = LOG_TAIL_LINES): string {
  if (!existsSync(path)) return `(no log at ${path})`
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const length = Math.min(size, MAX_TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    readSync(fd, buffer, 0, length, size - length)
    const lines = tailLines(buffer.toString('utf8'), maxLines)
    return lines.length === 0
      ? `(${path} is empty)`
      : [`--- last ${lines.length} lines of ${path} ---`, ...lines].join('\n')
  } finally {
    closeSync(fd)
  }
}
