import type { K2Config } from '@k2/config'

/** What the supervisor will run, as one log object (no secrets: API keys are counted, not shown). */
export function startupSummary(config: K2Config): Record<string, unknown> {
  return {
    transport: config.transport,
    kafkaBrokers: config.transport === 'kafka' ? config.kafka.brokers : undefined,
    framing: config.kafka.schemaRegistryUrl ? 'confluent' : 'single-object',
    warehouse: config.iceberg.warehouse,
    catalog: config.iceberg.catalogUri,
    binanceSymbols: config.binance.symbols,
    apiPort: config.api.port,
    apiKeys: config.api.keys.length,
  }
}
