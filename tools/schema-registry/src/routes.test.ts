import { describe, expect, it } from 'vitest'

import { matchRoute } from './routes.js'

describe('matchRoute', () => {
  it.each([
    ['GET', '/', '/', {}],
    ['GET', '/subjects/', '/subjects', {}],
    ['POST', '/subjects/t-value', '/subjects/{subject}', { subject: 't-value' }],
    ['GET', '/subjects/a%2Fb%20c/versions', '/subjects/{subject}/versions', { subject: 'a/b c' }],
    [
      'GET',
      '/subjects/s/versions/latest',
      '/subjects/{subject}/versions/{version}',
      { subject: 's', version: 'latest' },
    ],
    ['GET', '/schemas/ids/3/versions', '/schemas/ids/{id}/versions', { id: '3' }],
    ['PUT', '/config/s', '/config/{subject}', { subject: 's' }],
    [
      'POST',
      '/compatibility/subjects/s/versions/2',
      '/compatibility/subjects/{subject}/versions/{version}',
      { subject: 's', version: '2' },
    ],
  ])('%s %s -> %s', (method, pathname, path, params) => {
    const match = matchRoute(method, pathname)
    expect(match).toMatchObject({ kind: 'found', route: { method, path }, params })
  })

  it.each([
    ['DELETE', '/subjects/s', 'method-not-allowed'],
    ['POST', '/config', 'method-not-allowed'],
    ['GET', '/subjects/s/versions/1/schema', 'not-found'],
    ['GET', '/subjects//versions', 'not-found'],
    ['GET', '/subjects/%E0%A4%A/versions', 'not-found'],
    ['GET', '/nope', 'not-found'],
  ])('%s %s -> %s', (method, pathname, kind) => {
    expect(matchRoute(method, pathname).kind).toBe(kind)
  })
})
