import type { DataFile, ManifestEntry } from '../spec/data-file.js'
import { MANIFEST_ENTRY_STATUS } from '../spec/data-file.js'
import { readManifest } from '../spec/manifest.js'
import { readManifestList, type ManifestFile } from '../spec/manifest-list.js'
import type { Snapshot } from '../spec/snapshot.js'
import type { FileIO } from '../io/index.js'
import { WeightedLru } from './weighted-lru.js'

/** Bounds of a {@link ManifestCache}, in items held (not in files). */
export interface ManifestCacheLimits {
  /** Manifest-list entries held, summed over the cached lists. */
  readonly maxListEntries: number
  /** Manifest entries (data files with their metrics) held, summed over the cached manifests. */
  readonly maxManifestEntries: number
}

/**
 * Defaults of {@link ManifestCacheLimits}: a few MB of lists and ~50-100 MB of entries. Bounded by
 * items, not files: in a streaming table every snapshot's list repeats its parent's manifests, so
 * a bound by file count held a quadratic number of entries (~240 MB per writer after 650
 * snapshots, measured).
 */
export const MANIFEST_CACHE_LIMITS: ManifestCacheLimits = Object.freeze({
  maxListEntries: 20_000,
  maxManifestEntries: 50_000,
})

/**
 * Manifests and manifest lists never change once written (spec: "Overview"), so they are cached by
 * location, bounded by the items they hold; the least recently used go first.
 */
export class ManifestCache {
  private readonly lists: WeightedLru<ManifestFile[]>
  private readonly manifests: WeightedLru<ManifestEntry[]>

  constructor(limits: Partial<ManifestCacheLimits> = {}) {
    const { maxListEntries, maxManifestEntries } = { ...MANIFEST_CACHE_LIMITS, ...limits }
    this.lists = new WeightedLru(maxListEntries)
    this.manifests = new WeightedLru(maxManifestEntries)
  }

  /** The manifests of a snapshot's manifest list. */
  async manifestsOf(io: FileIO, snapshot: Snapshot): Promise<ManifestFile[]> {
    const location = snapshot['manifest-list']
    let list = this.lists.get(location)
    if (!list) {
      list = readManifestList(await io.read(location))
      this.lists.set(location, list, Math.max(1, list.length))
    }
    return list
  }

  /** A manifest's entries with ids and sequence numbers inherited from its manifest-list entry. */
  async entriesOf(io: FileIO, manifest: ManifestFile): Promise<ManifestEntry[]> {
    const location = manifest.manifest_path
    let entries = this.manifests.get(location)
    if (!entries) {
      entries = readManifest(await io.read(location), { inheritFrom: manifest }).entries
      this.manifests.set(location, entries, Math.max(1, entries.length))
    }
    return entries
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
