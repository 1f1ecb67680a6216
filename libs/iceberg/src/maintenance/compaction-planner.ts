import type { DataFile } from '../spec/data-file.js'

/** A live data file that compaction may rewrite, with the partition it belongs to. */
export interface CompactionCandidate {
  /** Grouping key: files are only ever combined with files of the same key (spec and tuple). */
  readonly partition: string
  readonly file: DataFile
}

/** Files of one partition to rewrite together into (normally) one file. */
export interface CompactionGroup {
  readonly partition: string
  /** Largest first. */
  readonly files: readonly DataFile[]
  readonly bytes: bigint
  readonly rows: bigint
}

/** What the planner needs to know (see `CompactionOptions`). */
export interface CompactionPlanOptions {
  /** Capacity of one group in bytes. */
  readonly targetFileSizeBytes: number
  /** Files of at least this size are left alone. */
  readonly smallFileThresholdBytes: number
  readonly minInputFiles: number
  readonly maxGroups: number
}

/**
 * Plans a compaction (pure; Java's `SizeBasedFileRewriter` and `BinPacking` work alike): per
 * partition, the files smaller than the threshold are bin-packed, largest first, each into the
 * first group where it still fits under the target size (first-fit decreasing); groups with fewer
 * than `minInputFiles` files are dropped, since rewriting one file alone gains nothing. At most
 * `maxGroups` groups are returned, those with the most files first (ties by partition, then in
 * packing order), so that a bounded run removes the most files.
 */
export function planCompaction(
  candidates: readonly CompactionCandidate[],
  options: CompactionPlanOptions,
): CompactionGroup[] {
  const byPartition = new Map<string, DataFile[]>()
  for (const { partition, file } of candidates) {
    if (Number(file.file_size_in_bytes) >= options.smallFileThresholdBytes) continue
    const files = byPartition.get(partition)
    if (files === undefined) byPartition.set(partition, [file])
    else files.push(file)
  }
  const groups: Array<CompactionGroup & { readonly order: number }> = []
  for (const partition of [...byPartition.keys()].sort()) {
    const files = [...byPartition.get(partition)!].sort(
      (a, b) =>
        Number(b.file_size_in_bytes - a.file_size_in_bytes) ||
        (a.file_path < b.file_path ? -1 : a.file_path > b.file_path ? 1 : 0),
    )
    const bins: Array<{ files: DataFile[]; bytes: number }> = []
    for (const file of files) {
      const size = Number(file.file_size_in_bytes)
      const bin = bins.find((b) => b.bytes + size <= options.targetFileSizeBytes)
      if (bin === undefined) bins.push({ files: [file], bytes: size })
      else {
        bin.files.push(file)
        bin.bytes += size
      }
    }
    for (const bin of bins) {
      if (bin.files.length < options.minInputFiles) continue
      groups.push({
        partition,
        files: bin.files,
        bytes: BigInt(bin.bytes),
        rows: bin.files.reduce((n, f) => n + f.record_count, 0n),
        order: groups.length,
      })
    }
  }
  return groups
    .sort((a, b) => b.files.length - a.files.length || a.order - b.order)
    .slice(0, options.maxGroups)
    .map(({ partition, files, bytes, rows }) => ({ partition, files, bytes, rows }))
}
