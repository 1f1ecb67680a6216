import { ConfigError, loadConfig } from '@k2/config'
import { createLogger } from '@k2/telemetry'

import { ensureMarketDataTables } from './ensure-tables.js'
import { startupSummary } from './startup-summary.js'

/**
 * The composition root (D5): config -> telemetry -> tables -> actors. Actors (feeds, writers,
 * compactor, API host) arrive with the pipeline issue; for now it validates the configuration,
 * creates the Iceberg tables if needed and says so.
 */
async function main(): Promise<number> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      return 2
    }
    throw err
  }
  const logger = createLogger({ level: config.logLevel }).child({ component: 'supervisor' })
  logger.info(startupSummary(config), 'k2 supervisor starting')
  for (const t of await ensureMarketDataTables(config, logger)) {
    logger.info(t, 'iceberg table ready')
  }
  logger.info(
    {},
    'no actors yet: feeds, writers and the API come with the pipeline issues; exiting',
  )
  return 0
}

process.exitCode = await main()
