import { describe, expect, it } from 'vitest'

import type { CompatibilityLevel } from './compatibility-level.js'
import { recordSchema, useRegistry } from './test-support.js'

const registry = useRegistry()

const V1 = recordSchema([{ name: 'price', type: 'long' }])
const ADD_WITH_DEFAULT = recordSchema([
  { name: 'price', type: 'long' },
  { name: 'venue', type: 'string', default: '' },
])
const ADD_REQUIRED = recordSchema([
  { name: 'price', type: 'long' },
  { name: 'venue', type: 'string' },
])
const ADD_TWO_WITH_DEFAULTS = recordSchema([
  { name: 'price', type: 'long' },
  { name: 'venue', type: 'string', default: '' },
  { name: 'size', type: 'long', default: 0 },
])
const PRICE_DEFAULT = recordSchema([{ name: 'price', type: 'long', default: 0 }])
const DROP_PRICE = recordSchema([])
const PRICE_AS_STRING = recordSchema([{ name: 'price', type: 'string' }])

async function setLevel(subject: string, level: CompatibilityLevel) {
  const response = await registry().request('PUT', `/config/${subject}`, { compatibility: level })
  expect(response.status).toBe(200)
}

describe('registration under each compatibility level', () => {
  it.each<[CompatibilityLevel | 'default', string, string[], string, number]>([
    ['default', 'BACKWARD accepts a new field with a default', [V1], ADD_WITH_DEFAULT, 200],
    ['default', 'BACKWARD rejects a new field without a default', [V1], ADD_REQUIRED, 409],
    ['BACKWARD', 'BACKWARD accepts removing a field', [V1], DROP_PRICE, 200],
    ['FORWARD', 'FORWARD accepts a new field without a default', [V1], ADD_REQUIRED, 200],
    ['FORWARD', 'FORWARD rejects removing a field without a default', [V1], DROP_PRICE, 409],
    ['FULL', 'FULL accepts a new field with a default', [V1], ADD_WITH_DEFAULT, 200],
    ['FULL', 'FULL rejects a new field without a default', [V1], ADD_REQUIRED, 409],
    ['FULL', 'FULL rejects removing a field without a default', [V1], DROP_PRICE, 409],
    ['NONE', 'NONE accepts a changed field type', [V1], PRICE_AS_STRING, 200],
    [
      'BACKWARD',
      'BACKWARD checks the latest version only',
      [V1, ADD_WITH_DEFAULT],
      ADD_REQUIRED,
      200,
    ],
    [
      'BACKWARD_TRANSITIVE',
      'BACKWARD_TRANSITIVE checks every version',
      [V1, ADD_WITH_DEFAULT],
      ADD_REQUIRED,
      409,
    ],
    // Transitive pairs: the candidate suits the latest version but not the oldest one.
    ['FORWARD', 'FORWARD checks the latest version only', [V1, PRICE_DEFAULT], DROP_PRICE, 200],
    [
      'FORWARD_TRANSITIVE',
      'FORWARD_TRANSITIVE checks every version',
      [V1, PRICE_DEFAULT],
      DROP_PRICE,
      409,
    ],
    ['FULL', 'FULL checks the latest version only', [V1, ADD_WITH_DEFAULT], ADD_REQUIRED, 200],
    [
      'FULL_TRANSITIVE',
      'FULL_TRANSITIVE checks every version',
      [V1, ADD_WITH_DEFAULT],
      ADD_REQUIRED,
      409,
    ],
    [
      'FULL_TRANSITIVE',
      'FULL_TRANSITIVE accepts what every version allows',
      [V1, ADD_WITH_DEFAULT],
      ADD_TWO_WITH_DEFAULTS,
      200,
    ],
  ])('%s: %s', async (level, _, history, candidate, status) => {
    if (level !== 'default') {
      await setLevel('s', 'NONE') // build the history freely
      for (const schema of history)
        expect((await registry().register('s', schema)).status).toBe(200)
      await setLevel('s', level)
    } else {
      for (const schema of history)
        expect((await registry().register('s', schema)).status).toBe(200)
    }
    const response = await registry().register('s', candidate)
    expect(response.status).toBe(status)
    if (status === 409) expect(response.body).toMatchObject({ error_code: 409 })
    const versions = (await registry().request('GET', '/subjects/s/versions')).body
    expect(versions).toHaveLength(history.length + (status === 200 ? 1 : 0))
  })

  it('uses the global level when the subject has none', async () => {
    await registry().register('s', V1)
    await registry().request('PUT', '/config', { compatibility: 'NONE' })
    expect((await registry().register('s', PRICE_AS_STRING)).body).toEqual({ id: 2 })
  })

  it('lets an earlier version be registered again without a check (it is already there)', async () => {
    await registry().register('s', V1)
    await registry().register('s', ADD_WITH_DEFAULT)
    await setLevel('s', 'FORWARD') // V1 after ADD_WITH_DEFAULT would be a new version: fine anyway
    expect((await registry().register('s', V1)).body).toEqual({ id: 1 })
    expect((await registry().request('GET', '/subjects/s/versions')).body).toEqual([1, 2])
  })
})

