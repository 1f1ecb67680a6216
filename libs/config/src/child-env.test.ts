import { describe, expect, it } from 'vitest'

import { childEnvironment } from './child-env.js'

describe('childEnvironment', () => {
  it('inherits, removes the unset names, then sets', () => {
    const from = { PATH: '/bin', K2_ADMIN_PORT: '9100', K2_LOG_LEVEL: 'debug', EMPTY: undefined }
    expect(
      childEnvironment({ K2_LOG_LEVEL: 'info', K2_API_PORT: '0' }, ['K2_ADMIN_PORT'], from),
    ).toEqual({ PATH: '/bin', K2_LOG_LEVEL: 'info', K2_API_PORT: '0' })
  })

  it('reads this process environment by default', () => {
    expect(childEnvironment({})['PATH']).toBe(process.env['PATH'])
  })
})
