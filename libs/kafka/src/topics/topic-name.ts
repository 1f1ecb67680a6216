import { ASSET_CLASSES, DATA_TYPES, type AssetClass, type DataType } from '@k2/core'

import { KafkaError } from '../errors.js'

/** The parts of a market-data topic name. */
export interface TopicParts {
  readonly assetClass: AssetClass
  readonly dataType: DataType
  /** Exchange code in lower case, as it appears in the topic. */
  readonly exchange: string
}

const EXCHANGE_PART = /^[a-z0-9_]+$/

/**
 * `market.{asset_class}.{data_type}.{exchange}`, lower case (D3), e.g.
 * `market.crypto.trades.binance`, `market.equities.quotes.asx`.
 */
export function topicName(assetClass: AssetClass, dataType: DataType, exchange: string): string {
  const ex = exchange.toLowerCase()
  if (!ASSET_CLASSES.includes(assetClass)) {
    throw new KafkaError('KAFKA_INVALID_TOPIC', `unknown asset class ${JSON.stringify(assetClass)}`)
  }
  if (!DATA_TYPES.includes(dataType)) {
    throw new KafkaError('KAFKA_INVALID_TOPIC', `unknown data type ${JSON.stringify(dataType)}`)
  }
  if (!EXCHANGE_PART.test(ex)) {
    throw new KafkaError(
      'KAFKA_INVALID_TOPIC',
      `exchange ${JSON.stringify(exchange)} must be letters, digits or _`,
    )
  }
  return `market.${assetClass}.${dataType}.${ex}`
}

/** Splits a market-data topic name; throws `KAFKA_INVALID_TOPIC` for anything else. */
export function parseTopicName(topic: string): TopicParts {
  const parts = topic.split('.')
  const [market, assetClass, dataType, exchange] = parts
  if (
    parts.length !== 4 ||
    market !== 'market' ||
    !ASSET_CLASSES.includes(assetClass as AssetClass) ||
    !DATA_TYPES.includes(dataType as DataType) ||
    exchange === undefined ||
    !EXCHANGE_PART.test(exchange)
  ) {
    throw new KafkaError(
      'KAFKA_INVALID_TOPIC',
      `${JSON.stringify(topic)} is not a market.{asset_class}.{data_type}.{exchange} topic`,
    )
  }
  return { assetClass: assetClass as AssetClass, dataType: dataType as DataType, exchange }
}

/** The dead-letter topic of a topic: `{topic}.dlq` (D6). */
export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlq`
}
