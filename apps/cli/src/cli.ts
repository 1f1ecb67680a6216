import { ConfigError } from '@k2/config'
import { K2Error } from '@k2/core'

import type { CliContext, Command } from './command.js'
import { K2_INVOCATION } from './command.js'
import { COMMANDS } from './commands/index.js'
import { CliError, EXIT_CODES } from './errors.js'
import { parseFlags } from './flags.js'
import { commandUsage, mainUsage } from './usage.js'

/**
 * Runs one `k2` command line (`argv` without the program name) and returns the exit code:
 * 0 done, 1 the command failed, 2 bad command line or configuration (the message names the flag
 * or the variable). `k2 help <command>` = `k2 <command> --help`.
 */
export async function runCli(
  argv: readonly string[],
  context: CliContext,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined) {
    context.err(mainUsage(commands))
    return EXIT_CODES.usage
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    context.out(mainUsage(commands))
    return EXIT_CODES.ok
  }
  const name = first === 'help' ? (rest[0] as string) : first
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    context.err(
      `k2: unknown command ${JSON.stringify(name)} (commands: ${commands.map((c) => c.name).join(', ')})`,
    )
    context.err(`Run '${K2_INVOCATION} --help' for usage.`)
    return EXIT_CODES.usage
  }
  if (first === 'help') {
    context.out(commandUsage(command))
    return EXIT_CODES.ok
  }
  try {
    const parsed = parseFlags(command.flags, rest, command.operands)
    if (parsed.help) {
      context.out(commandUsage(command))
      return EXIT_CODES.ok
    }
    return await command.run(parsed.values, context, parsed.operands)
  } catch (error) {
    return report(command, error, context)
  }
}

function report(command: Command, error: unknown, context: CliContext): number {
  const prefix = `k2 ${command.name}:`
  if (error instanceof CliError && error.code === 'CLI_INVALID_ARGUMENT') {
    context.err(`${prefix} ${error.message}`)
    context.err(`Run '${K2_INVOCATION} ${command.name} --help' for the options.`)
    return EXIT_CODES.usage
  }
  if (error instanceof ConfigError) {
    context.err(`${prefix} ${error.message}`)
    return EXIT_CODES.usage
  }
  if (error instanceof K2Error) {
    context.err(`${prefix} ${error.code}: ${error.message}`)
    return EXIT_CODES.failure
  }
  context.err(`${prefix} unexpected error: ${(error as Error)?.stack ?? String(error)}`)
  return EXIT_CODES.failure
}
