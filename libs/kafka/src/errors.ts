import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/kafka` with their retriable flag. */
export const KAFKA_ERROR_CODES = {
  /** A topic name does not follow `market.{asset_class}.{data_type}.{exchange}` (D3). */
  KAFKA_INVALID_TOPIC: { retriable: false },
  /** Topics could not be created or their leaders did not come up. */
  KAFKA_TOPIC_SETUP_FAILED: { retriable: true },
  /** A produce request failed after the retry policy gave up, or failed non-retriably. */
  KAFKA_PRODUCE_FAILED: { retriable: false },
  /** A transient produce failure (broker down, leader moving); retried by the producer's policy. */
  KAFKA_PRODUCE_TRANSIENT: { retriable: true },
  /** The producer was stopped while records were still queued. */
  KAFKA_PRODUCER_STOPPED: { retriable: false },
  /** A consumed record could not be decoded by something other than the codecs (their codes win). */
  KAFKA_DECODE_FAILED: { retriable: false },
  /** Invalid producer or consumer options. */
  KAFKA_INVALID_OPTIONS: { retriable: false },
  /** A consumer operation that needs a running group member (seek, offset commit) was called before `start` or after `stop`. */
  KAFKA_CONSUMER_NOT_RUNNING: { retriable: false },
  /** Committing consumer-group offsets failed (a rebalance, the coordinator moving). */
  KAFKA_OFFSET_COMMIT_FAILED: { retriable: true },
  /** An admin request (e.g. partition offsets) failed. */
  KAFKA_ADMIN_FAILED: { retriable: true },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link KAFKA_ERROR_CODES}. */
export type KafkaErrorCode = keyof typeof KAFKA_ERROR_CODES

/** An error raised by `@k2/kafka`. */
export class KafkaError extends codedErrorClass('KafkaError', KAFKA_ERROR_CODES) {}

/**
 * Maps a kafkajs error to ours. kafkajs marks each error `retriable` (its own table of broker error
 * codes); we keep that flag so the one retry policy decides.
 */
export function fromKafkaJsError(err: unknown, context: Record<string, unknown> = {}): KafkaError {
  if (err instanceof KafkaError) return err
  const e = err as { name?: string; message?: string; retriable?: boolean; type?: string }
  const retriable = e?.retriable === true
  return new KafkaError(
    retriable ? 'KAFKA_PRODUCE_TRANSIENT' : 'KAFKA_PRODUCE_FAILED',
    `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`,
    { cause: err, context: { ...context, kafkaErrorType: e?.type } },
  )
}
