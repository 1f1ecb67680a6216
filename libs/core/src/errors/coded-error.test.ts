import { describe, expect, it } from 'vitest'

import { codedErrorClass } from './coded-error.js'
import { K2Error, isRetriable } from './k2-error.js'

const TABLE = { DEMO_TRANSIENT: { retriable: true }, DEMO_FATAL: { retriable: false } } as const
class DemoError extends codedErrorClass('DemoError', TABLE) {}

describe('codedErrorClass', () => {
  it('takes retriable from the table, per code', () => {
    expect(new DemoError('DEMO_TRANSIENT', 'x').retriable).toBe(true)
    expect(new DemoError('DEMO_FATAL', 'x').retriable).toBe(false)
    expect(isRetriable(new DemoError('DEMO_TRANSIENT', 'x'))).toBe(true)
  })

  it('builds real K2Errors with name, code, context and cause', () => {
    const cause = new Error('root')
    const e = new DemoError('DEMO_FATAL', 'boom', { context: { topic: 't' }, cause })
    expect(e).toBeInstanceOf(K2Error)
    expect(e).toBeInstanceOf(DemoError)
    expect(e.name).toBe('DemoError')
    expect(e.toJSON()).toEqual({
      code: 'DEMO_FATAL',
      message: 'boom',
      retriable: false,
      context: { topic: 't' },
    })
    expect(e.cause).toBe(cause)
  })
})
