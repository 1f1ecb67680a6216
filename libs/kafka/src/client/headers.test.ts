import { describe, expect, it } from 'vitest'

import { readHeaders } from './headers.js'

describe('readHeaders', () => {
  it('reads Buffer, string and repeated header values as text', () => {
    expect(
      readHeaders({
        traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
        plain: 'x',
        repeated: [Buffer.from('first'), Buffer.from('second')],
        missing: undefined,
      }),
    ).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      plain: 'x',
      repeated: 'first',
    })
    expect(readHeaders(undefined)).toEqual({})
  })
})
