import { IcebergError } from '../errors.js'
import type { JsonObject } from './json.js'
import { JsonReader } from './json-reader.js'
import type { IcebergSchema } from './schema.js'
import { walkFields } from './schema-lookup.js'
import { parseTransform } from './transforms.js'

/** Sort direction of a sort field. */
export type SortDirection = 'asc' | 'desc'
/** Where nulls go in a sort field. */
export type NullOrder = 'nulls-first' | 'nulls-last'

/** A sort field (spec: "Sorting"; JSON form in appendix C). */
export interface SortField {
  /** Transform string form, usually `identity`. */
  readonly transform: string
  /** Field id of the source column. */
  readonly 'source-id': number
  readonly direction: SortDirection
  readonly 'null-order': NullOrder
}

/** A sort order: how rows within data files are ordered. */
export interface SortOrder {
  /** Order id; 0 is reserved for the unsorted order. */
  readonly 'order-id': number
  readonly fields: readonly SortField[]
}

/** The unsorted order (spec: "Order id 0 is reserved for the unsorted order"). */
export const UNSORTED_ORDER: SortOrder = Object.freeze({ 'order-id': 0, fields: [] })

const CODE = 'ICEBERG_INVALID_SPEC'

/** Reads a sort order from its JSON form; checks structure, directions and null orders. */
export function parseSortOrder(json: unknown, path = '$'): SortOrder {
  const r = JsonReader.of(json, path, CODE)
  return {
    'order-id': r.int('order-id'),
    fields: r.array('fields').map((f, i) => {
      const fr = JsonReader.of(f, `${path}.fields[${i}]`, CODE)
      const direction = fr.string('direction')
      if (direction !== 'asc' && direction !== 'desc') {
        throw fr.fail('direction', 'must be "asc" or "desc"')
      }
      const nullOrder = fr.string('null-order')
      if (nullOrder !== 'nulls-first' && nullOrder !== 'nulls-last') {
        throw fr.fail('null-order', 'must be "nulls-first" or "nulls-last"')
      }
      return {
        transform: fr.string('transform'),
        'source-id': fr.int('source-id'),
        direction,
        'null-order': nullOrder,
      }
    }),
  }
}

/** The JSON form of a sort order (appendix C), members in Java's order. */
export function serializeSortOrder(order: SortOrder): JsonObject {
  return {
    'order-id': order['order-id'],
    fields: order.fields.map((f) => ({
      transform: f.transform,
      'source-id': f['source-id'],
      direction: f.direction,
      'null-order': f['null-order'],
    })),
  }
}

/**
 * Checks that data can be written in `order` under `schema`: order id 0 exactly for the empty
 * (unsorted) order, source columns existing, primitive and outside lists and maps, transforms
 * known and applicable. Throws `ICEBERG_INVALID_SPEC`.
 */
export function validateSortOrder(order: SortOrder, schema: IcebergSchema): void {
  const id = order['order-id']
  if (!Number.isInteger(id) || id < 0)
    throw invalid(order, 'order-id must be a non-negative integer')
  if (id === 0 && order.fields.length > 0) {
    throw invalid(order, 'order-id 0 is reserved for the unsorted order')
  }
  if (id !== 0 && order.fields.length === 0) throw invalid(order, 'an empty order must have id 0')
  for (const field of order.fields) {
    const visit = [...walkFields(schema)].find((v) => v.field.id === field['source-id'])
    if (visit === undefined) {
      throw invalid(order, `source-id ${field['source-id']} is not in the schema`)
    }
    if (visit.repeated || typeof visit.field.type !== 'string') {
      throw invalid(order, `source ${visit.path} must be a primitive outside lists and maps`)
    }
    const transform = parseTransform(field.transform)
    if (!transform.canTransform(visit.field.type)) {
      throw invalid(order, `${transform} does not apply to ${visit.path} (${visit.field.type})`)
    }
  }
}

function invalid(order: SortOrder, message: string): IcebergError {
  return new IcebergError(CODE, `invalid sort order ${order['order-id']}: ${message}`)
}
