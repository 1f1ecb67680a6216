import { createCatalog, currentSnapshot, loadTable, TRADES_V2_TABLE } from '@k2/iceberg'
import { createLocalFileIO } from '@k2/iceberg'

/** `total-records` of the current snapshot of `market_data.trades_v2` in `warehouse` (0 if none). */
export async function committedTradeRows(warehouse: string): Promise<number> {
  const catalog = await createCatalog({ warehouse })
  try {
    const table = await loadTable({ catalog, io: createLocalFileIO() }, TRADES_V2_TABLE.identifier)
    const snapshot = currentSnapshot(table.metadata)
    return Number(snapshot?.summary['total-records'] ?? 0)
  } catch {
    return 0 // not created yet
  } finally {
    await catalog.close()
  }
}

/** Polls {@link committedTradeRows} until it reaches `rows`; throws after `timeoutMs`. */
export async function waitForCommittedRows(
  warehouse: string,
  rows: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const n = await committedTradeRows(warehouse)
    if (n >= rows) return n
    if (Date.now() > deadline) {
      throw new Error(`only ${n} of ${rows} trades committed after ${timeoutMs} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
