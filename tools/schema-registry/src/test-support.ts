// Helpers for this package's tests: a fresh registry per test on a random port, spoken to over
// real HTTP with fetch, as a client would.
import { afterEach, beforeEach } from 'vitest'

import { SCHEMA_REGISTRY_V1_JSON } from './media-types.js'
import { startSchemaRegistry, type RunningSchemaRegistry } from './server.js'

/** A response as the tests look at it. */
export interface TestResponse {
  readonly status: number
  readonly contentType: string | null
  /** Parsed JSON body. */
  readonly body: unknown
}

/** A minimal client of one running registry. */
export interface TestRegistry {
  readonly url: string
  /** Sends `body` (an object is JSON-encoded, a string sent as is) with the registry media type. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>
  /** `POST /subjects/{subject}/versions` with `{"schema": schema}`. */
  register(subject: string, schema: string): Promise<TestResponse>
}

/** Starts a new registry before each test of the file and closes it after; call at file level. */
export function useRegistry(): () => TestRegistry {
  let running: RunningSchemaRegistry | undefined
  let client: TestRegistry | undefined
  beforeEach(async () => {
    running = await startSchemaRegistry({ port: 0 })
    client = registryClient(running.url)
  })
  afterEach(async () => {
    await running?.close()
  })
  return () => {
    if (client === undefined) throw new Error('useRegistry() is only usable inside a test')
    return client
  }
}

/** A {@link TestRegistry} for the registry at `url`. */
export function registryClient(url: string): TestRegistry {
  const request: TestRegistry['request'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': SCHEMA_REGISTRY_V1_JSON, ...headers },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    }
  }
  return {
    url,
    request,
    register: (subject, schema) =>
      request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema }),
  }
}

/** JSON text of a record schema named `name` with these fields. */
export function recordSchema(
  fields: ReadonlyArray<Record<string, unknown>>,
  name = 'Trade',
): string {
  return JSON.stringify({ type: 'record', name, namespace: 'k2.test', fields })
}
