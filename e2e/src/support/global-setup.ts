import type { TestProject } from 'vitest/node'

import { startKafka, stopKafka } from '@k2/tools-kafka'
import { startSchemaRegistry } from '@k2/tools-schema-registry'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap brokers of the broker under test. */
    kafkaBrokers: string
    /** Base URL of a Confluent-compatible schema registry. */
    schemaRegistryUrl: string
  }
}

/**
 * Uses the broker in K2_KAFKA_BROKERS (e.g. `.ci/run`'s, or docker-compose's) or starts a local
 * KRaft broker from Maven Central jars for the run and stops it afterwards. Likewise for the schema
 * registry (K2_SCHEMA_REGISTRY_URL, else the in-process Confluent-compatible one).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = []
  let brokers = process.env['K2_KAFKA_BROKERS']
  if (brokers === undefined || brokers === '') {
    const port = Number(process.env['K2_E2E_KAFKA_PORT'] ?? 19092)
    const started = await startKafka({ port })
    brokers = started.brokers
    cleanups.push(() => stopKafka({ port }))
    console.log(`e2e: started local Kafka on ${brokers}`)
  } else {
    console.log(`e2e: using Kafka at ${brokers}`)
  }
  let registryUrl = process.env['K2_SCHEMA_REGISTRY_URL']
  if (registryUrl === undefined || registryUrl === '') {
    const registry = await startSchemaRegistry({ port: 0 })
    registryUrl = registry.url
    cleanups.push(() => registry.close())
  }
  project.provide('kafkaBrokers', brokers)
  project.provide('schemaRegistryUrl', registryUrl)
  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  }
}
