import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Files and bytes under a table's `data/` and `metadata/` folders. */
export interface TableUsage {
  readonly dataFiles: number
  readonly dataBytes: number
  readonly metadataFiles: number
  readonly metadataBytes: number
}

/**
 * Measures a local table directory from the file system, the same way for both writers: data
 * files are the `.parquet` files anywhere under `data/`, metadata is every file under
 * `metadata/` (metadata JSON, manifest lists, manifests). Missing folders count as empty.
 */
export async function tableUsage(tableDir: string): Promise<TableUsage> {
  const data = await walk(join(tableDir, 'data'), (name) => name.endsWith('.parquet'))
  const metadata = await walk(join(tableDir, 'metadata'), () => true)
  return {
    dataFiles: data.files,
    dataBytes: data.bytes,
    metadataFiles: metadata.files,
    metadataBytes: metadata.bytes,
  }
}

async function walk(
  dir: string,
  counts: (name: string) => boolean,
): Promise<{ files: number; bytes: number }> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: 0, bytes: 0 }
    throw err
  }
  let files = 0
  let bytes = 0
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const sub = await walk(path, counts)
      files += sub.files
      bytes += sub.bytes
    } else if (entry.isFile() && counts(entry.name)) {
      files++
      bytes += (await stat(path)).size
    }
  }
  return { files, bytes }
}
