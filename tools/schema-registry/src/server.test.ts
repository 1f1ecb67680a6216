import { describe, expect, it } from 'vitest'

import { JSON_MEDIA_TYPE, SCHEMA_REGISTRY_V1_JSON } from './media-types.js'
import { startSchemaRegistry } from './server.js'
import { recordSchema, registryClient, useRegistry } from './test-support.js'

const registry = useRegistry()

describe('HTTP protocol', () => {
  it('answers GET / with {}', async () => {
    expect(await registry().request('GET', '/')).toEqual({
      status: 200,
      contentType: SCHEMA_REGISTRY_V1_JSON,
      body: {},
    })
  })

  it('speaks application/json too, in both directions', async () => {
    const headers = { 'content-type': JSON_MEDIA_TYPE, accept: JSON_MEDIA_TYPE }
    const response = await registry().request(
      'POST',
      '/subjects/s/versions',
      { schema: '"string"' },
      headers,
    )
    expect(response).toEqual({ status: 200, contentType: JSON_MEDIA_TYPE, body: { id: 1 } })
    const error = await registry().request('GET', '/schemas/ids/9', undefined, headers)
    expect(error.contentType).toBe(JSON_MEDIA_TYPE)
    expect(error.body).toMatchObject({ error_code: 40403 })
  })

  it.each([
    ['an unknown path', 'GET', '/nope', {}, 404],
    ['an unknown sub-resource', 'GET', '/subjects/s/versions/1/referencedby', {}, 404],
    ['an unsupported method', 'DELETE', '/subjects/s', {}, 405],
    ['a method of another endpoint', 'POST', '/config', {}, 405],
    ['a form body', 'PUT', '/config', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['an unacceptable Accept', 'GET', '/subjects', { accept: 'text/html' }, 406],
  ])('answers %s like upstream', async (_, method, path, headers, status) => {
    const response = await registry().request(method, path, undefined, headers)
    const reason = {
      404: 'Not Found',
      405: 'Method Not Allowed',
      406: 'Not Acceptable',
      415: 'Unsupported Media Type',
    }[status]
    expect(response).toEqual({
      status,
      contentType: SCHEMA_REGISTRY_V1_JSON,
      body: { error_code: status, message: `HTTP ${status} ${reason}` },
    })
  })

  it('answers a body that is not JSON with 400, and an empty one with 422', async () => {
    const malformed = await registry().request('POST', '/subjects/s/versions', '{"schema":')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ error_code: 400 })
    const empty = await registry().request('PUT', '/config', '')
    expect(empty.status).toBe(422)
    expect(empty.body).toMatchObject({ error_code: 422 })
  })

  it('accepts a body without Content-Type', async () => {
    const response = await fetch(`${registry().url}/subjects/s/versions`, {
      method: 'POST',
      body: new Blob([JSON.stringify({ schema: '"int"' })]), // a Blob without type sends none
    })
    expect(response.status).toBe(200)
  })
})

describe('startSchemaRegistry', () => {
  it('starts independent registries on random ports and closes them (twice is fine)', async () => {
    const first = await startSchemaRegistry({ port: 0 })
    const second = await startSchemaRegistry()
    try {
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`)
      expect(second.port).not.toBe(first.port)
      const schema = recordSchema([{ name: 'x', type: 'int' }])
      expect((await registryClient(first.url).register('s', '"long"')).body).toEqual({ id: 1 })
      expect((await registryClient(second.url).register('s', schema)).body).toEqual({ id: 1 })
      expect((await registryClient(second.url).request('GET', '/subjects')).body).toEqual(['s'])
    } finally {
      await first.close()
      await second.close()
    }
    await first.close()
    await expect(fetch(`${first.url}/`)).rejects.toThrow()
  })

  it('fails when the port is taken', async () => {
    const first = await startSchemaRegistry({ port: 0 })
    try {
      await expect(startSchemaRegistry({ port: first.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      })
    } finally {
      await first.close()
    }
  })
})
