// Integration test: builds Jaeger v2 from the Go module proxy when `.k2/jaeger/bin` has no binary
// yet (minutes on a cold Go cache, hence the long hook timeout), starts it, sends one OTLP/HTTP
// JSON trace with fetch and reads it back from the query API, then stops it.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureJaegerBinary } from './build.js'
import { isJaegerToolError } from './errors.js'
import { pidFilePath, stateFilePath } from './paths.js'
import { isProcessAlive } from './process.js'
import { type JaegerInstance, startJaeger } from './start-jaeger.js'
import { stopJaeger } from './stop-jaeger.js'
import { findFreePortPair, occupyPort } from './test-support.js'

const BUILD_TIMEOUT_MS = 30 * 60_000
const TEST_TIMEOUT_MS = 90_000

interface JaegerApiSpan {
  traceID: string
  spanID: string
  operationName: string
  references: { refType: string; traceID: string; spanID: string }[]
  processID: string
}
interface JaegerApiTrace {
  traceID: string
  spans: JaegerApiSpan[]
  processes: Record<string, { serviceName: string }>
}

describe('jaeger launcher (real Jaeger v2)', () => {
  let queryPort = 0
  let jaeger: JaegerInstance | undefined

  beforeAll(async () => {
    // Built here rather than inside the test so the test's own timeout measures Jaeger, not Go.
    await ensureJaegerBinary({ log: (line) => console.log(`jaeger: ${line}`) })
    queryPort = await findFreePortPair(26686)
  }, BUILD_TIMEOUT_MS)

  // Safety net: never leave a process behind when an assertion fails half-way.
  afterAll(async () => {
    if (queryPort !== 0) await stopJaeger({ queryPort })
  }, 30_000)

  it(
    'stores an OTLP/HTTP trace that the query API returns, and stops by PID',
    async () => {
      const otlpHttpPort = await findFreePortPair(14318)
      jaeger = await startJaeger({ otlpHttpPort, queryPort })
      expect(jaeger).toMatchObject({
        otlpEndpoint: `http://127.0.0.1:${otlpHttpPort}`,
        otlpTracesUrl: `http://127.0.0.1:${otlpHttpPort}/v1/traces`,
        otlpGrpcEndpoint: `127.0.0.1:${otlpHttpPort - 1}`,
        queryUrl: `http://127.0.0.1:${queryPort}`,
        alreadyRunning: false,
      })
      const { pid } = jaeger
      expect(isProcessAlive(pid)).toBe(true)
      expect(readFileSync(pidFilePath(queryPort), 'utf8').trim()).toBe(String(pid))
      expect(JSON.parse(readFileSync(stateFilePath(queryPort), 'utf8'))).toMatchObject({
        pid,
        otlpHttpPort,
        queryPort,
      })

      // A second start with the same ports attaches to the running instance.
      const again = await startJaeger({ otlpHttpPort, queryPort })
      expect(again).toMatchObject({ pid, alreadyRunning: true })

      const traceId = randomBytes(16).toString('hex')
      const parentId = randomBytes(8).toString('hex')
      const childId = randomBytes(8).toString('hex')
      const response = await fetch(jaeger.otlpTracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(otlpTrace(traceId, parentId, childId)),
      })
      expect(response.status).toBe(200)
      await response.arrayBuffer()

      const trace = await pollTrace(jaeger.queryUrl, traceId)
      expect(trace.spans).toHaveLength(2)
      const parent = trace.spans.find((span) => span.spanID === parentId)
      const child = trace.spans.find((span) => span.spanID === childId)
      expect(parent).toMatchObject({ operationName: 'ws.receive', references: [] })
      expect(child).toMatchObject({
        operationName: 'kafka.produce',
        references: [{ refType: 'CHILD_OF', traceID: traceId, spanID: parentId }],
      })
      expect(trace.processes[child?.processID ?? '']?.serviceName).toBe('k2')

      await jaeger.stop()
      expect(isProcessAlive(pid)).toBe(false)
      expect(existsSync(pidFilePath(queryPort))).toBe(false)
      await expect(fetch(`${jaeger.queryUrl}/api/services`)).rejects.toThrow()
      // Stopping again is a no-op.
      await expect(stopJaeger({ queryPort })).resolves.toBeUndefined()
    },
    TEST_TIMEOUT_MS,
  )

  it('refuses a port taken by another process, leaving no PID file behind', async () => {
    const taken = await occupyPort()
    try {
      await expect(startJaeger({ otlpHttpPort: taken.port, queryPort })).rejects.toSatisfy(
        (error) =>
          isJaegerToolError(error, 'JAEGER_TOOL_PORT_IN_USE') &&
          error.message.includes(`otlpHttpPort 127.0.0.1:${taken.port}`),
      )
    } finally {
      await taken.close()
    }
    expect(existsSync(pidFilePath(queryPort))).toBe(false)
  })

  it('never signals a process that a stale PID file names if it is not Jaeger', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' })
    const otherPid = other.pid ?? 0
    try {
      mkdirSync(dirname(pidFilePath(queryPort)), { recursive: true })
      writeFileSync(pidFilePath(queryPort), `${otherPid}\n`)
      await stopJaeger({ queryPort })
      expect(existsSync(pidFilePath(queryPort))).toBe(false)
      expect(isProcessAlive(otherPid)).toBe(true)
    } finally {
      other.kill('SIGKILL')
    }
  })
})

/** One trace of two spans (parent `ws.receive`, child `kafka.produce`) in OTLP/JSON encoding. */
function otlpTrace(traceId: string, parentId: string, childId: string): unknown {
  const nowNs = BigInt(Date.now()) * 1_000_000n
  const span = (spanId: string, name: string, startNs: bigint, endNs: bigint) => ({
    traceId,
    spanId,
    name,
    kind: 1,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(endNs),
    attributes: [{ key: 'k2.symbol', value: { stringValue: 'BTCUSDT' } }],
  })
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'k2' } }] },
        scopeSpans: [
          {
            scope: { name: 'k2-tools-jaeger-int-test' },
            spans: [
              span(parentId, 'ws.receive', nowNs - 5_000_000n, nowNs),
              {
                ...span(childId, 'kafka.produce', nowNs - 3_000_000n, nowNs - 1_000_000n),
                parentSpanId: parentId,
              },
            ],
          },
        ],
      },
    ],
  }
}

/** Polls `GET /api/traces?service=k2` until it holds `traceId` with both spans (15 s at most). */
async function pollTrace(queryUrl: string, traceId: string): Promise<JaegerApiTrace> {
  const deadline = Date.now() + 15_000
  let last = 'no answer yet'
  for (;;) {
    const response = await fetch(`${queryUrl}/api/traces?service=k2`)
    const body = (await response.json()) as { data: JaegerApiTrace[] | null }
    const trace = body.data?.find((candidate) => candidate.traceID === traceId)
    if (trace && trace.spans.length >= 2) return trace
    last = `HTTP ${response.status}, ${body.data?.length ?? 0} traces, ours has ${trace?.spans.length ?? 0} spans`
    if (Date.now() >= deadline)
      throw new Error(`trace ${traceId} not returned within 15 s (${last})`)
    await sleep(200)
  }
}
