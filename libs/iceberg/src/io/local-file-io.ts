import { randomUUID } from 'node:crypto'
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { IcebergError, type IcebergErrorCode } from '../errors.js'
import type { FileIO, WriteOptions } from './file-io.js'
import { toLocalPath } from './local-path.js'

/** Name prefix of the temporary files {@link FileIO.write} moves into place; listings skip them. */
export const TEMP_FILE_PREFIX = '.k2-tmp-'

/** Node `errno` codes that mean something to callers; every other failure is `ICEBERG_IO_FAILED`. */
const ERRNO_CODES: Readonly<Record<string, IcebergErrorCode>> = {
  ENOENT: 'ICEBERG_NOT_FOUND',
  ENOTDIR: 'ICEBERG_NOT_FOUND',
  EEXIST: 'ICEBERG_ALREADY_EXISTS',
}

/** Errors of `link()` on file systems without hard links, where writes fall back to `rename()`. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

/**
 * The local-filesystem {@link FileIO}: `file:` URIs and absolute paths. Writes go to a temporary
 * file in the target directory, are flushed to disk (file and directory, so a committed metadata
 * file survives a crash) and then appear at once: by `link()` when the file must not exist yet
 * (fails atomically if it does), by `rename()` when overwriting.
 */
export function createLocalFileIO(): FileIO {
  return {
    write: (location, bytes, options) =>
      guard('write', location, () => write(location, bytes, options)),
    read: (location) => guard('read', location, () => readFile(toLocalPath(location))),
    exists: (location) => guard('exists', location, () => exists(toLocalPath(location))),
    delete: (location) => guard('delete', location, () => remove(toLocalPath(location))),
    list: (prefix) => guard('list', prefix, () => list(prefix)),
    size: (location) =>
      guard('size', location, async () => (await stat(toLocalPath(location))).size),
    newOutputPath: (directory, fileName) => `${directory.replace(/\/+$/, '')}/${fileName}`,
  }
}

async function write(location: string, bytes: Uint8Array, options?: WriteOptions): Promise<void> {
  const path = toLocalPath(location)
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `${TEMP_FILE_PREFIX}${basename(path)}.${randomUUID()}`)
  const handle = await open(temp, 'wx')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    if (options?.overwrite === true) {
      await rename(temp, path)
    } else {
      await publishNew(temp, path)
    }
    await syncDirectory(dir)
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

/** Makes `temp` visible as `path` only if `path` does not exist yet. */
async function publishNew(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path)
  } catch (err) {
    if (!NO_HARD_LINKS.has(errnoOf(err) ?? '')) throw err
    // Without hard links the existence check and the rename are two steps; a concurrent writer
    // of the same new name could slip in between. Iceberg names new files uniquely, so this
    // only weakens a safety net, never a commit (commits are decided by the catalog).
    if (await exists(path)) {
      throw Object.assign(new Error(`file exists: ${path}`), { code: 'EEXIST' })
    }
    await rename(temp, path)
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  if (handle === undefined) return
  try {
    await handle.sync().catch(() => undefined)
  } finally {
    await handle.close()
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch (err) {
    if (ERRNO_CODES[errnoOf(err) ?? ''] === 'ICEBERG_NOT_FOUND') return false
    throw err
  }
}

async function remove(path: string): Promise<void> {
  try {
    await unlink(path)
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw err
  }
}

/** Object-store listing semantics: every file whose path starts with the prefix, at any depth. */
async function list(prefix: string): Promise<string[]> {
  const path = toLocalPath(prefix)
  const start = path.endsWith('/') ? path.slice(0, -1) : dirname(path)
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (ERRNO_CODES[errnoOf(err) ?? ''] === 'ICEBERG_NOT_FOUND') return
      throw err
    }
    for (const entry of entries) {
      const child = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        // Descend only where a match is still possible, not through the whole table.
        if (path.startsWith(`${child}/`) || `${child}/`.startsWith(path)) await walk(child)
      } else if (
        entry.isFile() &&
        child.startsWith(path) &&
        !entry.name.startsWith(TEMP_FILE_PREFIX)
      ) {
        found.push(child)
      }
    }
  }
  await walk(start === '' ? '/' : start)
  return found.sort().map((file) => prefix + file.slice(path.length))
}

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined
}

/** Runs one operation and turns what it throws into an {@link IcebergError} naming the location. */
async function guard<T>(op: string, location: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof IcebergError) throw err
    const errno = errnoOf(err)
    const code = ERRNO_CODES[errno ?? ''] ?? 'ICEBERG_IO_FAILED'
    const reason = err instanceof Error ? err.message : String(err)
    throw new IcebergError(code, `${op} ${location} failed: ${reason}`, {
      cause: err,
      context: { op, location, errno },
    })
  }
}
