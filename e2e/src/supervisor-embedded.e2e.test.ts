import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'

import { waitForCommittedRows } from './support/committed-rows.js'
import { freePort } from './support/free-port.js'
import { faultWhenConnected } from './support/replay-faults.js'
import { startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'
import { readTradeSequences } from './support/trade-table-oracle.js'
import { replayEnv } from './support/replay-env.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT']
const PER_SYMBOL = 50_000
const TOTAL = SYMBOLS.length * PER_SYMBOL

let exchange: ReplayExchange | undefined
const processes: SupervisorProcess[] = []

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
    await p.exited
  }
  await exchange?.close()
  exchange = undefined
})

/**
 * Issue 5's exactly-once scenario in the embedded transport, against the real supervisor process:
 * 4 symbols x 50,000 trades from the replay exchange at 20,000 trades/s; during the run two writer
 * workers are killed (terminated without cleanup) and then the whole supervisor is killed with
 * SIGKILL and started again. At the end pyiceberg must read trade ids 1..50,000 once each per symbol.
 */
describe('supervisor, embedded transport', () => {
  it('lands every trade exactly once through writer kills and a supervisor SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-embedded-'))
    const warehouse = join(dir, 'warehouse')
    exchange = await startReplayExchange({
      port: 0,
      symbols: SYMBOLS,
      tradesPerSymbol: PER_SYMBOL,
      rate: 20_000,
    })
    const env = {
      K2_TRANSPORT: 'embedded',
      ...replayEnv(exchange, SYMBOLS, warehouse),
      K2_WRITERS: '2',
      K2_COMMIT_INTERVAL_MS: '1000',
      K2_COMPACTION_INTERVAL_MS: '5000',
      K2_ADMIN_PORT: String(await freePort()),
      K2_LOG_LEVEL: 'info',
    }
    const logFile = join(dir, 'supervisor.log')

    const first = await startSupervisor(env, logFile)
    processes.push(first)
    // Invalid frames on the socket go to the dead-letter files (D6) and the stream goes on.
    for (const symbol of ['BTCUSDT', 'SOLUSDT']) {
      await faultWhenConnected(exchange, { kind: 'malformed', count: 2, symbol })
    }
    await waitForCommittedRows(warehouse, 20_000, 60_000)
    await first.killActor('writer-0')
    await waitForCommittedRows(warehouse, 50_000, 60_000)
    await first.killActor('writer-1')
    await waitForCommittedRows(warehouse, 80_000, 60_000)
    const writers = (await first.actors()).filter((a) => a.name.startsWith('writer-'))
    expect(writers.map((w) => w.restarts)).toEqual([1, 1])
    first.child.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')

    const second = await startSupervisor(env, logFile)
    processes.push(second)
    await waitForCommittedRows(warehouse, TOTAL, 120_000)

    const stopAt = Date.now()
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(Date.now() - stopAt).toBeLessThan(10_000)

    const view = readTradeSequences(warehouse)
    for (const symbol of SYMBOLS) {
      expect(view.symbols[symbol], symbol).toEqual({
        rows: PER_SYMBOL,
        distinct: PER_SYMBOL,
        min: 1,
        max: PER_SYMBOL,
        missing: 0,
      })
    }
    // K2_DEAD_LETTER_DIR defaults to `dead-letters` next to the warehouse.
    const letters = readdirSync(join(dir, 'dead-letters')).flatMap((f) =>
      readFileSync(join(dir, 'dead-letters', f), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { source: string; symbol?: string; reason: string }),
    )
    expect(letters.length).toBeGreaterThanOrEqual(4)
    for (const letter of letters) expect(letter).toMatchObject({ source: 'feed' })
    expect(new Set(letters.map((l) => l.reason)).size).toBeGreaterThan(0)
    const log = readFileSync(logFile, 'utf8')
    expect(log).toContain('"event":"admin_kill","actor":"writer-0"')
    expect(log).toContain('"kind":"killed"')
  })
})
