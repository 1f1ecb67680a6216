import type { DataFile, ManifestEntry } from '../spec/data-file.js'
import { MANIFEST_ENTRY_STATUS } from '../spec/data-file.js'
import { readManifest } from '../spec/manifest.js'
import { readManifestList, type ManifestFile } from '../spec/manifest-list.js'
import type { Snapshot } from '../spec/snapshot.js'
import type { FileIO } from '../io/index.js'

/**
 * Manifests and manifest lists never change once written (spec: "Overview"), so they are cached by
 * location. The cache is bounded by entry count; the oldest entries go first.
 */
export class ManifestCache {
  private readonly lists = new Map<string, ManifestFile[]>()
  private readonly manifests = new Map<string, ManifestEntry[]>()

  constructor(private readonly maxEntries = 2_000) {}

  /** The manifests of a snapshot's manifest list. */
  async manifestsOf(io: FileIO, snapshot: Snapshot): Promise<ManifestFile[]> {
    const location = snapshot['manifest-list']
    let list = this.lists.get(location)
    if (!list) {
      list = readManifestList(await io.read(location))
      this.remember(this.lists, location, list)
    }
    return list
  }

  /** A manifest's entries with ids and sequence numbers inherited from its manifest-list entry. */
  async entriesOf(io: FileIO, manifest: ManifestFile): Promise<ManifestEntry[]> {
    const location = manifest.manifest_path
    let entries = this.manifests.get(location)
    if (!entries) {
      entries = readManifest(await io.read(location), { inheritFrom: manifest }).entries
      this.remember(this.manifests, location, entries)
    }
    return entries
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value)
    if (map.size > this.maxEntries) map.delete(map.keys().next().value as string)
  }
}

/** The process-wide cache used when a caller brings none. */
export const SHARED_MANIFEST_CACHE = new ManifestCache()

/** True for entries that are part of the snapshot (added or existing, not deleted). */
export function isLive(entry: ManifestEntry): boolean {
  return entry.status !== MANIFEST_ENTRY_STATUS.DELETED
}

/** Every live data file of a snapshot, with the manifest that lists it. */
export async function liveDataFiles(
  io: FileIO,
  snapshot: Snapshot | undefined,
  cache: ManifestCache = SHARED_MANIFEST_CACHE,
): Promise<Array<{ manifest: ManifestFile; entry: ManifestEntry; file: DataFile }>> {
  if (!snapshot) return []
  const out: Array<{ manifest: ManifestFile; entry: ManifestEntry; file: DataFile }> = []
  for (const manifest of await cache.manifestsOf(io, snapshot)) {
    for (const entry of await cache.entriesOf(io, manifest)) {
      if (isLive(entry)) out.push({ manifest, entry, file: entry.data_file })
    }
  }
  return out
}
