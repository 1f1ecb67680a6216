import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'
import { isJaegerToolError, startJaeger, type JaegerInstance } from '@k2/tools-jaeger'

import { waitForCommittedRows } from './support/committed-rows.js'
import { freePort, freePorts } from './support/free-port.js'
import { startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'
import { HOPS } from './support/trace-chains.js'
import { replayEnv } from './support/replay-env.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
const PER_SYMBOL = 200

/** Jaeger's `GET /api/traces` answer, as far as this test reads it. */
interface JaegerTraces {
  readonly data: readonly {
    readonly traceID: string
    readonly spans: readonly {
      readonly spanID: string
      readonly operationName: string
      readonly references: readonly { refType: string; traceID: string; spanID: string }[]
      readonly processID: string
    }[]
    readonly processes: Record<string, { serviceName: string }>
  }[]
}

let jaeger: JaegerInstance | undefined
let exchange: ReplayExchange | undefined
let supervisor: SupervisorProcess | undefined

beforeAll(async () => {
  jaeger = await startJaegerOnFreePorts()
})

/**
 * Jaeger on four ports of its own (a developer's Jaeger on 4318/16686 is left alone). Each port is
 * picked explicitly: the defaults of the gRPC ports (HTTP port - 1) are not checked free, and in
 * the ephemeral range another process's connection may hold them. A port taken between picking
 * and starting is picked again.
 */
async function startJaegerOnFreePorts(attempts = 3): Promise<JaegerInstance> {
  for (let attempt = 1; ; attempt++) {
    const [otlpHttpPort, otlpGrpcPort, queryPort, queryGrpcPort] = await freePorts(4)
    try {
      return await startJaeger({ otlpHttpPort, otlpGrpcPort, queryPort, queryGrpcPort })
    } catch (error) {
      if (!isJaegerToolError(error, 'JAEGER_TOOL_PORT_IN_USE') || attempt >= attempts) throw error
    }
  }
}

afterAll(async () => {
  if (supervisor && supervisor.child.exitCode === null) supervisor.child.kill('SIGKILL')
  await supervisor?.exited
  await exchange?.close()
  await jaeger?.stop()
})

/** Polls Jaeger for k2 traces until one holds every hop of `hops`. */
async function traceWithEveryHop(hops: readonly string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await fetch(`${jaeger!.queryUrl}/api/traces?service=k2&limit=2000&lookback=1h`)
    if (res.ok) {
      const body = (await res.json()) as JaegerTraces
      const full = body.data.find((t) =>
        hops.every((h) => t.spans.some((s) => s.operationName === h)),
      )
      if (full !== undefined) return { full, all: body.data }
    }
    if (Date.now() > deadline) throw new Error(`no k2 trace with every hop after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('tracing into a real Jaeger (D8)', () => {
  it("shows a trade's trace with every hop under service k2", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-jaeger-'))
    const warehouse = join(dir, 'warehouse')
    exchange = await startReplayExchange({
      port: 0,
      symbols: SYMBOLS,
      tradesPerSymbol: PER_SYMBOL,
      rate: 1_000,
    })
    supervisor = await startSupervisor(
      {
        K2_TRANSPORT: 'embedded',
        ...replayEnv(exchange, SYMBOLS, warehouse),
        K2_WRITERS: '1',
        K2_COMMIT_INTERVAL_MS: '500',
        K2_ADMIN_PORT: String(await freePort()),
        K2_LOG_LEVEL: 'info',
        K2_OTEL_EXPORTER_OTLP_ENDPOINT: jaeger!.otlpEndpoint,
        K2_TRACE_SAMPLE_RATIO: '1.0',
      },
      join(dir, 'supervisor.log'),
    )
    await waitForCommittedRows(warehouse, SYMBOLS.length * PER_SYMBOL, 120_000)
    supervisor.child.kill('SIGTERM')
    expect(await supervisor.exited).toBe(0)

    const hops = [HOPS.receive, HOPS.consume, HOPS.parquetWrite, HOPS.commit]
    const { full, all } = await traceWithEveryHop(hops, 30_000)
    expect(Object.values(full.processes).map((p) => p.serviceName)).toContain('k2')
    // The hops form one chain: consume under receive, the batch spans under consume.
    const span = (name: string) => full.spans.find((s) => s.operationName === name)!
    const parentOf = (name: string) =>
      span(name).references.find((r) => r.refType === 'CHILD_OF')?.spanID
    expect(parentOf(HOPS.consume)).toBe(span(HOPS.receive).spanID)
    expect(parentOf(HOPS.parquetWrite)).toBe(span(HOPS.consume).spanID)
    expect(parentOf(HOPS.commit)).toBe(span(HOPS.consume).spanID)
    // Other trades' traces are reachable from the batch spans' links (FOLLOWS_FROM in Jaeger).
    const linked = full.spans
      .filter((s) => s.operationName === HOPS.commit)
      .flatMap((s) => s.references.filter((r) => r.refType === 'FOLLOWS_FROM'))
    expect(linked.length).toBeGreaterThan(0)
    expect(all.length).toBeGreaterThan(1)
  })
})
