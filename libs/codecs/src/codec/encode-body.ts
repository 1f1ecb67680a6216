import type avsc from 'avsc'

import { CodecsError } from '../errors.js'

/**
 * Avro-binary body of `record` under `type`. On failure, finds the first offending field with
 * avsc's error hook so the error names it (`CODECS_INVALID_RECORD`).
 */
export function encodeBody(type: avsc.Type, record: unknown): Buffer {
  try {
    return type.toBuffer(record)
  } catch (cause) {
    const paths: string[] = []
    try {
      type.isValid(record, { errorHook: (path: string[]) => paths.push(path.join('.')) })
    } catch {
      // isValid itself may throw on logical-type conversion; the original cause says why.
    }
    const field = paths[0] ?? 'record'
    throw new CodecsError(
      'CODECS_INVALID_RECORD',
      `cannot encode ${type.name ?? 'record'}: field ${field}: ${(cause as Error).message}`,
      {
        cause,
        context: { field, schema: type.name },
      },
    )
  }
}

/** Decodes one Avro-binary body, mapping truncation and trailing bytes to `CODECS_MALFORMED_BODY`. */
export function decodeBody<T>(
  reader: avsc.Type,
  body: Buffer,
  resolver: avsc.Resolver | undefined,
): T {
  try {
    return (
      resolver === undefined ? reader.fromBuffer(body) : reader.fromBuffer(body, resolver)
    ) as T
  } catch (cause) {
    throw new CodecsError(
      'CODECS_MALFORMED_BODY',
      `cannot decode ${reader.name ?? 'record'} body: ${(cause as Error).message}`,
      {
        cause,
        context: { schema: reader.name, bodyLength: body.length },
      },
    )
  }
}
