import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { startOtlpJsonReceiver, type OtlpJsonReceiver } from '@k2/telemetry'
import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'

import { waitForCommittedRows } from './support/committed-rows.js'
import { freePort } from './support/free-port.js'
import { deleteBinanceTradeTopics, uniqueExchange } from './support/kafka-fixtures.js'
import { startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'
import { traceChains } from './support/trace-chains.js'
import { replayEnv } from './support/replay-env.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
const PER_SYMBOL = 300
const TOTAL = SYMBOLS.length * PER_SYMBOL

let exchange: ReplayExchange | undefined
let receiver: OtlpJsonReceiver | undefined
const processes: SupervisorProcess[] = []

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
    await p.exited
  }
  await exchange?.close()
  exchange = undefined
  await receiver?.close()
  receiver = undefined
})

/**
 * Runs the supervisor against the replay exchange with tracing on (ratio 1.0) and its OTLP/HTTP
 * exporter pointed at a receiver in this process: the spans of every worker thread (feeds,
 * writers) arrive through the real exporter, as Jaeger would get them. Stops it gracefully (the
 * workers flush their spans at stop) and returns what was received.
 */
async function tracedRun(transport: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-tracing-'))
  const warehouse = join(dir, 'warehouse')
  receiver = await startOtlpJsonReceiver()
  exchange = await startReplayExchange({
    port: 0,
    symbols: SYMBOLS,
    tradesPerSymbol: PER_SYMBOL,
    rate: 2_000,
  })
  const env = {
    ...transport,
    ...replayEnv(exchange, SYMBOLS, warehouse),
    K2_WRITERS: '2',
    K2_COMMIT_INTERVAL_MS: '500',
    K2_ADMIN_PORT: String(await freePort()),
    K2_LOG_LEVEL: 'info',
    K2_OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    K2_TRACE_SAMPLE_RATIO: '1.0',
  }
  const supervisor = await startSupervisor(env, join(dir, 'supervisor.log'))
  processes.push(supervisor)
  await waitForCommittedRows(warehouse, TOTAL, 120_000)
  supervisor.child.kill('SIGTERM')
  expect(await supervisor.exited).toBe(0)
  return receiver.spans()
}

describe('tracing (D8): one trace per trade, every hop', () => {
  it('embedded: feed -> writer over worker channels -> Parquet write -> Iceberg commit', async () => {
    const spans = await tracedRun({ K2_TRANSPORT: 'embedded' })
    const chains = traceChains(spans, false)
    expect(chains.services).toEqual(['k2'])
    // Every trade of the tape was sampled (ratio 1) and reached a writer in its own trace.
    expect(chains.trades).toBeGreaterThanOrEqual(TOTAL)
    expect(chains.consumedInTrace).toBeGreaterThanOrEqual(TOTAL)
    // Every consumed trade is linked from the Parquet write and the commit of its batch.
    expect(chains.linkedFromBatch).toBe(chains.consumedInTrace)
    expect(chains.completeTraces.length).toBeGreaterThan(0)
  })

  it('kafka: feed -> produce (traceparent header) -> consume -> Parquet write -> commit', async () => {
    // Fresh trades topics (the D3 names are fixed), so the writers read only this run's trades.
    await deleteBinanceTradeTopics('e2e-tracing-admin')
    const spans = await tracedRun({
      K2_TRANSPORT: 'kafka',
      K2_KAFKA_BROKERS: inject('kafkaBrokers'),
      K2_KAFKA_CLIENT_ID: uniqueExchange('e2e-k2-tracing-'),
      K2_KAFKA_PARTITIONS_CRYPTO: '2',
    })
    const chains = traceChains(spans, true)
    expect(chains.services).toEqual(['k2'])
    expect(chains.trades).toBeGreaterThanOrEqual(TOTAL)
    expect(chains.consumedInTrace).toBeGreaterThanOrEqual(TOTAL)
    expect(chains.linkedFromBatch).toBe(chains.consumedInTrace)
    expect(chains.completeTraces.length).toBeGreaterThan(0)
  })
})
