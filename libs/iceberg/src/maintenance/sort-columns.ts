import { IcebergError } from '../errors.js'
import type { SortColumn } from '../parquet/index.js'
import { findFieldById } from '../spec/schema-lookup.js'
import type { IcebergSchema } from '../spec/schema.js'
import type { SortOrder } from '../spec/sort-order.js'

/**
 * A table sort order (spec: "Sorting") as the Parquet writer's sort columns. The writer sorts by
 * column values, so only `identity` sort fields are supported (as in `writeDataFiles`).
 */
export function sortColumnsOf(order: SortOrder, schema: IcebergSchema): SortColumn[] {
  return order.fields.map((f) => {
    const field = findFieldById(schema, f['source-id'])
    if (!field || f.transform !== 'identity') {
      throw new IcebergError(
        'ICEBERG_INVALID_SPEC',
        `sort field on ${f['source-id']} with ${f.transform} is not supported by the writer`,
      )
    }
    return { column: field.name, direction: f.direction, nullOrder: f['null-order'] }
  })
}
