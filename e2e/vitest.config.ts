import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

/**
 * e2e tests run against a real Kafka broker: the one named in K2_KAFKA_BROKERS, or a local KRaft
 * broker that the global setup starts (tools/kafka) and stops. Files run one at a time: the machine
 * has two cores and the broker needs one.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['./src/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
