import { describe, expect, it } from 'vitest'

import { recordSchema, useRegistry } from './test-support.js'

const registry = useRegistry()

const V1 = recordSchema([{ name: 'price', type: 'long' }])

describe('GET /schemas/ids/{id}', () => {
  it('returns the schema text of an id', async () => {
    await registry().register('t', V1)
    expect(await registry().request('GET', '/schemas/ids/1')).toMatchObject({
      status: 200,
      body: { schema: V1 },
    })
  })

  it.each([
    ['/schemas/ids/2', 404, 40403, 'Schema 2 not found'],
    ['/schemas/ids/-1', 404, 40403, 'Schema -1 not found'],
    ['/schemas/ids/2/versions', 404, 40403, 'Schema 2 not found'],
    // Not an integer: no such resource at all, as when Jersey cannot bind the path parameter.
    ['/schemas/ids/abc', 404, 404, 'HTTP 404 Not Found'],
    ['/schemas/ids/1.5', 404, 404, 'HTTP 404 Not Found'],
  ])('GET %s -> %d %d', async (path, status, errorCode, message) => {
    await registry().register('t', V1)
    const response = await registry().request('GET', path)
    expect(response.status).toBe(status)
    expect(response.body).toEqual({ error_code: errorCode, message })
  })
})

describe('GET /schemas/ids/{id}/versions', () => {
  it('lists every subject version using the id', async () => {
    await registry().register('b', V1)
    await registry().request('PUT', '/config/a', { compatibility: 'NONE' })
    await registry().register('a', recordSchema([{ name: 'x', type: 'int' }], 'Other'))
    await registry().register('a', V1)
    expect((await registry().request('GET', '/schemas/ids/1/versions')).body).toEqual([
      { subject: 'a', version: 2 },
      { subject: 'b', version: 1 },
    ])
    expect((await registry().request('GET', '/schemas/ids/2/versions')).body).toEqual([
      { subject: 'a', version: 1 },
    ])
  })
})
