import type { IncomingMessage, ServerResponse } from 'node:http'

import { RegistryError, httpError } from './errors.js'
import { parseJsonBody, readBody, sendJson } from './http-io.js'
import { SCHEMA_REGISTRY_V1_JSON, isConsumedType, negotiateResponseType } from './media-types.js'
import type { SchemaRegistry } from './registry.js'
import { matchRoute } from './routes.js'

/**
 * The `node:http` request listener of a registry. Checks run in upstream's (Jersey's) order:
 * path (404), method (405), request Content-Type (415), Accept (406); then the route runs and
 * its answer or {@link RegistryError} is written as JSON.
 */
export function createRequestHandler(
  registry: SchemaRegistry,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void handle(registry, request, response)
  }
}

async function handle(
  registry: SchemaRegistry,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const responseType = negotiateResponseType(request.headers.accept)
  try {
    const url = new URL(request.url ?? '/', 'http://registry.invalid')
    const match = matchRoute(request.method ?? 'GET', url.pathname)
    if (match.kind === 'not-found') throw httpError(404)
    if (match.kind === 'method-not-allowed') throw httpError(405)
    const hasBody = match.route.method !== 'GET'
    if (hasBody && !isConsumedType(request.headers['content-type'])) throw httpError(415)
    if (responseType === undefined) throw httpError(406)
    const body = hasBody ? parseJsonBody(await readBody(request)) : undefined
    const answer = match.route.handle(registry, {
      params: match.params,
      query: url.searchParams,
      body,
    })
    sendJson(response, 200, answer, responseType)
  } catch (error) {
    const failure = error instanceof RegistryError ? error : internalError(error)
    if (response.headersSent || response.destroyed) {
      response.destroy()
      return
    }
    sendJson(response, failure.status, failure.toBody(), responseType ?? SCHEMA_REGISTRY_V1_JSON)
  }
}

// A bug in this registry, not a client mistake: answer 500 with the cause so the failing test
// shows it.
function internalError(error: unknown): RegistryError {
  const detail = error instanceof Error ? error.message : String(error)
  return new RegistryError(500, 500, `${httpError(500).message}: ${detail}`)
}
