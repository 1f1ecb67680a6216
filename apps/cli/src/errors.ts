import { codedErrorClass } from '@k2/core'

/** Error codes of the `k2` command, with their retriable flag. */
export const CLI_ERROR_CODES = {
  /** A flag is unknown, lacks its value, is missing or has a bad value; the message names it. */
  CLI_INVALID_ARGUMENT: { retriable: false },
  /** The first word is not a command of `k2`. */
  CLI_UNKNOWN_COMMAND: { retriable: false },
  /** A command could not do its work (port in use, file not writable, connection lost). */
  CLI_COMMAND_FAILED: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link CLI_ERROR_CODES}. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES

/** An error of the `k2` command line; usage errors name the flag in `context.flag`. */
export class CliError extends codedErrorClass('CliError', CLI_ERROR_CODES) {}

/** Process exit codes of `k2`. */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and failed. */
  failure: 1,
  /** The command line or the configuration is wrong; nothing was done. */
  usage: 2,
} as const

/** A usage error naming `--flag`. */
export function invalidFlag(flag: string, problem: string): CliError {
  return new CliError('CLI_INVALID_ARGUMENT', `--${flag} ${problem}`, { context: { flag } })
}
