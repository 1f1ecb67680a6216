import { ExactDecimal } from '@k2/core'

import { IcebergError } from '../../errors.js'
import type { PrimitiveType } from '../../spec/types.js'

/** `ICEBERG_INVALID_VALUE` for a row value its column's type rejects, showing the value. */
export function invalidValue(type: PrimitiveType, value: unknown, reason = ''): IcebergError {
  let shown: string
  if (typeof value === 'bigint') shown = `${value}n`
  else if (value instanceof Uint8Array) shown = `<${value.length} bytes>`
  else if (ExactDecimal.isDecimal(value)) shown = (value as ExactDecimal).toFixed()
  else shown = JSON.stringify(value) ?? String(value)
  return new IcebergError(
    'ICEBERG_INVALID_VALUE',
    `${shown} is not a valid ${type} value${reason === '' ? '' : `: ${reason}`}`,
  )
}
