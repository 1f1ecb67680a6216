import type { IncomingMessage, ServerResponse } from 'node:http'

import { K2Error } from '@k2/core'

import { parseFaultQuery, type FaultRequest } from './fault-request.js'
import type { FaultResult } from './faults.js'
import type { RestApi } from './rest-api.js'
import type { ExchangeStats } from './stats.js'

/** What the HTTP side of the exchange serves from. */
export interface HttpTargets {
  readonly rest: RestApi
  stats(): ExchangeStats
  fault(request: FaultRequest): FaultResult
}

const FAULT_PATH = /^\/k2\/faults\/([^/]+)$/

/**
 * Plain HTTP on the exchange's port: Binance's REST paths (`/api/v3/...`), `GET /k2/stats` and
 * `POST /k2/faults/<kind>?...`. Control errors answer `{"error":{"code","message"}}`.
 */
export function createHttpHandler(targets: HttpTargets) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', 'http://replay.invalid')
    // The body is never read; drain it so keep-alive connections stay usable.
    request.resume()
    const rest = targets.rest.handle(method, url)
    if (rest !== undefined) return sendJson(response, rest.status, rest.body, rest.headers)
    if (url.pathname === '/k2/stats') {
      if (method !== 'GET')
        return controlError(response, 405, 'REPLAY_METHOD_NOT_ALLOWED', 'use GET')
      return sendJson(response, 200, targets.stats())
    }
    const fault = FAULT_PATH.exec(url.pathname)
    if (fault !== null) {
      if (method !== 'POST')
        return controlError(response, 405, 'REPLAY_METHOD_NOT_ALLOWED', 'use POST')
      try {
        return sendJson(
          response,
          200,
          targets.fault(parseFaultQuery(fault[1] as string, url.searchParams)),
        )
      } catch (error) {
        if (!(error instanceof K2Error)) throw error
        return controlError(response, 400, error.code, error.message)
      }
    }
    controlError(response, 404, 'REPLAY_NOT_FOUND', `nothing at ${method} ${url.pathname}`)
  }
}

function controlError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(response, status, { error: { code, message } })
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}
