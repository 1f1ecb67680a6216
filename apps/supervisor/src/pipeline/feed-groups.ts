/**
 * Splits symbols over feed actors (D5): one actor per symbol while there are at most `maxWorkers`
 * symbols; past that, `maxWorkers` actors share the symbols round-robin, each on one combined-stream
 * connection (bounded further by the exchange's streams per connection).
 */
export function feedGroups(
  symbols: readonly string[],
  maxWorkers: number,
  maxStreamsPerConnection: number = Number.POSITIVE_INFINITY,
): string[][] {
  if (symbols.length === 0) return []
  const needed = Math.ceil(symbols.length / maxStreamsPerConnection)
  const groups = Math.min(symbols.length, Math.max(maxWorkers, needed))
  const out: string[][] = Array.from({ length: groups }, () => [])
  symbols.forEach((s, i) => out[i % groups]!.push(s))
  return out
}
