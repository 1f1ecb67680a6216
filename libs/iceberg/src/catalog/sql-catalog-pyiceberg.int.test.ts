import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { openSqlCatalog, type SqlCatalog } from './sql-catalog.js'
import type { TableIdentifier } from './table-identifier.js'
import {
  callCatalogOracle,
  findPython,
  okValue,
  requirePyiceberg,
  type CatalogOracleOp,
  type CatalogOracleResult,
} from './testing/pyiceberg-catalog-oracle.js'

/**
 * Interop with pyiceberg's SqlCatalog on the same SQLite file (tools/oracles/iceberg_catalog_oracle.py):
 * what we register pyiceberg lists, what pyiceberg creates we list and load, and compare-and-swap
 * commits by either side are seen by the other. Not skipped when Python or pyiceberg is missing
 * (CI installs tools/oracles/requirements.txt; a silent skip would hide a layout break).
 */

let python = ''
let dir: string
let dbPath: string
let catalog: SqlCatalog

beforeAll(() => {
  python = findPython()
  requirePyiceberg(python)
  dir = mkdtempSync(join(tmpdir(), 'k2-sql-catalog-py-'))
  dbPath = join(dir, 'catalog.db')
  catalog = openSqlCatalog({ path: dbPath })
})

afterAll(async () => {
  await catalog.close()
  rmSync(dir, { recursive: true, force: true })
})

function pyiceberg(ops: readonly CatalogOracleOp[]): CatalogOracleResult[] {
  return callCatalogOracle(python, { dbPath, warehouse: dir }, ops)
}

const fakeLocation = (table: string) =>
  `${pathToFileURL(dir).href}/market_data/${table}/metadata/00000-k2.metadata.json`
const TRADES: TableIdentifier = { namespace: ['market_data'], name: 'trades_v2' }
const QUOTES: TableIdentifier = { namespace: ['market_data'], name: 'quotes_v2' }
const EVENTS: TableIdentifier = { namespace: ['from_python'], name: 'events' }

describe('pyiceberg SqlCatalog on our catalog file', { timeout: 60_000 }, () => {
  it('sees the namespaces, properties and tables we create', async () => {
    await catalog.createNamespace(['market_data'], { owner: 'k2' })
    await catalog.createNamespace(['ref', 'v2'])
    await catalog.createTable(TRADES, fakeLocation('trades_v2'))
    await catalog.createTable(QUOTES, fakeLocation('quotes_v2'))

    const results = pyiceberg([
      { op: 'list_namespaces' },
      { op: 'list_namespaces', parent: ['ref'] },
      { op: 'namespace_exists', namespace: ['market_data'] },
      { op: 'namespace_exists', namespace: ['ref'] },
      { op: 'namespace_exists', namespace: ['nope'] },
      { op: 'load_namespace_properties', namespace: ['market_data'] },
      { op: 'list_tables', namespace: ['market_data'] },
      { op: 'list_tables', namespace: ['ref', 'v2'] },
      { op: 'create_namespace', namespace: ['market_data'] },
    ])
    // (Not table_exists: pyiceberg answers it by loading the metadata file, which these lack.)
    expect(results.slice(0, 8).map((r) => okValue(r))).toEqual([
      [['market_data'], ['ref']],
      [['ref', 'v2']],
      true,
      true,
      false,
      // pyiceberg returns the rows as stored, including the `exists` marker Java also writes.
      { exists: 'true', owner: 'k2' },
      [
        ['market_data', 'quotes_v2'],
        ['market_data', 'trades_v2'],
      ],
      [],
    ])
    expect(results[8]).toMatchObject({ error: { type: 'NamespaceAlreadyExistsError' } })
  })

  it('lists, loads and commits to what pyiceberg creates, and pyiceberg sees our commits', async () => {
    const created = pyiceberg([
      { op: 'create_namespace', namespace: ['from_python'], properties: { owner: 'py' } },
      { op: 'create_namespace', namespace: ['py', 'nested'] },
      { op: 'create_table', identifier: ['from_python', 'events'] },
    ])
    const first = okValue<string>(created[2])
    expect(first).toMatch(/^file:\/\/.*\/00000-[0-9a-f-]{36}\.metadata\.json$/)

    expect(await catalog.listNamespaces()).toEqual([
      ['from_python'],
      ['market_data'],
      ['py'],
      ['ref'],
    ])
    expect(await catalog.listNamespaces(['py'])).toEqual([['py', 'nested']])
    // pyiceberg stores only the given properties when there are any (no `exists` row).
    expect(await catalog.loadNamespaceProperties(['from_python'])).toEqual({ owner: 'py' })
    expect(await catalog.loadNamespaceProperties(['py', 'nested'])).toEqual({})
    expect(await catalog.listTables(['from_python'])).toEqual([EVENTS])
    expect(await catalog.loadTable(EVENTS)).toEqual({
      metadataLocation: first,
      previousMetadataLocation: null,
    })

    // Our compare-and-swap to a copy of the metadata file; pyiceberg follows it.
    const firstPath = fileURLToPath(first)
    const copyPath = join(dirname(firstPath), '00001-k2-copy.metadata.json')
    copyFileSync(firstPath, copyPath)
    const copy = pathToFileURL(copyPath).href
    await catalog.commitTable(EVENTS, first, copy)
    const afterOurs = pyiceberg([
      { op: 'load_table', identifier: ['from_python', 'events'] },
      { op: 'set_properties', identifier: ['from_python', 'events'], properties: { k2: 'yes' } },
    ])
    expect(okValue<{ metadata_location: string }>(afterOurs[0]).metadata_location).toBe(copy)

    // pyiceberg's own commit (its CAS from our location); we see it, with ours as previous.
    const third = okValue<string>(afterOurs[1])
    expect(third).not.toBe(copy)
    expect(await catalog.loadTable(EVENTS)).toEqual({
      metadataLocation: third,
      previousMetadataLocation: copy,
    })
    // Our commit from the stale base loses.
    const stale = await catalog.commitTable(EVENTS, copy, `${copy}.never`).catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(IcebergError)
    expect((stale as IcebergError).code).toBe('ICEBERG_COMMIT_CONFLICT')
    expect((stale as IcebergError).context).toMatchObject({ current: third })
  })

  it('agrees on dropped tables both ways', async () => {
    await catalog.dropTable(QUOTES)
    const results = pyiceberg([
      { op: 'list_tables', namespace: ['market_data'] },
      { op: 'table_exists', identifier: ['market_data', 'quotes_v2'] },
      { op: 'drop_table', identifier: ['from_python', 'events'] },
    ])
    expect(okValue(results[0])).toEqual([['market_data', 'trades_v2']])
    expect(okValue(results[1])).toBe(false)
    okValue(results[2])
    expect(await catalog.tableExists(EVENTS)).toBe(false)
    expect(await catalog.listTables(['from_python'])).toEqual([])
  })
})
