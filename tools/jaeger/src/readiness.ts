import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

import { JaegerToolError } from './errors.js'
import { DEFAULTS } from './options.js'

/** Where a Jaeger instance listens, as returned by {@link startJaeger}. */
export interface JaegerEndpoints {
  /** Query HTTP API base, e.g. `http://127.0.0.1:16686`. */
  queryUrl: string
  /** OTLP/HTTP base, e.g. `http://127.0.0.1:4318` (traces go to `/v1/traces`). */
  otlpEndpoint: string
  /** OTLP/gRPC `host:port`; checked with a TCP connect when given. */
  otlpGrpcEndpoint?: string
}

/** Extra knobs of {@link waitForJaeger}. */
export interface WaitForJaegerOptions {
  /** Pause between two attempts. */
  intervalMs?: number
  /** Aborting stops the wait at once and rethrows `signal.reason` (e.g. "the process exited"). */
  signal?: AbortSignal
}

const ATTEMPT_TIMEOUT_MS = 2_000

/**
 * Resolves once the instance serves what clients use: the query API answers
 * `GET /api/services` with a JSON `data` field, the OTLP/HTTP receiver accepts an empty export
 * (`POST /v1/traces` with no spans, which stores nothing) and the OTLP/gRPC port accepts a
 * connection. All three, because the collector starts its extensions (query) before its
 * receivers. Throws `JAEGER_TOOL_START_TIMEOUT` with the last failure after `timeoutMs`.
 */
export async function waitForJaeger(
  endpoints: JaegerEndpoints,
  timeoutMs: number = DEFAULTS.timeoutMs,
  options: WaitForJaegerOptions = {},
): Promise<void> {
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new JaegerToolError(
      'JAEGER_TOOL_INVALID_OPTION',
      `invalid option timeoutMs: must be a positive integer (got ${timeoutMs})`,
    )
  }
  const { intervalMs = DEFAULTS.readinessIntervalMs, signal } = options
  const deadline = Date.now() + timeoutMs
  let lastError = 'no attempt finished'
  for (;;) {
    throwIfAborted(signal)
    try {
      await checkOnce(endpoints)
      return
    } catch (error) {
      lastError = describe(error)
    }
    throwIfAborted(signal)
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new JaegerToolError(
        'JAEGER_TOOL_START_TIMEOUT',
        `Jaeger (query ${endpoints.queryUrl}, OTLP ${endpoints.otlpEndpoint}) was not ready ` +
          `within ${timeoutMs} ms (last error: ${lastError})`,
      )
    }
    await sleep(Math.min(intervalMs, remaining), undefined, { signal }).catch(() => undefined)
  }
}

async function checkOnce(endpoints: JaegerEndpoints): Promise<void> {
  const services = await fetch(`${endpoints.queryUrl}/api/services`, {
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  })
  // `{"data":null,...}` while no service has reported yet, then `{"data":["k2"],...}`.
  const body = (await services.json().catch(() => undefined)) as { data?: unknown } | undefined
  if (!services.ok || body === undefined || !(body.data === null || Array.isArray(body.data))) {
    throw new Error(`GET /api/services answered ${services.status} without a data field`)
  }
  const exported = await fetch(`${endpoints.otlpEndpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans":[]}',
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  })
  await exported.arrayBuffer()
  if (!exported.ok) throw new Error(`POST /v1/traces answered ${exported.status}`)
  if (endpoints.otlpGrpcEndpoint !== undefined) await tcpConnect(endpoints.otlpGrpcEndpoint)
}

function tcpConnect(hostPort: string): Promise<void> {
  const colon = hostPort.lastIndexOf(':')
  const host = hostPort.slice(0, colon)
  const port = Number(hostPort.slice(colon + 1))
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host, port, timeout: ATTEMPT_TIMEOUT_MS })
    socket.once('connect', () => {
      socket.destroy()
      resolvePromise()
    })
    socket.once('timeout', () => {
      socket.destroy()
      reject(new Error(`connecting to OTLP/gRPC ${hostPort} timed out`))
    })
    socket.once('error', (error) => reject(new Error(`OTLP/gRPC ${hostPort}: ${error.message}`)))
  })
}

/** `fetch failed` alone says nothing; its cause carries ECONNREFUSED and friends. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return
  throw signal.reason instanceof Error
    ? signal.reason
    : new JaegerToolError('JAEGER_TOOL_EXITED_EARLY', `aborted: ${String(signal.reason)}`)
}
