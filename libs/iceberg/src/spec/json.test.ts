import { describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { METADATA_LONG_KEYS, parseLosslessJson, stringifyLosslessJson } from './json.js'

describe('parseLosslessJson', () => {
  it('keeps integers beyond 2^53 exactly as bigints', () => {
    const v = parseLosslessJson(
      '{"a": 9223372036854775807, "b": 7263452987263452345, "c": -9007199254740993}',
    )
    expect(v).toEqual({ a: 9223372036854775807n, b: 7263452987263452345n, c: -9007199254740993n })
  })

  it('returns safe integers and fractions as numbers', () => {
    expect(parseLosslessJson('[1, -2, 9007199254740991, 1.5, 1e3]')).toEqual([
      1, -2, 9007199254740991, 1.5, 1000,
    ])
  })

  it('returns every 64-bit id field as a bigint, however small', () => {
    const text =
      '{"snapshot-id": 1, "parent-snapshot-id": 2, "current-snapshot-id": -1, ' +
      '"sequence-number": 3, "last-sequence-number": 4, "schema-id": 5, "refs": {"main": {"snapshot-id": 6}}}'
    expect(parseLosslessJson(text, { longKeys: METADATA_LONG_KEYS })).toEqual({
      'snapshot-id': 1n,
      'parent-snapshot-id': 2n,
      'current-snapshot-id': -1n,
      'sequence-number': 3n,
      'last-sequence-number': 4n,
      'schema-id': 5,
      refs: { main: { 'snapshot-id': 6n } },
    })
  })

  it('leaves string values under id keys alone', () => {
    expect(parseLosslessJson('{"snapshot-id": "7"}', { longKeys: METADATA_LONG_KEYS })).toEqual({
      'snapshot-id': '7',
    })
  })

  it('throws ICEBERG_INVALID_METADATA for text that is not JSON', () => {
    expect(() => parseLosslessJson('{"a": ')).toThrow(IcebergError)
    expect(() => parseLosslessJson('{oops}')).toThrow(
      expect.objectContaining({ code: 'ICEBERG_INVALID_METADATA' }),
    )
  })
})

describe('stringifyLosslessJson', () => {
  it('writes bigints as plain JSON numbers without loss', () => {
    const text = stringifyLosslessJson({
      id: 9223372036854775807n,
      other: 7263452987263452345n,
      n: 1,
    })
    expect(text).toBe('{"id":9223372036854775807,"other":7263452987263452345,"n":1}')
  })

  it('round-trips through parse', () => {
    const value = {
      ids: [9223372036854775807n, -9223372036854775808n, 7263452987263452345n],
      s: 'x',
    }
    expect(parseLosslessJson(stringifyLosslessJson(value))).toEqual(value)
  })

  it('leaves out undefined members and can indent', () => {
    expect(stringifyLosslessJson({ a: undefined, b: [1] }, 2)).toBe('{\n  "b": [\n    1\n  ]\n}')
  })
})
