import { describe, expect, it } from 'vitest'

import { CONNECTION_ERROR_TYPES, classifyConnectionError } from './connection-errors.js'

describe('classifyConnectionError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'ECONNRESET' }, 'reset'],
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls'],
    [{ code: 'ERR_SSL_SOMETHING_NEW' }, 'tls'],
    [{ code: 'WS_ERR_INVALID_CLOSE_CODE' }, 'protocol'],
    [new Error('Opening handshake has timed out'), 'timeout'],
    [new Error('Unexpected server response: 404'), 'http_status'],
    [new Error('something else'), 'other'],
    ['not an error', 'other'],
  ])('%o -> %s', (error, type) => {
    expect(classifyConnectionError(error)).toBe(type)
    expect(CONNECTION_ERROR_TYPES).toContain(type)
  })
})
