import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'

/**
 * The lines of a text file, streamed (constant memory), without their line breaks: LF and CRLF
 * both end a line (the ASX vendor files use CRLF). A UTF-8 byte-order mark is dropped.
 */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  const lines = createInterface({ input, crlfDelay: Infinity })
  let first = true
  try {
    for await (const line of lines) {
      yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line
      first = false
    }
  } finally {
    lines.close()
    input.destroy()
  }
}
