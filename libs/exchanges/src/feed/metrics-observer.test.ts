import { createMetrics, type K2Metrics } from '@k2/telemetry'
import { describe, expect, it } from 'vitest'

import { createFeedMetricsObserver } from './metrics-observer.js'

type Instrument = { get(): Promise<{ values: { value: number; labels: object }[] }> }

async function valueOf(metrics: K2Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = Object.values(metrics).find(
    (m) => (m as { name?: string } | undefined)?.name === name,
  ) as Instrument | undefined
  if (metric === undefined) throw new Error(`no metric ${name}`)
  const { values } = await metric.get()
  const match = values.find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  )
  return match?.value
}

describe('createFeedMetricsObserver', () => {
  it('feeds every D8 feed metric', async () => {
    const metrics = createMetrics()
    const observer = createFeedMetricsObserver(metrics, 'BINANCE')
    observer.connectionStatus('connected')
    observer.messageReceived('BTCUSDT')
    observer.messageReceived('BTCUSDT')
    observer.messageError('BINANCE_INVALID_JSON')
    observer.reconnect('silence')
    observer.connectionError('tls')
    observer.lastMessageTime(1_764_000_000.5)
    observer.reconnectDelay(7.5)
    observer.gapDetected('ETHUSDT', 12, 'major')
    observer.gapRepaired('ETHUSDT', 12)
    observer.circuitState('binance', 'half-open')
    const v = (name: string, labels?: Record<string, string>) => valueOf(metrics, name, labels)
    expect(await v('k2_binance_connection_status')).toBe(1)
    expect(await v('k2_binance_messages_received_total', { symbol: 'BTCUSDT' })).toBe(2)
    expect(await v('k2_binance_message_errors_total', { error_type: 'BINANCE_INVALID_JSON' })).toBe(
      1,
    )
    expect(await v('k2_binance_reconnects_total', { reason: 'silence' })).toBe(1)
    expect(await v('k2_binance_connection_errors_total', { error_type: 'tls' })).toBe(1)
    expect(await v('k2_binance_last_message_timestamp_seconds')).toBe(1_764_000_000.5)
    expect(await v('k2_binance_reconnect_delay_seconds')).toBe(7.5)
    expect(
      await v('k2_sequence_gaps_detected_total', {
        exchange: 'BINANCE',
        symbol: 'ETHUSDT',
        severity: 'major',
      }),
    ).toBe(1)
    expect(await v('k2_binance_gaps_repaired_total', { symbol: 'ETHUSDT' })).toBe(12)
    expect(await v('k2_circuit_breaker_state', { breaker_name: 'binance' })).toBe(2)
    observer.connectionStatus('reconnecting')
    expect(await v('k2_binance_connection_status')).toBe(0)
  })
})
