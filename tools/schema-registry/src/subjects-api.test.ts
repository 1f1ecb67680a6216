import { describe, expect, it } from 'vitest'

import { recordSchema, useRegistry } from './test-support.js'

const registry = useRegistry()

const V1 = recordSchema([{ name: 'price', type: 'long' }])
const V2 = recordSchema([
  { name: 'price', type: 'long' },
  { name: 'venue', type: 'string', default: '' },
])
const DECIMAL = '{"type":"bytes","logicalType":"decimal","precision":18,"scale":8}'

describe('POST /subjects/{subject}/versions', () => {
  it('assigns global ids from 1 and versions per subject', async () => {
    expect(await registry().register('trades-value', V1)).toMatchObject({
      status: 200,
      body: { id: 1 },
    })
    expect((await registry().register('trades-value', V2)).body).toEqual({ id: 2 })
    expect((await registry().request('GET', '/subjects/trades-value/versions')).body).toEqual([
      1, 2,
    ])
  })

  it('is idempotent: the same schema again returns its id and adds no version', async () => {
    await registry().register('trades-value', V1)
    await registry().register('trades-value', V2)
    expect((await registry().register('trades-value', V1)).body).toEqual({ id: 1 })
    expect((await registry().register('trades-value', V2)).body).toEqual({ id: 2 })
    expect((await registry().request('GET', '/subjects/trades-value/versions')).body).toEqual([
      1, 2,
    ])
  })

  it('recognises the same schema written differently (whitespace, key order, short names)', async () => {
    await registry().register('s', V1)
    const respelled = JSON.stringify(
      {
        fields: [{ type: { type: 'long' }, name: 'price' }],
        name: 'k2.test.Trade',
        type: 'record',
      },
      null,
      2,
    )
    expect((await registry().register('s', respelled)).body).toEqual({ id: 1 })
    expect((await registry().register('s2', '{ "type" : "string" }')).body).toEqual({ id: 2 })
    expect((await registry().register('s3', '"string"')).body).toEqual({ id: 2 })
  })

  it('gives the same schema the same id under another subject, as that subject’s version 1', async () => {
    await registry().register('a', recordSchema([{ name: 'x', type: 'int' }]))
    await registry().register('a', V1)
    expect((await registry().register('b', V1)).body).toEqual({ id: 2 })
    expect((await registry().request('GET', '/subjects/b/versions/1')).body).toEqual({
      subject: 'b',
      version: 1,
      id: 2,
      schema: V1,
    })
  })

  it('keeps logical-type attributes and the text exactly as registered', async () => {
    const pretty =
      '{\n  "type": "bytes",\n  "logicalType": "decimal",\n  "precision": 18,\n  "scale": 8\n}'
    const { body } = await registry().register('price', pretty)
    expect(
      (await registry().request('GET', `/schemas/ids/${(body as { id: number }).id}`)).body,
    ).toEqual({
      schema: pretty,
    })
    // Plain bytes is a different schema: a decoder fetching the decimal's id must see the decimal.
    await registry().request('PUT', '/config/other', { compatibility: 'NONE' })
    expect((await registry().register('other', '"bytes"')).body).toEqual({ id: 2 })
    expect((await registry().register('other', DECIMAL)).body).toEqual({ id: 1 })
  })

  it.each([
    ['an unknown type', '{"type":"decimal"}', /unknown type/],
    ['text that is not JSON', '{"type":', /not JSON/],
    ['a bad field default', recordSchema([{ name: 'p', type: 'long', default: 'x' }]), /default/],
    ['an invalid name', '{"type":"record","name":"1x","fields":[]}', /invalid name/],
    [
      'a duplicate field',
      recordSchema([
        { name: 'p', type: 'int' },
        { name: 'p', type: 'int' },
      ]),
      /duplicate/,
    ],
  ])('rejects %s with 422 42201', async (_, schema, message) => {
    const response = await registry().register('bad', schema)
    expect(response.status).toBe(422)
    expect(response.body).toEqual({ error_code: 42201, message: expect.stringMatching(message) })
    expect((await registry().request('GET', '/subjects')).body).toEqual([])
  })

  it.each([
    ['schemaType JSON', { schema: '{}', schemaType: 'JSON' }, 422, 42201],
    [
      'schema references',
      { schema: V1, references: [{ name: 'x', subject: 'y', version: 1 }] },
      422,
      42201,
    ],
    ['no schema', {}, 422, 42201],
    ['a schema object instead of text', { schema: { type: 'string' } }, 422, 422],
    ['a JSON array body', [], 422, 422],
  ])('rejects %s', async (_, body, status, errorCode) => {
    const response = await registry().request('POST', '/subjects/s/versions', body)
    expect(response.status).toBe(status)
    expect(response.body).toMatchObject({ error_code: errorCode })
  })

  it('accepts schemaType AVRO and an empty references list', async () => {
    const response = await registry().request('POST', '/subjects/s/versions', {
      schema: V1,
      schemaType: 'AVRO',
      references: [],
    })
    expect(response.body).toEqual({ id: 1 })
  })

  it('rejects an incompatible schema with 409 and upstream’s message', async () => {
    await registry().register('trades-value', V1)
    const incompatible = recordSchema([
      { name: 'price', type: 'long' },
      { name: 'venue', type: 'string' },
    ])
    const response = await registry().register('trades-value', incompatible)
    expect(response.status).toBe(409)
    expect(response.body).toEqual({
      error_code: 409,
      message: expect.stringMatching(
        /^Schema being registered is incompatible with an earlier schema for subject "trades-value", details: \[.*\{oldSchemaVersion: 1\}.*\{compatibility: 'BACKWARD'\}\]$/,
      ),
    })
    expect((await registry().request('GET', '/subjects/trades-value/versions')).body).toEqual([1])
    // Neither the 409 nor a 422 used up an id.
    expect((await registry().register('trades-value', '{"type":"nope"}')).status).toBe(422)
    expect((await registry().register('trades-value', V2)).body).toEqual({ id: 2 })
  })
})

