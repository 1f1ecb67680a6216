import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { createCatalog, parseCatalogUri } from './create-catalog.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k2-create-catalog-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('parseCatalogUri', () => {
  it.each([
    [undefined, '/wh', '/wh/catalog.db'],
    ['', '/wh/', '/wh/catalog.db'],
    ['  ', 'file:///srv/wh', '/srv/wh/catalog.db'],
    [undefined, 'data/wh', resolve('data/wh/catalog.db')],
    ['sqlite:/tmp/wh/catalog.db', '/ignored', '/tmp/wh/catalog.db'],
    ['sqlite:./data/warehouse/catalog.db', '/ignored', resolve('data/warehouse/catalog.db')],
    ['sqlite:cat.db', '/ignored', resolve('cat.db')],
    ['sqlite:///abs/path/cat.db', '/ignored', '/abs/path/cat.db'],
    ['sqlite:////abs/path/cat.db', '/ignored', '/abs/path/cat.db'],
    ['sqlite::memory:', '/ignored', ':memory:'],
  ])('%j (warehouse %s) -> %s', (uri, warehouse, path) => {
    expect(parseCatalogUri(uri, warehouse)).toEqual({ kind: 'sqlite', path })
  })

  it.each([
    ['postgresql://k2:s3cret@db:5432/k2', 'PostgreSQL catalogs are not supported yet'],
    ['postgres://k2:s3cret@db/k2', 'PostgreSQL catalogs are not supported yet'],
    ['postgresql+psycopg2://k2:s3cret@db/k2', 'PostgreSQL catalogs are not supported yet'],
    ['http://s3cret@rest:8181/catalog', 'REST catalogs are not supported yet'],
    ['https://rest/catalog', 'REST catalogs are not supported yet'],
    ['mysql://u:s3cret@h/db', 'unknown catalog scheme'],
    ['catalog.db', 'unknown catalog scheme'],
    ['sqlite:', 'path is missing'],
    ['sqlite://host/cat.db', 'sqlite:///absolute/path'],
    ['sqlite:///', 'sqlite:///absolute/path'],
  ])('refuses %s naming K2_CATALOG_URI, without echoing credentials', (uri, why) => {
    let caught: unknown
    try {
      parseCatalogUri(uri, '/wh')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(IcebergError)
    const err = caught as IcebergError
    expect(err.code).toBe('ICEBERG_INVALID_ARGUMENT')
    expect(err.message).toContain('K2_CATALOG_URI')
    expect(err.message).toContain(why)
    expect(err.message).not.toContain('s3cret')
    expect(JSON.stringify(err.context)).not.toContain('s3cret')
  })

  it('needs a local warehouse when no URI is given', () => {
    expect(() => parseCatalogUri(undefined, 's3://bucket/wh')).toThrow('K2_WAREHOUSE')
  })
})

describe('createCatalog', () => {
  it('opens the default SQLite catalog in the warehouse, creating missing directories', async () => {
    const warehouse = join(dir, 'deep', 'warehouse')
    const catalog = await createCatalog({ warehouse })
    try {
      expect(catalog.name).toBe('k2')
      expect(existsSync(join(warehouse, 'catalog.db'))).toBe(true)
      await catalog.createNamespace(['market_data'])
    } finally {
      await catalog.close()
    }
    const again = await createCatalog({
      uri: `sqlite://${join(warehouse, 'catalog.db')}`,
      warehouse: pathToFileURL(dir).href,
    })
    try {
      expect(await again.listNamespaces()).toEqual([['market_data']])
    } finally {
      await again.close()
    }
  })

  it('uses the given catalog name', async () => {
    const catalog = await createCatalog({ uri: 'sqlite::memory:', warehouse: dir, name: 'other' })
    try {
      expect(catalog.name).toBe('other')
      expect(await catalog.listNamespaces()).toEqual([])
    } finally {
      await catalog.close()
    }
  })
})
