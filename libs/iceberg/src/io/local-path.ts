import { isAbsolute, normalize } from 'node:path'

import { IcebergError } from '../errors.js'

/**
 * The absolute local path of a location: a `file:` URI (`file:///abs/path`, Java's `file:/abs/path`,
 * or `file://localhost/abs/path`) or a plain absolute path. The URI path is taken as it is, not
 * percent-decoded, because pyiceberg reads `file://` locations that way and must find our files.
 * Other schemes and relative paths throw `ICEBERG_INVALID_ARGUMENT`: table locations are absolute.
 */
export function toLocalPath(location: string): string {
  let path = location
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location)
  if (scheme !== null) {
    if (scheme[1]!.toLowerCase() !== 'file') {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `unsupported location scheme ${scheme[1]}: in ${location} (local FileIO takes file: URIs and paths)`,
        { context: { location } },
      )
    }
    path = location.slice(scheme[0].length)
    if (path.startsWith('//')) {
      const slash = path.indexOf('/', 2)
      const host = slash === -1 ? path.slice(2) : path.slice(2, slash)
      if (host !== '' && host !== 'localhost') {
        throw new IcebergError(
          'ICEBERG_INVALID_ARGUMENT',
          `file URI with remote host ${host}: ${location}`,
          { context: { location } },
        )
      }
      path = slash === -1 ? '' : path.slice(slash)
    }
  }
  if (!isAbsolute(path)) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `location is not absolute: ${location}`, {
      context: { location },
    })
  }
  // normalize() keeps a trailing slash, which matters to listing prefixes.
  return normalize(path)
}
