import type { SqlParams } from '../engine/duckdb-pool.js'

/**
 * A WHERE clause built from fixed SQL fragments and bound parameters: values only ever enter as
 * `$pN` placeholders (D7: "prepared statements with parameters only").
 */
export class WhereBuilder {
  private readonly conditions: string[] = []
  private readonly values: Record<string, string | bigint | boolean | null> = {}
  private next = 0

  /** A placeholder bound to `value` (bigints typed BIGINT: DuckDB would bind them as HUGEINT). */
  param(value: string | bigint | boolean | null): string {
    const name = `p${this.next++}`
    this.values[name] = value
    return typeof value === 'bigint' ? `$${name}::BIGINT` : `$${name}`
  }

  /** Adds a condition (SQL of ours, with placeholders from {@link param}). */
  and(condition: string): this {
    this.conditions.push(condition)
    return this
  }

  /** `WHERE a AND b ...`, or '' with no condition. */
  get sql(): string {
    return this.conditions.length === 0
      ? ''
      : `WHERE ${this.conditions.map((c) => `(${c})`).join(' AND ')}`
  }

  get params(): SqlParams {
    return this.values
  }
}

/** `"timestamp"` compared with a µs parameter, so Parquet row-group statistics can prune. */
export function timestampParam(where: WhereBuilder, micros: bigint): string {
  return `make_timestamptz(${where.param(micros)})`
}
