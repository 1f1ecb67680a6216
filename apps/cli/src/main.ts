// Entry point of the `k2` command: `npm run k2 -- <command> [options]` (tsx apps/cli/src/main.ts).
// SIGINT/SIGTERM abort the running command, which stops cleanly; a second one kills the process.
import { loadConfig } from '@k2/config'

import { runCli } from './cli.js'

const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(signal))
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  errIsTTY: process.stderr.isTTY === true,
  errRaw: (text) => process.stderr.write(text),
  outIsTTY: process.stdout.isTTY === true,
  outRaw: (text) => process.stdout.write(text),
  signal: controller.signal,
  loadConfig: () => loadConfig(),
})
