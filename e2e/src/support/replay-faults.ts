import type { ReplayExchange } from '@k2/tools-binance-replay'

/**
 * Injects `fault` into the replay exchange once a feed of its symbol (default BTCUSDT) is
 * connected, retrying until a connection takes it: a fault sent to no connection (e.g. malformed
 * frames before the feed connected, or while its connection is being replaced) would be lost.
 */
export async function faultWhenConnected(
  exchange: ReplayExchange,
  fault: Parameters<ReplayExchange['fault']>[0],
  timeoutMs = 60_000,
): Promise<void> {
  const symbol = fault.symbol ?? 'BTCUSDT'
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if ((exchange.stats().symbols[symbol]?.connections ?? 0) > 0) {
      const result = exchange.fault(fault)
      if (!('connections' in result) || result.connections > 0) return
    }
    if (Date.now() > deadline) throw new Error(`no feed connected for ${symbol}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
