import { describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import {
  formatNamespace,
  formatTableIdentifier,
  parseNamespace,
  parseTableIdentifier,
  validateNamespace,
  validateTableIdentifier,
} from './table-identifier.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(IcebergError)
    return (err as IcebergError).code
  }
  return undefined
}

describe('table identifiers', () => {
  it.each([
    ['market_data.trades_v2', ['market_data'], 'trades_v2'],
    ['a.b.c', ['a', 'b'], 'c'],
    ['ns.100%_x!', ['ns'], '100%_x!'],
    ['Upper.Case', ['Upper'], 'Case'],
  ])('parses %s and formats it back', (text, namespace, name) => {
    const id = parseTableIdentifier(text)
    expect(id).toEqual({ namespace, name })
    expect(formatTableIdentifier(id)).toBe(text)
  })

  it.each([
    ['trades', 'needs a namespace'],
    ['', 'needs a namespace'],
    ['.t', 'is empty'],
    ['a..t', 'is empty'],
    ['a.', 'is empty'],
    [' a.t', 'whitespace'],
    ['a.t ', 'whitespace'],
    ['a.\u0000', 'NUL'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseTableIdentifier(text)).toThrow(why)
    expect(codeOf(() => parseTableIdentifier(text))).toBe('ICEBERG_INVALID_ARGUMENT')
  })

  it.each([
    [{ namespace: ['a.b'], name: 't' }, "contains '.'"],
    [{ namespace: ['a'], name: 'x.y' }, "contains '.'"],
    [{ namespace: [], name: 't' }, 'at least one level'],
    [{ namespace: ['a', ''], name: 't' }, 'is empty'],
    [{ namespace: ['a'], name: '' }, 'is empty'],
  ])(
    'refuses structured identifier %j, whose levels would not survive the JDBC layout',
    (id, why) => {
      expect(() => validateTableIdentifier(id)).toThrow(why)
      expect(() => formatTableIdentifier(id)).toThrow(why)
    },
  )
})

describe('namespaces', () => {
  it('joins and splits levels with dots', () => {
    expect(formatNamespace(['market_data'])).toBe('market_data')
    expect(formatNamespace(['a', 'b', 'c'])).toBe('a.b.c')
    expect(parseNamespace('a.b.c')).toEqual(['a', 'b', 'c'])
  })

  it.each([[[]], [['']], [['a.b']], [['a', ' b']]])('refuses %j', (ns) => {
    expect(codeOf(() => validateNamespace(ns))).toBe('ICEBERG_INVALID_ARGUMENT')
  })
})
