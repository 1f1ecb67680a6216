import { describe, expect, it } from 'vitest'

import {
  COMPACTION_DEFAULTS,
  validateCompactionOptions,
  validateExpireOptions,
} from './maintenance-options.js'

describe('validateCompactionOptions', () => {
  it('fills in the defaults', () => {
    expect(validateCompactionOptions()).toEqual(COMPACTION_DEFAULTS)
    expect(validateCompactionOptions({ minInputFiles: undefined })).toEqual(COMPACTION_DEFAULTS)
    expect(COMPACTION_DEFAULTS).toMatchObject({ smallFileRatio: 0.75, minInputFiles: 2 })
    expect(validateCompactionOptions({ targetFileSizeBytes: 1024, maxGroups: 3 })).toMatchObject({
      targetFileSizeBytes: 1024,
      maxGroups: 3,
    })
  })

  it.each([
    ['targetFileSizeBytes', 0],
    ['targetFileSizeBytes', 1.5],
    ['smallFileRatio', 0],
    ['smallFileRatio', 1.2],
    ['smallFileRatio', Number.NaN],
    ['minInputFiles', 0],
    ['maxGroups', 0],
    ['maxGroups', -1],
    ['partitionFilter', 'd=1'],
  ])('names the bad option %s = %s', (option, value) => {
    expect(() => validateCompactionOptions({ [option]: value })).toThrowError(
      expect.objectContaining({
        code: 'ICEBERG_INVALID_ARGUMENT',
        message: expect.stringContaining(option) as unknown,
        context: { option },
      }),
    )
  })
})

describe('validateExpireOptions', () => {
  it('keeps the newest snapshot by default', () => {
    expect(validateExpireOptions({ olderThanMs: 5 })).toEqual({ olderThanMs: 5, retainLast: 1 })
  })

  it.each([
    ['olderThanMs', Number.NaN],
    ['olderThanMs', undefined],
    ['retainLast', 0],
    ['retainLast', 2.5],
  ])('names the bad option %s = %s', (option, value) => {
    expect(() =>
      validateExpireOptions({ olderThanMs: 1, [option]: value } as { olderThanMs: number }),
    ).toThrowError(expect.objectContaining({ context: { option } }))
  })
})
