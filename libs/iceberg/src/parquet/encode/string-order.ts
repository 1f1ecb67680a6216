/**
 * Compares two strings by Unicode code point, which is the order of their UTF-8 bytes (the order
 * Parquet statistics and Iceberg bounds use). JS's `<` compares UTF-16 code units, which differs
 * only when a surrogate pair (U+10000 and up) meets a code unit of U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixup(x) - fixup(y)
  }
  return a.length - b.length
}

/** Maps a UTF-16 code unit so that unit order equals code point order. */
function fixup(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800
  if (unit >= 0xd800) return unit + 0x2000
  return unit
}
