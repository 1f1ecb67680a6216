import { describe, expect, it } from 'vitest'

import { csvRecords } from './csv-records.js'
import { parseCsvRecord } from './parse-csv-record.js'

describe('parseCsvRecord (RFC 4180)', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [
      '03/10/2014,13:50:38.849,1.11,3667,0,,',
      ['03/10/2014', '13:50:38.849', '1.11', '3667', '0', '', ''],
    ],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['""', ['']],
    ['', ['']],
    ['x,"multi\nline"', ['x', 'multi\nline']],
  ])('%j -> %j', (text, fields) => {
    expect(parseCsvRecord(text)).toEqual({ kind: 'fields', fields })
  })

  it.each([
    ['a,"open', 'incomplete'],
    ['a,"x"y', 'error'],
    ['a,b"c', 'error'],
  ])('%j is %s', (text, kind) => {
    expect(parseCsvRecord(text).kind).toBe(kind)
  })
})

describe('csvRecords', () => {
  it('joins a quoted line break, skips empty lines and numbers records', async () => {
    const out = []
    for await (const r of csvRecords(['a,"b', 'c"', '', 'd,e', 'f"g'])) out.push(r)
    expect(out).toEqual([
      { record: 1, raw: 'a,"b\nc"', fields: ['a', 'b\nc'] },
      { record: 2, raw: 'd,e', fields: ['d', 'e'] },
      expect.objectContaining({ record: 3, raw: 'f"g', fields: null }),
    ])
  })

  it('reports a quote left open at the end as one malformed record', async () => {
    const out = []
    for await (const r of csvRecords(['x', '"never', 'closed'])) out.push(r)
    expect(out[1]).toEqual({
      record: 2,
      raw: '"never\nclosed',
      fields: null,
      error: 'malformed CSV: a quoted field is not closed at the end of the file',
    })
  })
})
