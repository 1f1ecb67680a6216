import { describe, expect, it } from 'vitest'

import { CORE_ERROR_CODES, CoreError, type CoreErrorCode } from './core-errors.js'
import { K2Error, errorCode, isRetriable, type SerializedK2Error } from './k2-error.js'

describe('K2Error', () => {
  it('carries code, message, retriable, context and cause', () => {
    const cause = new Error('socket hang up')
    const err = new K2Error('KAFKA_BROKER_UNAVAILABLE', 'broker 1 is down', {
      retriable: true,
      context: { broker: 1, topic: 'market.crypto.trades.binance' },
      cause,
    })
    expect(err).toBeInstanceOf(Error)
    expect(err.name).toBe('K2Error')
    expect(err.code).toBe('KAFKA_BROKER_UNAVAILABLE')
    expect(err.message).toBe('broker 1 is down')
    expect(err.retriable).toBe(true)
    expect(err.context).toEqual({ broker: 1, topic: 'market.crypto.trades.binance' })
    expect(err.cause).toBe(cause)
    expect(err.stack).toContain('broker 1 is down')
  })

  it('defaults to not retriable, empty context and no cause', () => {
    const err = new K2Error('X_FAILED', 'x')
    expect(err.retriable).toBe(false)
    expect(err.context).toEqual({})
    expect('cause' in err).toBe(false)
  })

  it('copies and freezes the context', () => {
    const context: Record<string, unknown> = { a: 1 }
    const err = new K2Error('X_FAILED', 'x', { context })
    context.a = 2
    expect(err.context).toEqual({ a: 1 })
    expect(Object.isFrozen(err.context)).toBe(true)
  })
})

describe('K2Error serialization across a thread hop', () => {
  const cases: ReadonlyArray<readonly [string, K2Error]> = [
    [
      'a retriable error with context',
      new K2Error('ICEBERG_COMMIT_CONFLICT', 'metadata moved', {
        retriable: true,
        context: { table: 'market_data.trades_v2', attempt: 3, offsets: { '0': 42 } },
        cause: new Error('CAS failed'),
      }),
    ],
    ['a non-retriable error', new K2Error('BINANCE_INVALID_FRAME', 'bad frame')],
    [
      'a CoreError',
      new CoreError('CORE_INVALID_DECIMAL', 'price: "-1" must not be negative', {
        context: { field: 'price', value: '-1' },
      }),
    ],
  ]

  it.each(cases)('%s survives structuredClone(toJSON()) and fromJSON', (_case, err) => {
    const wire = structuredClone(err.toJSON()) // what postMessage does to the payload
    expect(wire).toEqual({
      code: err.code,
      message: err.message,
      retriable: err.retriable,
      context: err.context,
    })
    const back = K2Error.fromJSON(wire)
    expect(back).toBeInstanceOf(K2Error)
    expect(back.code).toBe(err.code)
    expect(back.message).toBe(err.message)
    expect(back.retriable).toBe(err.retriable)
    expect(back.context).toEqual(err.context)
    expect(isRetriable(back)).toBe(err.retriable)
    expect(errorCode(back)).toBe(err.code)
    // The serialized form itself is understood by the helpers too.
    expect(isRetriable(wire)).toBe(err.retriable)
    expect(errorCode(wire)).toBe(err.code)
  })

  it.each(cases)('%s survives JSON.stringify/parse', (_case, err) => {
    const wire = JSON.parse(JSON.stringify(err)) as SerializedK2Error
    const back = K2Error.fromJSON(wire)
    expect(back.toJSON()).toEqual(err.toJSON())
  })

  it('shows why plain class identity is not enough: a cloned error loses its code', () => {
    const err = new K2Error('X_FAILED', 'x', { retriable: true })
    const cloned: unknown = structuredClone(err)
    expect(cloned).not.toBeInstanceOf(K2Error)
    expect(errorCode(cloned)).toBe('UNKNOWN')
    expect(isRetriable(cloned)).toBe(false)
  })

  it('does not share the context object with the serialized input', () => {
    const wire = { code: 'X', message: 'x', retriable: false, context: { a: 1 } }
    const back = K2Error.fromJSON(wire)
    wire.context.a = 2
    expect(back.context).toEqual({ a: 1 })
  })
})

