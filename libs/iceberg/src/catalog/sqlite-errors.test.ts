import { describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { sqlitePrimaryCode, toCatalogError } from './sqlite-errors.js'

function sqliteError(code: string): Error {
  return Object.assign(new Error(`sqlite says ${code}`), { code })
}

describe('toCatalogError', () => {
  it.each([
    ['SQLITE_BUSY', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_BUSY_SNAPSHOT', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_BUSY_RECOVERY', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_LOCKED', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_LOCKED_SHAREDCACHE', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_IOERR_FSYNC', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_PROTOCOL', 'ICEBERG_CATALOG_UNAVAILABLE', true],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'ICEBERG_ALREADY_EXISTS', false],
    ['SQLITE_CORRUPT', 'ICEBERG_CATALOG_FAILED', false],
    ['SQLITE_NOTADB', 'ICEBERG_CATALOG_FAILED', false],
    ['SQLITE_READONLY_DBMOVED', 'ICEBERG_CATALOG_FAILED', false],
    ['SQLITE_CANTOPEN', 'ICEBERG_CATALOG_FAILED', false],
    ['SQLITE_FULL', 'ICEBERG_CATALOG_FAILED', false],
    ['SQLITE_ERROR', 'ICEBERG_CATALOG_FAILED', false],
  ])('maps %s to %s (retriable %s)', (sqliteCode, code, retriable) => {
    const cause = sqliteError(sqliteCode)
    const err = toCatalogError(cause, 'commitTable', { table: 'a.t' })
    expect(err).toBeInstanceOf(IcebergError)
    expect(err.code).toBe(code)
    expect(err.retriable).toBe(retriable)
    expect(err.cause).toBe(cause)
    expect(err.message).toBe(`SQL catalog: commitTable failed: sqlite says ${sqliteCode}`)
    expect(err.context).toEqual({ table: 'a.t', operation: 'commitTable', sqliteCode })
  })

  it('passes IcebergErrors through and wraps foreign errors as ICEBERG_CATALOG_FAILED', () => {
    const own = new IcebergError('ICEBERG_NOT_FOUND', 'gone')
    expect(toCatalogError(own, 'x')).toBe(own)
    const foreign = toCatalogError(new TypeError('The database connection is not open'), 'x')
    expect(foreign.code).toBe('ICEBERG_CATALOG_FAILED')
    expect(foreign.context).toEqual({ operation: 'x' })
  })

  it('finds the primary code of extended codes only for SQLite errors', () => {
    expect(sqlitePrimaryCode(sqliteError('SQLITE_BUSY_TIMEOUT'))).toBe('SQLITE_BUSY')
    expect(sqlitePrimaryCode(sqliteError('SQLITE_BUSY'))).toBe('SQLITE_BUSY')
    expect(sqlitePrimaryCode(sqliteError('ENOENT'))).toBeUndefined()
    expect(sqlitePrimaryCode('SQLITE_BUSY')).toBeUndefined()
    expect(sqlitePrimaryCode(null)).toBeUndefined()
  })
})
