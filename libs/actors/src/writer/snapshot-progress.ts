import { snapshotAncestry, type IcebergTable } from '@k2/iceberg'

import { ActorsError } from '../errors.js'

/**
 * The newest value of a K2 progress key (D6) in the table's current snapshot or its ancestors.
 *
 * Why the ancestors: only writer commits carry progress markers; a compaction (`replace`) or
 * another tool's commit may sit on top without them. Each writer commit carries the complete
 * merged map, so the newest snapshot that has the key holds every position. Undefined when no
 * snapshot (still in the metadata) has it.
 */
export function latestProgressValue(table: IcebergTable, key: string): string | undefined {
  for (const snapshot of snapshotAncestry(table.metadata)) {
    const value = snapshot.summary[key]
    if (value !== undefined) return value
  }
  return undefined
}

/** Parses a progress marker: a JSON object of string keys; each value goes through `value`. */
export function parseProgressMap<V>(
  key: string,
  text: string | undefined,
  value: (raw: unknown) => V | undefined,
): Map<string, V> {
  const result = new Map<string, V>()
  if (text === undefined) return result
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ActorsError('ACTORS_INVALID_PROGRESS', `summary ${key} is not JSON`, {
      cause: err,
      context: { key, text },
    })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ActorsError('ACTORS_INVALID_PROGRESS', `summary ${key} is not a JSON object`, {
      context: { key, text },
    })
  }
  for (const [k, raw] of Object.entries(json)) {
    const v = value(raw)
    if (v === undefined) {
      throw new ActorsError(
        'ACTORS_INVALID_PROGRESS',
        `summary ${key} has an invalid value for ${k}: ${JSON.stringify(raw)}`,
        { context: { key, entry: k } },
      )
    }
    result.set(k, v)
  }
  return result
}

/** A progress map as a JSON object with its keys sorted (equal maps give equal text). */
export function stringifyProgressMap<V>(
  map: ReadonlyMap<string, V>,
  toJson: (v: V) => unknown,
): string {
  const keys = [...map.keys()].sort()
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, toJson(map.get(k) as V)])))
}