describe('POST /compatibility/subjects/{subject}/versions/{version}', () => {
  const check = (subject: string, version: string | undefined, schema: string, query = '') =>
    registry().request(
      'POST',
      `/compatibility/subjects/${subject}/versions${version === undefined ? '' : `/${version}`}${query}`,
      { schema },
    )

  it.each([
    ['latest', ADD_WITH_DEFAULT, true],
    ['latest', ADD_REQUIRED, false],
    ['1', ADD_WITH_DEFAULT, true],
    ['-1', ADD_REQUIRED, false],
  ])('version %s, candidate #%#: is_compatible %s', async (version, schema, expected) => {
    await registry().register('s', V1)
    expect(await check('s', version, schema)).toMatchObject({
      status: 200,
      body: { is_compatible: expected },
    })
  })

  it('checks against the named version only, in the direction of the level', async () => {
    await setLevel('s', 'NONE')
    await registry().register('s', V1)
    await registry().register('s', DROP_PRICE)
    await setLevel('s', 'FORWARD')
    // DROP_PRICE cannot be read by V1 (price has no default) but can by version 2 (itself).
    expect((await check('s', '1', DROP_PRICE)).body).toEqual({ is_compatible: false })
    expect((await check('s', '2', DROP_PRICE)).body).toEqual({ is_compatible: true })
  })

  it('without a version, makes the registration check (transitive levels see every version)', async () => {
    await registry().register('s', V1)
    await registry().register('s', ADD_WITH_DEFAULT)
    expect((await check('s', undefined, ADD_REQUIRED)).body).toEqual({ is_compatible: true })
    await setLevel('s', 'BACKWARD_TRANSITIVE')
    expect((await check('s', undefined, ADD_REQUIRED)).body).toEqual({ is_compatible: false })
  })

  it('explains with verbose=true', async () => {
    await registry().register('s', V1)
    expect((await check('s', 'latest', ADD_WITH_DEFAULT, '?verbose=true')).body).toEqual({
      is_compatible: true,
      messages: [],
    })
    expect((await check('s', 'latest', ADD_REQUIRED, '?verbose=true')).body).toEqual({
      is_compatible: false,
      messages: [
        expect.stringContaining('venue'),
        '{oldSchemaVersion: 1}',
        `{oldSchema: '${V1}'}`,
        "{compatibility: 'BACKWARD'}",
      ],
    })
    expect((await check('s', 'latest', '{"type":"nope"}', '?verbose=true')).body).toEqual({
      is_compatible: false,
      messages: [expect.stringContaining('nope')],
    })
  })

  it('finds anything compatible with the latest version of a subject without versions', async () => {
    expect((await check('nope', 'latest', V1)).body).toEqual({ is_compatible: true })
    expect((await check('nope', undefined, V1)).body).toEqual({ is_compatible: true })
  })

  it.each([
    ['nope', '1', V1, 404, 40402, 'Version 1 not found.'],
    ['s', '2', V1, 404, 40402, 'Version 2 not found.'],
    ['s', 'earliest', V1, 422, 42202, expect.stringContaining("'earliest'")],
    ['s', 'latest', '{"type":"nope"}', 422, 42201, expect.stringContaining('nope')],
  ])('subject %s version %s -> %d %d', async (subject, version, schema, status, code, message) => {
    await registry().register('s', V1)
    const response = await check(subject, version, schema)
    expect(response.status).toBe(status)
    expect(response.body).toEqual({ error_code: code, message })
  })
})