describe('GET /subjects and /subjects/{subject}/versions[/{version}]', () => {
  it('lists subjects sorted, and [] when empty', async () => {
    expect((await registry().request('GET', '/subjects')).body).toEqual([])
    await registry().register('zeta', V1)
    await registry().register('alpha', V1)
    expect((await registry().request('GET', '/subjects')).body).toEqual(['alpha', 'zeta'])
  })

  it('returns a version by number, "latest" or -1', async () => {
    await registry().register('t', V1)
    await registry().register('t', V2)
    const v2 = { subject: 't', version: 2, id: 2, schema: V2 }
    expect((await registry().request('GET', '/subjects/t/versions/1')).body).toEqual({
      subject: 't',
      version: 1,
      id: 1,
      schema: V1,
    })
    expect((await registry().request('GET', '/subjects/t/versions/2')).body).toEqual(v2)
    expect((await registry().request('GET', '/subjects/t/versions/latest')).body).toEqual(v2)
    expect((await registry().request('GET', '/subjects/t/versions/-1')).body).toEqual(v2)
  })

  it('handles subjects that need percent-encoding', async () => {
    await registry().register('k2/trades value', V1)
    expect((await registry().request('GET', '/subjects')).body).toEqual(['k2/trades value'])
    const response = await registry().request('GET', '/subjects/k2%2Ftrades%20value/versions/1')
    expect(response.body).toMatchObject({ subject: 'k2/trades value', id: 1 })
  })

  it.each([
    ['/subjects/nope/versions', 404, 40401, "Subject 'nope' not found."],
    ['/subjects/nope/versions/latest', 404, 40401, "Subject 'nope' not found."],
    ['/subjects/nope/versions/1', 404, 40401, "Subject 'nope' not found."],
    ['/subjects/t/versions/2', 404, 40402, 'Version 2 not found.'],
    [
      '/subjects/t/versions/0',
      422,
      42202,
      'The specified version \'0\' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"',
    ],
    ['/subjects/t/versions/first', 422, 42202, expect.stringContaining("'first'")],
  ])('GET %s -> %d %d', async (path, status, errorCode, message) => {
    await registry().register('t', V1)
    const response = await registry().request('GET', path)
    expect(response.status).toBe(status)
    expect(response.body).toEqual({ error_code: errorCode, message })
  })
})

describe('POST /subjects/{subject} (lookup)', () => {
  it('finds the version holding the schema, however it is spelled', async () => {
    await registry().register('t', V1)
    await registry().register('t', V2)
    const response = await registry().request('POST', '/subjects/t', {
      schema: JSON.stringify(JSON.parse(V2), null, 4),
    })
    expect(response).toMatchObject({
      status: 200,
      body: { subject: 't', version: 2, id: 2, schema: V2 },
    })
  })

  it.each([
    ['an unknown subject', 'nope', V1, 404, 40401, "Subject 'nope' not found."],
    ['a schema not under the subject', 't', V2, 404, 40403, 'Schema not found'],
    ['an invalid schema', 't', '{"type":"nope"}', 422, 42201, expect.stringContaining('nope')],
  ])('answers %s with %d %d', async (_, subject, schema, status, errorCode, message) => {
    await registry().register('t', V1)
    await registry().register('u', V2) // registered elsewhere does not count
    const response = await registry().request('POST', `/subjects/${subject}`, { schema })
    expect(response.status).toBe(status)
    expect(response.body).toEqual({ error_code: errorCode, message })
  })
})
