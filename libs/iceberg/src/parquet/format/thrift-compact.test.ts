import { describe, expect, it } from 'vitest'

import { CompactWriter, zigzag } from './thrift-compact.js'

describe('thrift compact protocol', () => {
  it('zigzag-encodes integers', () => {
    expect([0, -1, 1, -2, 2, 2 ** 40, -(2 ** 40)].map(zigzag)).toEqual([
      0,
      1,
      2,
      3,
      4,
      2 ** 41,
      2 ** 41 - 1,
    ])
  })

  it('writes short field deltas in the header and long ones as a zigzag varint', () => {
    const bytes = [...new CompactWriter().i32(1, 1).i32(2, -1).i64(20, 300).finish().view()]
    // field 1 i32 (0x15) value 2; field 2 i32 (0x15) value 1; field 20: delta 18 > 15 -> type
    // byte 0x06 then zigzag(20)=40; value zigzag(300)=600 = varint 0xd8 0x04; stop.
    expect(bytes).toEqual([0x15, 0x02, 0x15, 0x01, 0x06, 40, 0xd8, 0x04, 0x00])
  })

  it('writes booleans in the field header, strings with a length, nested structs and lists', () => {
    const w = new CompactWriter()
    w.bool(1, true).bool(2, false).string(3, 'ab')
    w.struct(4, (s) => s.i32(1, 5))
    w.i32List(5, [1, 2])
    w.structList(6, new Array(16).fill(0), (s) => s.i16(1, 0))
    const bytes = [...w.finish().view()]
    expect(bytes.slice(0, 11)).toEqual([
      0x11, // field 1 true
      0x12, // field 2 false
      0x18,
      2,
      0x61,
      0x62, // field 3 binary "ab"
      0x1c,
      0x15,
      0x0a,
      0x00, // field 4 struct { field 1 i32 5 } stop
      0x19, // field 5 list
    ])
    expect(bytes.slice(11, 14)).toEqual([0x25, 0x02, 0x04]) // 2 x i32, zigzag 1 and 2
    // 16 structs: long list header (0xf0 | struct) then the size as a varint.
    expect(bytes.slice(14, 17)).toEqual([0x19, 0xfc, 16])
    expect(bytes.at(-1)).toBe(0)
  })
})
