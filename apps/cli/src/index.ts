/**
 * `@k2/cli`: the `k2` command (`npm run k2 -- <command>`). The entry point is `main.ts`; these
 * exports let tests and other tools run commands in-process.
 */
export { runCli } from './cli.js'
export type { CliContext, Command } from './command.js'
export {
  COMMANDS,
  demoCommand,
  exchangeCommand,
  recordCommand,
  versionCommand,
} from './commands/index.js'
export { CliError, CLI_ERROR_CODES, EXIT_CODES } from './errors.js'
export type { CliErrorCode } from './errors.js'
