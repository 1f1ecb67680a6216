import { join } from 'node:path'

import { startKafka, stopKafka } from '@k2/tools-kafka'

import { freePortPair } from './free-port.js'

/** A Kafka broker started for one benchmark run. */
export interface BenchKafka {
  /** Bootstrap address for `K2_KAFKA_BROKERS`. */
  readonly brokers: string
  /** Process id of the broker's JVM. */
  readonly pid: number
  /** Stops the broker (SIGTERM, SIGKILL after 20 s). */
  stop(): Promise<void>
}

/**
 * Starts a fresh single-node broker (tools/kafka) on free ports with its data under `dir`, so
 * the run's topics start empty: a broker reused across runs would hand the writers the earlier
 * runs' trades as well (same symbols, same tape), and they would be counted.
 */
export async function startBenchKafka(
  dir: string,
  log: (line: string) => void,
): Promise<BenchKafka> {
  const [port, controllerPort] = await freePortPair()
  const started = await startKafka({
    port,
    controllerPort,
    dataDir: join(dir, 'kafka'),
    log: (line) => log(`kafka: ${line}`),
  })
  return {
    brokers: started.brokers,
    pid: started.pid,
    stop: () => stopKafka({ port, log: (line) => log(`kafka: ${line}`) }),
  }
}
