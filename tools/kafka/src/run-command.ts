import { spawn } from 'node:child_process'

/** Outcome of {@link runCommand}. */
export interface CommandResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** Interleaved stdout+stderr (last 64 KiB), without ANSI colour codes. */
  output: string
}

const MAX_OUTPUT_CHARS = 64 * 1024
// Maven colours its output even with -B on some terminals; colour codes make error text unreadable.
const ANSI_ESCAPES = new RegExp(String.raw`\u001b\[[0-9;]*[A-Za-z]`, 'g')

/**
 * Runs a short-lived command (mvn, StorageTool) to completion and captures its output, so it can
 * be shown only when the command fails. Rejects only if the command cannot be started (e.g. the
 * rejection's `code` is `ENOENT` when it is not on the PATH); a non-zero exit is a normal result.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string },
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS)
    }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    child.once('error', reject)
    child.once('close', (exitCode, signal) => {
      resolvePromise({ exitCode, signal, output: output.replace(ANSI_ESCAPES, '') })
    })
  })
}
