import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'

import { formatRecordingLine, type ReceivedFrame } from '@k2/exchanges'

import { CliError, invalidFlag } from './errors.js'

/** A JSONL recording being written (`{"recv_ts","frame"}` lines, the replay exchange's format). */
export interface RecordingFile {
  readonly path: string
  /** Appends one frame; returns a promise when the file wants the writer to wait (backpressure). */
  write(frame: ReceivedFrame): void | Promise<void>
  /** Flushes and closes the file. */
  close(): Promise<void>
  /** Closes and deletes the file (nothing worth keeping was recorded). */
  discard(): Promise<void>
}

/**
 * Creates the recording file at `path` (the `--out` flag); refuses to replace an existing file
 * unless `overwrite` (a recording can be hours of data), naming the flag.
 */
export async function openRecordingFile(path: string, overwrite: boolean): Promise<RecordingFile> {
  const stream: WriteStream = createWriteStream(path, { flags: overwrite ? 'w' : 'wx' })
  try {
    await once(stream, 'open')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw invalidFlag('out', `${path} exists (add --force to replace it)`)
    throw new CliError('CLI_COMMAND_FAILED', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
      context: { flag: 'out' },
    })
  }
  let failed: Error | undefined
  let draining: Promise<void> | undefined
  stream.on('error', (error) => {
    failed = error
  })
  const close = async () => {
    if (!stream.closed) {
      stream.end()
      await once(stream, 'close')
    }
    if (failed !== undefined) {
      throw new CliError('CLI_COMMAND_FAILED', `writing ${path} failed: ${failed.message}`, {
        cause: failed,
      })
    }
  }
  return {
    path,
    write(frame) {
      if (failed !== undefined) {
        throw new CliError('CLI_COMMAND_FAILED', `writing ${path} failed: ${failed.message}`, {
          cause: failed,
        })
      }
      if (stream.write(formatRecordingLine(frame))) return undefined
      // One wait for all frames written while the buffer is full (frames still arrive after the
      // socket is paused).
      draining ??= once(stream, 'drain').then(() => {
        draining = undefined
      })
      return draining
    },
    close,
    async discard() {
      await close().catch(() => undefined)
      await rm(path, { force: true })
    },
  }
}
