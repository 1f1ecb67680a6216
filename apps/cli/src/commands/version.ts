import { readFileSync } from 'node:fs'

import { defineCommand } from '../command.js'
import { EXIT_CODES } from '../errors.js'

/** The version of K2's command (this package's package.json). */
export function k2Version(): string {
  const url = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}

/** `k2 version`: K2's version and the runtime it runs on. */
export const versionCommand = defineCommand({
  name: 'version',
  summary: "print K2's version",
  description: 'Prints the version of K2 and of the Node.js runtime.',
  flags: {},
  examples: ['version'],
  async run(_values, context) {
    context.out(
      `k2 ${k2Version()} (Node.js ${process.version}, ${process.platform}-${process.arch})`,
    )
    return EXIT_CODES.ok
  },
})
