import { describe, expect, it } from 'vitest'

import {
  bindMountsOf,
  dependenciesOf,
  environmentOf,
  interpolateUnset,
  portsOf,
} from './compose-file.js'
import { validateComposeDocument } from './compose-schema.js'

describe('interpolateUnset', () => {
  it.each([
    ['${K2_API_KEYS:-k2-dev-key}', 'k2-dev-key'],
    ['${X-fallback}', 'fallback'],
    ['${X}', ''],
    ['$X/suffix', '/suffix'],
    ['a$$b', 'a$b'],
    ['http://jaeger:4318', 'http://jaeger:4318'],
  ])('%s -> %s', (value, expected) => {
    expect(interpolateUnset(value)).toBe(expected)
  })
})

describe('service helpers', () => {
  it('reads environment maps and lists alike', () => {
    expect(environmentOf({ environment: { A: 'x', B: 1, C: null, D: '${D:-d}' } })).toEqual({
      A: 'x',
      B: '1',
      C: '',
      D: 'd',
    })
    expect(environmentOf({ environment: ['A=x=y', 'B'] })).toEqual({ A: 'x=y', B: '' })
  })

  it('reads short and long port syntax', () => {
    expect(
      portsOf({
        ports: [
          '8000:8000',
          '127.0.0.1:4318:4318/tcp',
          '9090',
          { target: 3000, published: '3001' },
        ],
      }),
    ).toEqual([
      { published: 8000, target: 8000 },
      { published: 4318, target: 4318 },
      { published: undefined, target: 9090 },
      { published: 3001, target: 3000 },
    ])
  })

  it('keeps bind mounts and skips named volumes', () => {
    expect(
      bindMountsOf({
        volumes: [
          './deploy/a.yml:/etc/a.yml:ro',
          'data:/data',
          { type: 'bind', source: './b', target: '/b', read_only: true },
          { type: 'volume', source: 'v', target: '/v' },
        ],
      }),
    ).toEqual([
      { source: './deploy/a.yml', target: '/etc/a.yml', readOnly: true },
      { source: './b', target: '/b', readOnly: true },
    ])
  })

  it('reads depends_on lists and maps', () => {
    expect(dependenciesOf({ depends_on: ['a'] })).toEqual({ a: 'service_started' })
    expect(dependenciesOf({ depends_on: { a: { condition: 'service_healthy' }, b: {} } })).toEqual({
      a: 'service_healthy',
      b: 'service_started',
    })
  })
})

describe('validateComposeDocument', () => {
  it('accepts a minimal Compose Specification file', () => {
    expect(validateComposeDocument({ name: 'k2', services: { a: { image: 'x:1' } } })).toEqual([])
  })

  it.each([
    [
      'an unknown top-level key',
      { servces: {} },
      '/: must NOT have additional properties (servces)',
    ],
    [
      'an unknown service key',
      { services: { a: { image: 'x:1', imgae: 'y' } } },
      '/services/a: must NOT have additional properties (imgae)',
    ],
    [
      'a wrong type',
      { services: { a: { image: 'x:1', ports: '8000:8000' } } },
      '/services/a/ports: must be array',
    ],
    [
      'a bad depends_on condition',
      { services: { a: { image: 'x:1', depends_on: { b: { condition: 'healthy' } } } } },
      '/services/a/depends_on/b/condition: must be equal to one of the allowed values',
    ],
  ])('rejects %s', (_case, doc, message) => {
    expect(validateComposeDocument(doc)).toContain(message)
  })
})
