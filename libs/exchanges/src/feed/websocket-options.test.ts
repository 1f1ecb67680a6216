import { describe, expect, it } from 'vitest'

import { websocketOptions } from './websocket-options.js'

describe('websocketOptions', () => {
  it('keeps TLS verification on (nothing sets rejectUnauthorized) and answers pings', () => {
    const options = websocketOptions(5000)
    expect('rejectUnauthorized' in options).toBe(false)
    expect(options).toMatchObject({
      handshakeTimeout: 5000,
      autoPong: true,
      perMessageDeflate: false,
    })
  })
})
