import type { K2Config } from '@k2/config'

import type { FlagTable, FlagValues } from './flags.js'

/** What a command may use of the outside world; tests pass their own. */
export interface CliContext {
  /** Writes a line to standard output (what the command produces). */
  out(line: string): void
  /** Writes a line to standard error (progress, warnings, errors). */
  err(line: string): void
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly and return. */
  readonly signal: AbortSignal
  /** True when stderr is a terminal: progress may redraw one line instead of printing lines. */
  readonly errIsTTY?: boolean
  /** Writes text to stderr as is (no line break added), for a progress bar on a terminal. */
  errRaw?(text: string): void
  /** True when stdout is a terminal: a live view may redraw itself in place. */
  readonly outIsTTY?: boolean
  /** Writes text to stdout as is (no line break added), for a view redrawn with ANSI codes. */
  outRaw?(text: string): void
  /** K2's configuration (`loadConfig()` of `@k2/config`), for commands that need it. */
  loadConfig(): K2Config
}

/**
 * One `k2` subcommand: its flag table (typed parsing and `--help` come from it) and what it does.
 * `run` returns the exit code; it throws coded errors (`CliError` with `CLI_INVALID_ARGUMENT` for
 * a bad combination of flags, exit 2; anything else exit 1).
 */
export interface Command<F extends FlagTable = FlagTable> {
  readonly name: string
  /** One line, for the list of commands. */
  readonly summary: string
  /** A paragraph for the command's `--help`. */
  readonly description: string
  readonly flags: F
  /**
   * Operands after the command name (`load asx <dir>`): how `--help` shows them and how many are
   * allowed. Commands without it take none.
   */
  readonly operands?: { readonly usage: string; readonly min: number; readonly max: number }
  /** Command lines shown under `Examples:` (without the `npm run k2 --` prefix). */
  readonly examples: readonly string[]
  run(values: FlagValues<F>, context: CliContext, operands: readonly string[]): Promise<number>
}

/** Declares a command with its flag types inferred from the table. */
export function defineCommand<F extends FlagTable>(command: Command<F>): Command<F> {
  return command
}

/** How users run `k2` from the repository (the root package.json script). */
export const K2_INVOCATION = 'npm run k2 --'
