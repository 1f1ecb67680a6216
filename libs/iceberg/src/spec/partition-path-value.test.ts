import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import {
  humanString,
  javaDecimalString,
  partitionPathValue,
  quotePlus,
} from './partition-path-value.js'
import { parseTransform } from './transforms.js'

const t = parseTransform

describe('humanString (Java toHumanString / pyiceberg to_human_string)', () => {
  it('formats temporal transform results', () => {
    expect(humanString(t('day'), 'timestamptz', 20418)).toBe('2025-11-26')
    expect(humanString(t('month'), 'timestamptz', 670)).toBe('2025-11')
    expect(humanString(t('year'), 'date', 55)).toBe('2025')
    expect(humanString(t('hour'), 'timestamp', 20418 * 24 + 13)).toBe('2025-11-26-13')
    expect(humanString(t('day'), 'date', -1)).toBe('1969-12-31')
    expect(humanString(t('month'), 'date', -1)).toBe('1969-12')
    expect(humanString(t('hour'), 'timestamp', -1)).toBe('1969-12-31-23')
  })

  it('formats identity values by source type', () => {
    expect(humanString(t('identity'), 'string', 'a b')).toBe('a b')
    expect(humanString(t('identity'), 'int', -5)).toBe('-5')
    expect(humanString(t('identity'), 'long', 9_223_372_036_854_775_807n)).toBe(
      '9223372036854775807',
    )
    expect(humanString(t('identity'), 'boolean', true)).toBe('true')
    expect(humanString(t('identity'), 'date', 17486)).toBe('2017-11-16')
    expect(humanString(t('identity'), 'time', 81_068_000_001n)).toBe('22:31:08.000001')
    expect(humanString(t('identity'), 'timestamp', 1_510_871_468_000_000n)).toBe(
      '2017-11-16T22:31:08',
    )
    expect(humanString(t('identity'), 'timestamptz', -1n)).toBe('1969-12-31T23:59:59.999999+00:00')
    expect(humanString(t('identity'), 'binary', Uint8Array.of(0, 1, 2, 3))).toBe('AAECAw==')
    expect(humanString(t('identity'), 'uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7')).toBe(
      'f79c3e09-677c-4bbd-a479-3f349cb785e7',
    )
    expect(humanString(t('identity'), 'double', 1)).toBe('1.0')
  })

  it('formats decimals like BigDecimal.toString()', () => {
    expect(humanString(t('identity'), 'decimal(18, 8)', new ExactDecimal('42.5'))).toBe(
      '42.50000000',
    )
    expect(humanString(t('truncate[50]'), 'decimal(9, 2)', 1050n)).toBe('10.50')
    expect(javaDecimalString(0n, 8)).toBe('0E-8')
    expect(javaDecimalString(1n, 8)).toBe('1E-8')
    expect(javaDecimalString(15n, 8)).toBe('1.5E-7')
    expect(javaDecimalString(100n, 8)).toBe('0.00000100')
    expect(javaDecimalString(-1420n, 2)).toBe('-14.20')
    expect(javaDecimalString(7n, 0)).toBe('7')
  })

  it('prints null for null values and void', () => {
    expect(humanString(t('day'), 'timestamptz', null)).toBe('null')
    expect(humanString(t('void'), 'string', 'x')).toBe('null')
    expect(humanString(t('bucket[8]'), 'string', 3)).toBe('3')
  })
})

describe('partitionPathValue', () => {
  it('URL-encodes like quote_plus(safe="")', () => {
    expect(quotePlus("a b/c:d+e~f_g.h-i!*'()é")).toBe(
      'a+b%2Fc%3Ad%2Be~f_g.h-i%21%2A%27%28%29%C3%A9',
    )
    expect(partitionPathValue(t('identity'), 'timestamptz', 0n)).toBe(
      '1970-01-01T00%3A00%3A00%2B00%3A00',
    )
    expect(partitionPathValue(t('day'), 'timestamptz', 20418)).toBe('2025-11-26')
  })
})
