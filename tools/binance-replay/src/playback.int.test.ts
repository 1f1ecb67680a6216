import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import type { RecordingLine } from './recording.js'
import type { HistoricalTrade } from './rest-api.js'
import { connect, exchange, getJson, range, waitFor } from './test-support.js'

const T0 = 1_700_000_000_000

function trade(symbol: string, id: number, price: string): string {
  return JSON.stringify({
    e: 'trade',
    E: T0 + id * 10 + 1,
    s: symbol,
    t: id,
    p: price,
    q: '0.50000000',
    T: T0 + id * 10,
    m: id % 2 === 0,
    M: true,
  })
}

/**
 * Noise, then 200 ms later five BTC trades (combined frames), three ETH trades (bare), an aggTrade
 * and another line of noise. The lead time lets a test connect several clients at speed 1.
 */
function recording(): RecordingLine[] {
  const lines: RecordingLine[] = [{ recv_ts: T0, frame: 'recorder started' }]
  for (let id = 1; id <= 5; id++) {
    lines.push({
      recv_ts: T0 + 200 + id * 10,
      frame: `{"stream":"btcusdt@trade","data":${trade('BTCUSDT', 100 + id, '43000.10000000')}}`,
    })
    if (id <= 3)
      lines.push({ recv_ts: T0 + id * 40 + 5, frame: trade('ETHUSDT', 7 + id, '2300.5') })
  }
  lines.push({ recv_ts: T0 + 300, frame: '{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"1.0"}' })
  lines.push({ recv_ts: T0 + 310, frame: '{"result":null,"id":1}' })
  return lines
}

let dir: string | undefined
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

async function recordingFile(lines: RecordingLine[]): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'k2-replay-'))
  const path = join(dir, 'session.jsonl')
  await writeFile(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
  return path
}

describe('playback of a recording', () => {
  it('plays frames in order to each stream, in the format of each client', async () => {
    const ex = await exchange({ play: await recordingFile(recording()) })
    const combined = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    const raw = await connect(`${ex.url}/ws/btcusdt@trade`)
    const agg = await connect(`${ex.url}/ws/btcusdt@aggTrade`)
    await waitFor('the end', () => ex.stats().done)
    await waitFor('the frames', () => combined.frames.length === 8 && agg.frames.length === 1)
    const frames = combined.json() as Array<{ stream: string; data: { t: number } }>
    expect(frames.filter((f) => f.stream === 'btcusdt@trade').map((f) => f.data.t)).toEqual(
      range(101, 105),
    )
    // A bare recorded frame is wrapped for a combined client, byte for byte inside.
    const eth = combined.frames.filter((f) => f.text.startsWith('{"stream":"ethusdt@trade"'))
    expect(eth.map((f) => f.text)).toEqual(
      [8, 9, 10].map((id) => `{"stream":"ethusdt@trade","data":${trade('ETHUSDT', id, '2300.5')}}`),
    )
    // A combined recorded frame is unwrapped for a raw client.
    expect(raw.json()).toEqual(
      range(101, 105).map((id) => JSON.parse(trade('BTCUSDT', id, '43000.10000000'))),
    )
    expect(ex.stats()).toMatchObject({
      mode: 'play',
      done: true,
      symbols: {
        BTCUSDT: { lastTradeId: 105, produced: 5, served: 10, connections: 2 },
        ETHUSDT: { lastTradeId: 10, produced: 3, served: 3, connections: 1 },
      },
      playback: { played: 11, unroutable: 2, otherServed: 1 },
    })
  })

  it('plays as fast as the client reads at speed 0, in order', async () => {
    const ex = await exchange({ play: await recordingFile(recording()), speed: 0 })
    const client = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    await waitFor('the frames', () => client.frames.length === 8)
    expect(client.tradeIds()).toEqual([101, 8, 102, 9, 103, 10, 104, 105])
  })

  it('keeps the recorded trades for REST, prices normalised to 8 digits', async () => {
    const ex = await exchange({ play: await recordingFile(recording()), speed: 0 })
    await connect(`${ex.url}/ws/ethusdt@trade`)
    await waitFor('the end', () => ex.stats().done)
    const { body } = await getJson(ex, '/api/v3/historicalTrades?symbol=ETHUSDT&fromId=9')
    expect(body as HistoricalTrade[]).toEqual([
      {
        id: 9,
        price: '2300.50000000',
        qty: '0.50000000',
        quoteQty: '1150.25000000',
        time: T0 + 90,
        isBuyerMaker: false,
        isBestMatch: true,
      },
      expect.objectContaining({ id: 10, isBuyerMaker: true }),
    ])
  })

  it('keeps the recorded gaps at speed 1', async () => {
    const lines = [0, 300].map((offset, i) => ({
      recv_ts: T0 + offset,
      frame: trade('BTCUSDT', i + 1, '1.00000000'),
    }))
    const ex = await exchange({ play: await recordingFile(lines) })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('the first trade', () => client.tradeIds().length === 1)
    // The second is 300 ms of recording later: not there while the first just arrived.
    expect(client.tradeIds()).toEqual([1])
    await waitFor('the second trade', () => client.tradeIds().length === 2)
  })

  it('refuses a bad recording before listening, naming the line', async () => {
    const path = await recordingFile([{ recv_ts: 1, frame: 'x' }])
    await writeFile(path, '{"recv_ts":1,"frame":"x"}\n{"frame":"y"}\n')
    await expect(exchange({ play: path })).rejects.toThrow(/session\.jsonl:2/)
  })
})
