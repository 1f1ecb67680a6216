import { K2Error } from '@k2/core'

/** Error codes of `@k2/config`. */
export const CONFIG_ERROR_CODES = {
  /** An environment variable has a value that does not validate; the message names it. */
  CONFIG_INVALID_VARIABLE: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link CONFIG_ERROR_CODES}. */
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES

/** Start-up configuration error: names every variable that failed and why. */
export class ConfigError extends K2Error {
  declare readonly code: ConfigErrorCode
  /** The failing variables with their reasons. */
  readonly problems: readonly { readonly variable: string; readonly reason: string }[]

  constructor(problems: readonly { variable: string; reason: string }[]) {
    super(
      'CONFIG_INVALID_VARIABLE',
      `invalid configuration: ${problems.map((p) => `${p.variable}: ${p.reason}`).join('; ')}`,
      { retriable: false, context: { variables: problems.map((p) => p.variable) } },
    )
    this.name = 'ConfigError'
    this.problems = problems
  }
}
