import { describe, expect, it } from 'vitest'

import { createLogger } from './logger.js'

describe('createLogger', () => {
  it('returns a logger with child loggers and honours silent', () => {
    const logger = createLogger({ level: 'silent', pretty: false })
    const child = logger.child({ component: 'test' })
    expect(() => child.info({ a: 1 }, 'hello')).not.toThrow()
    expect(typeof child.child).toBe('function')
  })
})
