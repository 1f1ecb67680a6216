import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { openSqlCatalog, type SqlCatalog } from './sql-catalog.js'
import { validateSqlCatalogOptions } from './sql-catalog-options.js'
import type { TableIdentifier } from './table-identifier.js'

let dir: string
let dbPath: string
let catalog: SqlCatalog
const opened: SqlCatalog[] = []

function open(options: { name?: string; busyTimeoutMs?: number; path?: string } = {}): SqlCatalog {
  const c = openSqlCatalog({ path: dbPath, ...options })
  opened.push(c)
  return c
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k2-sql-catalog-'))
  dbPath = join(dir, 'catalog.db')
  catalog = open()
})

afterEach(async () => {
  for (const c of opened.splice(0)) await c.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The IcebergError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<IcebergError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(IcebergError)
  return err as IcebergError
}

function raw(): Database.Database {
  return new Database(dbPath)
}

const TRADES: TableIdentifier = { namespace: ['market_data'], name: 'trades_v2' }
const loc = (n: number) => `file://${dir}/market_data/trades_v2/metadata/0000${n}-x.metadata.json`

describe('opening', () => {
  it('creates the JDBC layout (V1) in WAL mode, and reopens an existing file', async () => {
    expect(catalog.layoutVersion).toBe('V1')
    expect(catalog.name).toBe('k2')
    const db = raw()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const columns = (table: string) =>
      db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all()
    expect(columns('iceberg_tables')).toEqual([
      'catalog_name',
      'table_namespace',
      'table_name',
      'metadata_location',
      'previous_metadata_location',
      'iceberg_type',
    ])
    expect(columns('iceberg_namespace_properties')).toEqual([
      'catalog_name',
      'namespace',
      'property_key',
      'property_value',
    ])
    db.close()
    await catalog.createNamespace(['market_data'])
    const again = open()
    expect(await again.namespaceExists(['market_data'])).toBe(true)
  })

  it('works with a V0 database (no iceberg_type column), as older clients made it', async () => {
    await catalog.close()
    rmSync(dbPath)
    const db = raw()
    db.exec(`CREATE TABLE iceberg_tables (catalog_name VARCHAR(255) NOT NULL,
      table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL,
      metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000),
      PRIMARY KEY (catalog_name, table_namespace, table_name))`)
    db.close()
    const v0 = open()
    expect(v0.layoutVersion).toBe('V0')
    await v0.createNamespace(['market_data'])
    await v0.createTable(TRADES, loc(0))
    await v0.commitTable(TRADES, loc(0), loc(1))
    expect(await v0.loadTable(TRADES)).toEqual({
      metadataLocation: loc(1),
      previousMetadataLocation: loc(0),
    })
    expect(await v0.listTables(['market_data'])).toEqual([TRADES])
  })

  it('fails with ICEBERG_CATALOG_FAILED (not retriable) on a file that is not a database', () => {
    const bad = join(dir, 'not-a.db')
    writeFileSync(bad, 'this is not an SQLite database, just text that is long enough '.repeat(10))
    let caught: unknown
    try {
      openSqlCatalog({ path: bad })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(IcebergError)
    expect((caught as IcebergError).code).toBe('ICEBERG_CATALOG_FAILED')
    expect((caught as IcebergError).retriable).toBe(false)
    expect((caught as IcebergError).context).toMatchObject({ sqliteCode: 'SQLITE_NOTADB' })
  })

  const VALID_OPTIONS = { path: 'x.db', name: 'k2', busyTimeoutMs: 5000 }
  it.each([
    [{ path: '' }, 'sqlCatalog.path'],
    [{ path: 'x.db', name: '' }, 'sqlCatalog.name'],
    [{ path: 'x.db', name: 'n'.repeat(256) }, 'sqlCatalog.name'],
    [{ path: 'x.db', busyTimeoutMs: -1 }, 'sqlCatalog.busyTimeoutMs'],
    [{ path: 'x.db', busyTimeoutMs: 1.5 }, 'sqlCatalog.busyTimeoutMs'],
  ])('validates options: %j names %s', (patch, field) => {
    const options = { ...VALID_OPTIONS, ...patch }
    expect(() => validateSqlCatalogOptions(options)).toThrow(field)
    expect(() => openSqlCatalog(options)).toThrow(field)
  })

  it('fails every call after close with ICEBERG_CATALOG_FAILED', async () => {
    await catalog.close()
    await catalog.close()
    const err = await failure(catalog.namespaceExists(['a']))
    expect(err.code).toBe('ICEBERG_CATALOG_FAILED')
  })
})

describe('namespaces', () => {
  it('creates a namespace with the exists marker plus its properties, and loads them back', async () => {
    expect(await catalog.namespaceExists(['market_data'])).toBe(false)
    await catalog.createNamespace(['market_data'], { owner: 'k2', comment: 'trades and quotes' })
    expect(await catalog.namespaceExists(['market_data'])).toBe(true)
    expect(await catalog.loadNamespaceProperties(['market_data'])).toEqual({
      owner: 'k2',
      comment: 'trades and quotes',
    })
    const db = raw()
    const rows = db
      .prepare('SELECT * FROM iceberg_namespace_properties ORDER BY property_key')
      .all()
    db.close()
    expect(rows).toEqual([
      {
        catalog_name: 'k2',
        namespace: 'market_data',
        property_key: 'comment',
        property_value: 'trades and quotes',
      },
      {
        catalog_name: 'k2',
        namespace: 'market_data',
        property_key: 'exists',
        property_value: 'true',
      },
      { catalog_name: 'k2', namespace: 'market_data', property_key: 'owner', property_value: 'k2' },
    ])
  })

  it('refuses a namespace that exists, explicitly or as the parent of another', async () => {
    await catalog.createNamespace(['a', 'b'])
    expect((await failure(catalog.createNamespace(['a', 'b']))).code).toBe('ICEBERG_ALREADY_EXISTS')
    // Java and pyiceberg count a namespace as existing when a descendant exists.
    expect(await catalog.namespaceExists(['a'])).toBe(true)
    expect((await failure(catalog.createNamespace(['a']))).code).toBe('ICEBERG_ALREADY_EXISTS')
    expect(await catalog.loadNamespaceProperties(['a'])).toEqual({})
  })

  it('matches namespaces exactly: case, and % or _ are not wildcards', async () => {
    await catalog.createNamespace(['a_b', 'c'])
    await catalog.createNamespace(['x%'])
    expect(await catalog.namespaceExists(['a_b'])).toBe(true)
    expect(await catalog.namespaceExists(['axb'])).toBe(false)
    expect(await catalog.namespaceExists(['A_B'])).toBe(false)
    expect(await catalog.namespaceExists(['x'])).toBe(false)
    expect(await catalog.namespaceExists(['xy'])).toBe(false)
    expect(await catalog.namespaceExists(['a_b', 'C'])).toBe(false)
  })

  it('refuses the reserved exists property and over-long values', async () => {
    const reserved = await failure(catalog.createNamespace(['a'], { exists: 'false' }))
    expect(reserved.code).toBe('ICEBERG_INVALID_ARGUMENT')
    const long = await failure(catalog.createNamespace(['a'], { k: 'v'.repeat(1001) }))
    expect(long.code).toBe('ICEBERG_INVALID_ARGUMENT')
    const longName = await failure(catalog.createNamespace(['n'.repeat(256)]))
    expect(longName.message).toContain('255')
    expect(await catalog.namespaceExists(['a'])).toBe(false)
  })

  it('lists top-level namespaces and direct children, from properties and from tables', async () => {
    await catalog.createNamespace(['market_data'])
    await catalog.createNamespace(['ref', 'v2', 'deep'])
    await catalog.createNamespace(['ref', 'v1'])
    await catalog.createNamespace(['zeta'])
    // A table row alone (as another client may leave it) also makes its namespace exist.
    const db = raw()
    db.prepare(
      "INSERT INTO iceberg_tables VALUES ('k2', 'only.tables', 't', 'm', NULL, 'TABLE')",
    ).run()
    db.close()
    expect(await catalog.listNamespaces()).toEqual([['market_data'], ['only'], ['ref'], ['zeta']])
    expect(await catalog.listNamespaces(['ref'])).toEqual([
      ['ref', 'v1'],
      ['ref', 'v2'],
    ])
    expect(await catalog.listNamespaces(['ref', 'v2'])).toEqual([['ref', 'v2', 'deep']])
    expect(await catalog.listNamespaces(['ref', 'v1'])).toEqual([])
    expect(await catalog.listNamespaces(['only'])).toEqual([['only', 'tables']])
    expect(await catalog.listTables(['only', 'tables'])).toEqual([
      { namespace: ['only', 'tables'], name: 't' },
    ])
    expect((await failure(catalog.listNamespaces(['nope']))).code).toBe('ICEBERG_NOT_FOUND')
    expect((await failure(catalog.loadNamespaceProperties(['nope']))).code).toBe(
      'ICEBERG_NOT_FOUND',
    )
  })

  it('keeps catalogs that share a database apart', async () => {
    const other = open({ name: 'other' })
    await catalog.createNamespace(['market_data'])
    await catalog.createTable(TRADES, loc(0))
    expect(await other.namespaceExists(['market_data'])).toBe(false)
    expect(await other.listNamespaces()).toEqual([])
    await other.createNamespace(['market_data'])
    expect(await other.listTables(['market_data'])).toEqual([])
    expect(await other.tableExists(TRADES)).toBe(false)
  })
})

describe('tables', () => {
  beforeEach(async () => {
    await catalog.createNamespace(['market_data'])
  })

  it('registers, loads, lists and drops a table', async () => {
    await catalog.createTable(TRADES, loc(0))
    await catalog.createTable({ namespace: ['market_data'], name: 'quotes_v2' }, loc(9))
    expect(await catalog.tableExists(TRADES)).toBe(true)
    expect(await catalog.loadTable(TRADES)).toEqual({
      metadataLocation: loc(0),
      previousMetadataLocation: null,
    })
    expect(await catalog.listTables(['market_data'])).toEqual([
      { namespace: ['market_data'], name: 'quotes_v2' },
      TRADES,
    ])
    const db = raw()
    expect(db.prepare("SELECT * FROM iceberg_tables WHERE table_name = 'trades_v2'").get()).toEqual(
      {
        catalog_name: 'k2',
        table_namespace: 'market_data',
        table_name: 'trades_v2',
        metadata_location: loc(0),
        previous_metadata_location: null,
        iceberg_type: 'TABLE',
      },
    )
    db.close()

    await catalog.dropTable(TRADES)
    expect(await catalog.tableExists(TRADES)).toBe(false)
    expect((await failure(catalog.loadTable(TRADES))).code).toBe('ICEBERG_NOT_FOUND')
    expect((await failure(catalog.dropTable(TRADES))).code).toBe('ICEBERG_NOT_FOUND')
    expect(await catalog.listTables(['market_data'])).toEqual([
      { namespace: ['market_data'], name: 'quotes_v2' },
    ])
    // Dropping only unregisters: the name can be registered again.
    await catalog.createTable(TRADES, loc(5))
    expect((await catalog.loadTable(TRADES)).metadataLocation).toBe(loc(5))
  })

  it('refuses a second table of the same name and a table in a missing namespace', async () => {
    await catalog.createTable(TRADES, loc(0))
    const dup = await failure(catalog.createTable(TRADES, loc(1)))
    expect(dup.code).toBe('ICEBERG_ALREADY_EXISTS')
    expect(dup.message).toBe('table market_data.trades_v2 already exists')
    expect((await catalog.loadTable(TRADES)).metadataLocation).toBe(loc(0))
    const missing = await failure(catalog.createTable({ namespace: ['nope'], name: 't' }, loc(0)))
    expect(missing.code).toBe('ICEBERG_NOT_FOUND')
    expect(missing.message).toContain('namespace nope')
    expect((await failure(catalog.listTables(['nope']))).code).toBe('ICEBERG_NOT_FOUND')
  })

  it('refuses bad identifiers and locations before touching the database', async () => {
    const cases: Array<[TableIdentifier, string]> = [
      [{ namespace: ['market_data'], name: 'a.b' }, loc(0)],
      [{ namespace: ['market.data'], name: 't' }, loc(0)],
      [{ namespace: ['market_data'], name: 'x'.repeat(256) }, loc(0)],
      [TRADES, ''],
      [TRADES, 'l'.repeat(1001)],
    ]
    for (const [id, location] of cases) {
      expect((await failure(catalog.createTable(id, location))).code).toBe(
        'ICEBERG_INVALID_ARGUMENT',
      )
    }
    expect(await catalog.listTables(['market_data'])).toEqual([])
  })

  it('ignores view rows (iceberg_type VIEW) of Java clients, but will not shadow them', async () => {
    const db = raw()
    db.prepare(
      "INSERT INTO iceberg_tables VALUES ('k2', 'market_data', 'v', 'view.json', NULL, 'VIEW')",
    ).run()
    db.close()
    const view = { namespace: ['market_data'], name: 'v' }
    expect(await catalog.listTables(['market_data'])).toEqual([])
    expect(await catalog.tableExists(view)).toBe(false)
    expect((await failure(catalog.loadTable(view))).code).toBe('ICEBERG_NOT_FOUND')
    expect((await failure(catalog.commitTable(view, 'view.json', 'x'))).code).toBe(
      'ICEBERG_NOT_FOUND',
    )
    expect((await failure(catalog.dropTable(view))).code).toBe('ICEBERG_NOT_FOUND')
    expect((await failure(catalog.createTable(view, loc(0)))).code).toBe('ICEBERG_ALREADY_EXISTS')
  })
})

describe('commitTable (compare-and-swap)', () => {
  beforeEach(async () => {
    await catalog.createNamespace(['market_data'])
    await catalog.createTable(TRADES, loc(0))
  })

  it('moves current to the new location and keeps the replaced one as previous', async () => {
    await catalog.commitTable(TRADES, loc(0), loc(1))
    expect(await catalog.loadTable(TRADES)).toEqual({
      metadataLocation: loc(1),
      previousMetadataLocation: loc(0),
    })
    await catalog.commitTable(TRADES, loc(1), loc(2))
    await catalog.commitTable(TRADES, loc(2), loc(3))
    expect(await catalog.loadTable(TRADES)).toEqual({
      metadataLocation: loc(3),
      previousMetadataLocation: loc(2),
    })
  })

  it('fails with a retriable ICEBERG_COMMIT_CONFLICT when the base moved, changing nothing', async () => {
    const writerB = open()
    await catalog.commitTable(TRADES, loc(0), loc(1))
    const err = await failure(writerB.commitTable(TRADES, loc(0), loc(2)))
    expect(err.code).toBe('ICEBERG_COMMIT_CONFLICT')
    expect(err.retriable).toBe(true)
    expect(err.context).toMatchObject({
      table: 'market_data.trades_v2',
      expected: loc(0),
      current: loc(1),
    })
    expect(await writerB.loadTable(TRADES)).toEqual({
      metadataLocation: loc(1),
      previousMetadataLocation: loc(0),
    })
    // Retrying on the reloaded base succeeds.
    await writerB.commitTable(TRADES, loc(1), loc(2))
    expect((await catalog.loadTable(TRADES)).metadataLocation).toBe(loc(2))
  })

  it('fails with ICEBERG_NOT_FOUND when the table is gone', async () => {
    await catalog.dropTable(TRADES)
    const err = await failure(catalog.commitTable(TRADES, loc(0), loc(1)))
    expect(err.code).toBe('ICEBERG_NOT_FOUND')
    expect(err.retriable).toBe(false)
  })

  it('refuses a commit whose new location equals the expected one', async () => {
    const err = await failure(catalog.commitTable(TRADES, loc(0), loc(0)))
    expect(err.code).toBe('ICEBERG_INVALID_ARGUMENT')
    expect(await catalog.loadTable(TRADES)).toEqual({
      metadataLocation: loc(0),
      previousMetadataLocation: null,
    })
  })

  it('reports a write lock held past the busy timeout as retriable ICEBERG_CATALOG_UNAVAILABLE', async () => {
    const impatient = open({ busyTimeoutMs: 50 })
    const locker = raw()
    locker.exec('BEGIN IMMEDIATE')
    try {
      const started = Date.now()
      const err = await failure(impatient.commitTable(TRADES, loc(0), loc(1)))
      expect(err.code).toBe('ICEBERG_CATALOG_UNAVAILABLE')
      expect(err.retriable).toBe(true)
      expect(err.context).toMatchObject({ operation: 'commitTable', sqliteCode: 'SQLITE_BUSY' })
      expect(Date.now() - started).toBeGreaterThanOrEqual(40)
      // WAL: readers are not blocked by the writer.
      expect((await impatient.loadTable(TRADES)).metadataLocation).toBe(loc(0))
    } finally {
      locker.exec('ROLLBACK')
      locker.close()
    }
    await impatient.commitTable(TRADES, loc(0), loc(1))
    expect((await catalog.loadTable(TRADES)).metadataLocation).toBe(loc(1))
  })
})
