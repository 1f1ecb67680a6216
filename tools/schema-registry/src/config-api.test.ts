import { describe, expect, it } from 'vitest'

import { COMPATIBILITY_LEVELS } from './compatibility-level.js'
import { useRegistry } from './test-support.js'

const registry = useRegistry()

const INVALID_LEVEL = {
  error_code: 42203,
  message:
    'Invalid compatibility level. Valid values are none, backward, forward, full, ' +
    'backward_transitive, forward_transitive, and full_transitive',
}

describe('GET/PUT /config', () => {
  it('starts at BACKWARD', async () => {
    expect(await registry().request('GET', '/config')).toMatchObject({
      status: 200,
      body: { compatibilityLevel: 'BACKWARD' },
    })
  })

  it.each(COMPATIBILITY_LEVELS)('sets %s and echoes the request', async (level) => {
    expect(await registry().request('PUT', '/config', { compatibility: level })).toMatchObject({
      status: 200,
      body: { compatibility: level },
    })
    expect((await registry().request('GET', '/config')).body).toEqual({
      compatibilityLevel: level,
    })
  })

  it('accepts any case, echoing it as sent and storing it upper-case', async () => {
    expect((await registry().request('PUT', '/config', { compatibility: 'full' })).body).toEqual({
      compatibility: 'full',
    })
    expect((await registry().request('GET', '/config')).body).toEqual({
      compatibilityLevel: 'FULL',
    })
  })

  it.each([
    ['an unknown level', { compatibility: 'BACKWARDS' }],
    ['no level', {}],
    ['a non-string level', { compatibility: 1 }],
  ])('rejects %s with 422 42203 and keeps the level', async (_, body) => {
    const response = await registry().request('PUT', '/config', body)
    expect(response.status).toBe(422)
    expect(response.body).toEqual(INVALID_LEVEL)
    expect((await registry().request('GET', '/config')).body).toEqual({
      compatibilityLevel: 'BACKWARD',
    })
  })
})

describe('GET/PUT /config/{subject}', () => {
  it('is 404 40408 until the subject has its own level, unless defaultToGlobal', async () => {
    const response = await registry().request('GET', '/config/trades-value')
    expect(response.status).toBe(404)
    expect(response.body).toEqual({
      error_code: 40408,
      message: "Subject 'trades-value' does not have subject-level compatibility configured",
    })
    expect(
      (await registry().request('GET', '/config/trades-value?defaultToGlobal=true')).body,
    ).toEqual({ compatibilityLevel: 'BACKWARD' })
  })

  it('sets a subject level (even before the subject exists) without touching the global one', async () => {
    expect(
      (await registry().request('PUT', '/config/trades-value', { compatibility: 'NONE' })).body,
    ).toEqual({ compatibility: 'NONE' })
    expect((await registry().request('GET', '/config/trades-value')).body).toEqual({
      compatibilityLevel: 'NONE',
    })
    expect(
      (await registry().request('GET', '/config/trades-value?defaultToGlobal=true')).body,
    ).toEqual({ compatibilityLevel: 'NONE' })
    expect((await registry().request('GET', '/config')).body).toEqual({
      compatibilityLevel: 'BACKWARD',
    })
    expect((await registry().request('GET', '/subjects')).body).toEqual([])
  })

  it('rejects an invalid level with 422 42203', async () => {
    const response = await registry().request('PUT', '/config/s', { compatibility: 'SOMETIMES' })
    expect(response.status).toBe(422)
    expect(response.body).toEqual(INVALID_LEVEL)
  })
})
