import { K2_INVOCATION, type Command } from './command.js'
import { formatFlags } from './flags.js'

/** `k2 --help`: the commands and how to get help on one. */
export function mainUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  return [
    `Usage: ${K2_INVOCATION} <command> [options]`,
    '',
    'K2: market-data lakehouse runtime. Commands:',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run '${K2_INVOCATION} <command> --help' for a command's options.`,
    'Configuration comes from K2_* environment variables (see .env.example).',
  ].join('\n')
}

/** `k2 <command> --help`. */
export function commandUsage(command: Command): string {
  const lines = [
    `Usage: ${K2_INVOCATION} ${command.name}${command.operands ? ` ${command.operands.usage}` : ''} [options]`,
    '',
    command.description,
    '',
    'Options:',
    formatFlags(command.flags),
  ]
  if (command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${K2_INVOCATION} ${e}`))
  }
  return lines.join('\n')
}
