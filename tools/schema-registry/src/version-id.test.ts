import { describe, expect, it } from 'vitest'

import { LATEST_VERSION, parseVersionId } from './version-id.js'

describe('parseVersionId', () => {
  it.each([
    ['1', 1],
    [' 7 ', 7],
    ['+3', 3],
    ['2147483647', 2 ** 31 - 1],
    ['latest', LATEST_VERSION],
    ['LATEST', LATEST_VERSION],
    ['-1', LATEST_VERSION],
  ])('accepts %j as %d', (segment, expected) => {
    expect(parseVersionId(segment)).toBe(expected)
  })

  it.each(['0', '-2', '2147483648', '1.5', 'earliest', '', 'one'])(
    'rejects %j with 422 42202',
    (segment) => {
      expect(() => parseVersionId(segment)).toThrow(
        expect.objectContaining({ status: 422, errorCode: 42202 }),
      )
    },
  )
})
