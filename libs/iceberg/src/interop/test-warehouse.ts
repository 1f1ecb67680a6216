import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createCatalog, type Catalog } from '../catalog/index.js'
import { createLocalFileIO, type FileIO } from '../io/index.js'
import { createParquetWriter, type ParquetWriter } from '../parquet/index.js'

/** A fresh local warehouse for one test file: SQLite catalog `k2`, local file IO, Parquet writer. */
export interface TestWarehouse {
  /** Absolute path of the warehouse directory (the catalog is `<dir>/catalog.db`). */
  readonly dir: string
  readonly ctx: { readonly catalog: Catalog; readonly io: FileIO; readonly parquet: ParquetWriter }
  /** Closes the writer and the catalog and deletes the directory. */
  close(): Promise<void>
}

/** Opens a new warehouse under the OS temp directory. */
export async function openTestWarehouse(prefix: string): Promise<TestWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), `k2-${prefix}-`))
  const catalog = await createCatalog({ warehouse: dir })
  const parquet = await createParquetWriter()
  return {
    dir,
    ctx: { catalog, io: createLocalFileIO(), parquet },
    async close() {
      await parquet.close()
      await catalog.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
