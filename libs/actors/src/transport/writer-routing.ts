/**
 * The writer partition of a symbol in the embedded transport (D5: "partitioned by symbol hash"):
 * FNV-1a (32-bit) of the symbol's UTF-16 code units modulo the writer count. Stable across
 * processes and restarts, so a symbol always lands on the same writer and its trades stay in order.
 */
export function writerIndexFor(symbol: string, writers: number): number {
  if (!Number.isSafeInteger(writers) || writers < 1) {
    throw new RangeError(`writers: ${writers} must be a positive integer`)
  }
  let h = 0x811c9dc5
  for (let i = 0; i < symbol.length; i++) {
    h ^= symbol.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % writers
}
