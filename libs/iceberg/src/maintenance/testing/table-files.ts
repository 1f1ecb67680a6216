import { existsSync } from 'node:fs'

import type { FileIO } from '../../io/index.js'
import { toLocalPath } from '../../io/index.js'
import type { TableMetadata } from '../../spec/table-metadata.js'
import { liveDataFiles, SHARED_MANIFEST_CACHE } from '../../table/snapshot-files.js'

/** What the snapshots of a table reference, for the maintenance tests' bookkeeping. */
export interface ReferencedFiles {
  /** Manifest lists of all snapshots. */
  readonly lists: ReadonlySet<string>
  /** Manifests of all snapshots. */
  readonly manifests: ReadonlySet<string>
  /** Data files live in at least one snapshot. */
  readonly liveDataFiles: ReadonlySet<string>
  /** Data files live in the current snapshot. */
  readonly currentDataFiles: ReadonlySet<string>
}

/** Every file the snapshots of `md` reference (reads each manifest list and manifest). */
export async function referencedFiles(io: FileIO, md: TableMetadata): Promise<ReferencedFiles> {
  const lists = new Set<string>()
  const manifests = new Set<string>()
  const live = new Set<string>()
  let current = new Set<string>()
  for (const snapshot of md.snapshots) {
    lists.add(snapshot['manifest-list'])
    for (const m of await SHARED_MANIFEST_CACHE.manifestsOf(io, snapshot)) {
      manifests.add(m.manifest_path)
    }
    const files = await liveDataFiles(io, snapshot)
    for (const { file } of files) live.add(file.file_path)
    if (snapshot['snapshot-id'] === md['current-snapshot-id']) {
      current = new Set(files.map((f) => f.file.file_path))
    }
  }
  return { lists, manifests, liveDataFiles: live, currentDataFiles: current }
}

/** The table's files on disk: data files, Avro metadata (manifests and lists), metadata JSON. */
export async function filesOnDisk(
  io: FileIO,
  md: TableMetadata,
): Promise<{ data: string[]; avro: string[]; metadataJson: string[] }> {
  const metadata = await io.list(`${md.location}/metadata/`)
  return {
    data: await io.list(`${md.location}/data/`),
    avro: metadata.filter((f) => f.endsWith('.avro')),
    metadataJson: metadata.filter((f) => f.endsWith('.metadata.json')),
  }
}

/** The locations among `locations` that do not exist on the local disk. */
export function missingOnDisk(locations: Iterable<string>): string[] {
  return [...locations].filter((l) => !existsSync(toLocalPath(l)))
}
