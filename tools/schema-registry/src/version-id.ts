import { invalidVersion } from './errors.js'

/** The version number that stands for "latest", as in upstream's `VersionId`. */
export const LATEST_VERSION = -1

const INT32_MAX = 2 ** 31 - 1

/**
 * Parses a `{version}` path segment like upstream's `VersionId`: "latest" (any case) or -1 mean
 * the latest version, otherwise an integer in 1..2^31-1; anything else is a 422 42202.
 */
export function parseVersionId(segment: string): number {
  const trimmed = segment.trim()
  if (trimmed.toLowerCase() === 'latest') return LATEST_VERSION
  if (!/^[+-]?\d+$/.test(trimmed)) throw invalidVersion(segment)
  const version = Number(trimmed)
  if (version === LATEST_VERSION || (version >= 1 && version <= INT32_MAX)) return version
  throw invalidVersion(segment)
}
