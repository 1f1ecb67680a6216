import type { Command } from '../command.js'
import { demoCommand } from './demo.js'
import { exchangeCommand } from './exchange.js'
import { feedCommand } from './feed.js'
import { loadCommand } from './load.js'
import { queryCommand } from './query.js'
import { recordCommand } from './record.js'
import { versionCommand } from './version.js'

/** Every `k2` command, in the order `k2 --help` lists them. */
export const COMMANDS: readonly Command[] = [
  demoCommand,
  exchangeCommand,
  feedCommand,
  loadCommand,
  queryCommand,
  recordCommand,
  versionCommand,
]

export {
  demoCommand,
  exchangeCommand,
  feedCommand,
  loadCommand,
  queryCommand,
  recordCommand,
  versionCommand,
}
