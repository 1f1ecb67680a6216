import { IcebergError } from '../errors.js'
import { lastPartitionId } from './partition-spec.js'
import { lastColumnId } from './schema-lookup.js'
import { MAIN_BRANCH } from './snapshot.js'
import type { TableMetadata } from './table-metadata.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Checks the references inside table metadata (spec: "Table Metadata Fields"): the current
 * schema, default spec and default sort order exist; ids are unique per list; `last-column-id`
 * and `last-partition-id` cover every assigned id; snapshots are unique with sequence numbers up
 * to `last-sequence-number`; every ref points at a snapshot; `current-snapshot-id` equals the
 * `main` ref. Throws an {@link IcebergError} with `code`.
 */
export function validateTableMetadata(
  md: TableMetadata,
  code: 'ICEBERG_INVALID_METADATA' | 'ICEBERG_INVALID_SPEC' = 'ICEBERG_INVALID_METADATA',
): void {
  const fail = (message: string) => new IcebergError(code, `invalid table metadata: ${message}`)
  if (!UUID.test(md['table-uuid'])) throw fail(`table-uuid ${md['table-uuid']} is not a UUID`)
  unique(
    md.schemas.map((s) => s['schema-id']),
    'schema-id',
    fail,
  )
  unique(
    md['partition-specs'].map((s) => s['spec-id']),
    'spec-id',
    fail,
  )
  unique(
    md['sort-orders'].map((s) => s['order-id']),
    'order-id',
    fail,
  )
  unique(
    md.snapshots.map((s) => s['snapshot-id']),
    'snapshot-id',
    fail,
  )
  if (!md.schemas.some((s) => s['schema-id'] === md['current-schema-id'])) {
    throw fail(`current-schema-id ${md['current-schema-id']} is not in schemas`)
  }
  if (!md['partition-specs'].some((s) => s['spec-id'] === md['default-spec-id'])) {
    throw fail(`default-spec-id ${md['default-spec-id']} is not in partition-specs`)
  }
  const orderId = md['default-sort-order-id']
  if (orderId !== 0 && !md['sort-orders'].some((o) => o['order-id'] === orderId)) {
    throw fail(`default-sort-order-id ${orderId} is not in sort-orders`)
  }
  for (const schema of md.schemas) {
    if (lastColumnId(schema) > md['last-column-id']) {
      throw fail(
        `schema ${schema['schema-id']} has ids above last-column-id ${md['last-column-id']}`,
      )
    }
  }
  for (const spec of md['partition-specs']) {
    if (lastPartitionId(spec) > md['last-partition-id']) {
      throw fail(
        `spec ${spec['spec-id']} has ids above last-partition-id ${md['last-partition-id']}`,
      )
    }
  }
  for (const s of md.snapshots) {
    if (s['sequence-number'] > md['last-sequence-number']) {
      throw fail(`snapshot ${s['snapshot-id']} has a sequence number above last-sequence-number`)
    }
  }
  const ids = new Set(md.snapshots.map((s) => s['snapshot-id']))
  for (const [name, ref] of Object.entries(md.refs)) {
    if (!ids.has(ref['snapshot-id'])) {
      throw fail(`ref ${name} points at unknown snapshot ${ref['snapshot-id']}`)
    }
  }
  const main = md.refs[MAIN_BRANCH]
  if (main !== undefined && main.type !== 'branch') throw fail('ref main must be a branch')
  if (main?.['snapshot-id'] !== md['current-snapshot-id']) {
    throw fail(`current-snapshot-id ${md['current-snapshot-id'] ?? -1} differs from ref main`)
  }
}

function unique<T>(values: readonly T[], what: string, fail: (m: string) => IcebergError): void {
  const seen = new Set<T>()
  for (const v of values) {
    if (seen.has(v)) throw fail(`${what} ${String(v)} appears twice`)
    seen.add(v)
  }
}