describe('isRetriable', () => {
  it.each([
    ['a retriable K2Error', new K2Error('X', 'x', { retriable: true }), true],
    ['a non-retriable K2Error', new K2Error('X', 'x', { retriable: false }), false],
    ['a CoreError', new CoreError('CORE_INVALID_FIELD', 'x'), false],
    [
      'a serialized retriable error',
      { code: 'X', message: 'x', retriable: true, context: {} },
      true,
    ],
    ['a serialized non-retriable error', { code: 'X', retriable: false }, false],
    [
      'a foreign error flagged retriable (kafkajs style)',
      Object.assign(new Error('x'), { retriable: true }),
      true,
    ],
    ['a truthy non-boolean flag', { retriable: 'yes' }, false],
    ['a truthy number flag', { retriable: 1 }, false],
    ['a plain Error', new Error('x'), false],
    ['a TypeError', new TypeError('x'), false],
    ['a string', 'retriable', false],
    ['null', null, false],
    ['undefined', undefined, false],
    ['a number', 503, false],
  ])('%s -> %s', (_case, err, expected) => {
    expect(isRetriable(err)).toBe(expected)
  })
})

describe('errorCode', () => {
  it.each([
    ['a K2Error', new K2Error('ICEBERG_COMMIT_CONFLICT', 'x'), 'ICEBERG_COMMIT_CONFLICT'],
    ['a CoreError', new CoreError('CORE_INVALID_TIMESTAMP', 'x'), 'CORE_INVALID_TIMESTAMP'],
    [
      'a serialized error',
      { code: 'BINANCE_INVALID_FRAME', message: 'x', retriable: false, context: {} },
      'BINANCE_INVALID_FRAME',
    ],
    ['a plain Error', new Error('x'), 'UNKNOWN'],
    ['a non-string code', { code: 42 }, 'UNKNOWN'],
    ['null', null, 'UNKNOWN'],
    ['undefined', undefined, 'UNKNOWN'],
    ['a string', 'CORE_INVALID_FIELD', 'UNKNOWN'],
  ])('%s -> %s', (_case, err, expected) => {
    expect(errorCode(err)).toBe(expected)
  })
})

describe('CoreError', () => {
  it.each(Object.keys(CORE_ERROR_CODES) as CoreErrorCode[])(
    '%s takes retriable from CORE_ERROR_CODES',
    (code) => {
      const err = new CoreError(code, 'x')
      expect(err).toBeInstanceOf(K2Error)
      expect(err).toBeInstanceOf(Error)
      expect(err.name).toBe('CoreError')
      expect(err.code).toBe(code)
      expect(err.retriable).toBe(CORE_ERROR_CODES[code].retriable)
      expect(isRetriable(err)).toBe(CORE_ERROR_CODES[code].retriable)
    },
  )

  it('cannot be made retriable by the caller', () => {
    const err = new CoreError('CORE_INVALID_FIELD', 'x', { retriable: true } as never)
    expect(err.retriable).toBe(false)
  })

  it('every code is prefixed CORE_ and SCREAMING_SNAKE', () => {
    for (const code of Object.keys(CORE_ERROR_CODES)) {
      expect(code).toMatch(/^CORE_[A-Z0-9_]+$/)
    }
  })

  it('keeps context and cause', () => {
    const cause = new RangeError('inner')
    const err = new CoreError('CORE_INVALID_DECIMAL', 'price: bad', {
      context: { field: 'price' },
      cause,
    })
    expect(err.context).toEqual({ field: 'price' })
    expect(err.cause).toBe(cause)
  })
})
