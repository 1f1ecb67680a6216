import { ExactDecimal } from '@k2/core'

import type { StructType } from '../spec/types.js'
import { decimalParams, isPrimitive } from '../spec/types.js'

/** What the table oracle reports of a scan besides rows: count, exact sums, timestamp range. */
export interface RowSummary {
  readonly count: number
  /** Decimal column -> exact sum with the column's scale. */
  readonly sums: Record<string, string>
  /** Timestamp column -> smallest µs (null when no rows). */
  readonly min: Record<string, string | null>
  /** Timestamp column -> largest µs (null when no rows). */
  readonly max: Record<string, string | null>
}

/** The summary of K2 records (decimals as ExactDecimal or text, µs as numbers) for `schema`. */
export function summarizeRows(schema: StructType, rows: readonly object[]): RowSummary {
  const out: RowSummary = { count: rows.length, sums: {}, min: {}, max: {} }
  for (const field of schema.fields) {
    const values = rows
      .map((r) => (r as Readonly<Record<string, unknown>>)[field.name])
      .filter((v) => v !== null && v !== undefined)
    const decimal = decimalParams(field.type)
    if (decimal !== undefined) {
      const total = values.reduce<ExactDecimal>(
        (sum, v) => sum.plus(new ExactDecimal(v as string | ExactDecimal)),
        new ExactDecimal(0),
      )
      out.sums[field.name] = total.toFixed(decimal.scale)
    } else if (isPrimitive(field.type) && field.type.startsWith('timestamp')) {
      const micros = values.map((v) => BigInt(v as number | bigint | string))
      out.min[field.name] = micros.length ? String(micros.reduce((a, b) => (b < a ? b : a))) : null
      out.max[field.name] = micros.length ? String(micros.reduce((a, b) => (b > a ? b : a))) : null
    }
  }
  return out
}
