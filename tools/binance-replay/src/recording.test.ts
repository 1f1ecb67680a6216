import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { classifyFrame, loadRecording } from './recording.js'

const TRADE =
  '{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}'

describe('classifyFrame', () => {
  it('routes a combined frame by its stream and extracts the trade', () => {
    const frame = classifyFrame({
      recv_ts: 5,
      frame: `{"stream":"bnbbtc@trade","data":${TRADE}}`,
    })
    expect(frame).toMatchObject({ recvTs: 5, combined: true, stream: 'bnbbtc@trade' })
    expect(frame.trade).toEqual({
      symbol: 'BNBBTC',
      trade: {
        id: 12345,
        price: 100_000,
        quantity: 10_000_000_000,
        time: 1672515782136,
        eventTime: 1672515782136,
        isBuyerMaker: true,
      },
    })
  })

  it('routes a bare event by symbol and event type', () => {
    expect(classifyFrame({ recv_ts: 1, frame: TRADE })).toMatchObject({
      combined: false,
      stream: 'bnbbtc@trade',
      trade: { symbol: 'BNBBTC' },
    })
    const agg = classifyFrame({ recv_ts: 1, frame: '{"e":"aggTrade","s":"BTCUSDT","a":1}' })
    expect(agg).toMatchObject({ stream: 'btcusdt@aggTrade' })
    expect(agg.trade).toBeUndefined()
  })

  it.each(['not json', '[1]', '{"foo":1}', '{"result":null,"id":1}'])(
    'leaves %s without a stream',
    (text) => {
      expect(classifyFrame({ recv_ts: 1, frame: text }).stream).toBeUndefined()
    },
  )

  it('plays a trade event with a bad price but keeps it out of REST', () => {
    const frame = classifyFrame({ recv_ts: 1, frame: TRADE.replace('"0.001"', '"abc"') })
    expect(frame.stream).toBe('bnbbtc@trade')
    expect(frame.trade).toBeUndefined()
  })
})

describe('loadRecording', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  async function file(content: string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'k2-replay-'))
    const path = join(dir, 'rec.jsonl')
    await writeFile(path, content)
    return path
  }

  it('reads lines and skips blank ones', async () => {
    const path = await file(
      `${JSON.stringify({ recv_ts: 1, frame: TRADE })}\n\n${JSON.stringify({ recv_ts: 2, frame: 'x' })}\n`,
    )
    const frames = await loadRecording(path)
    expect(frames.map((f) => f.recvTs)).toEqual([1, 2])
  })

  it.each([
    ['{"recv_ts":1}', /rec\.jsonl:2: expected/],
    ['{"recv_ts":"1","frame":"x"}', /rec\.jsonl:2: expected/],
    ['garbage', /rec\.jsonl:2: expected/],
  ])('names the bad line %s', async (line, message) => {
    const path = await file(`${JSON.stringify({ recv_ts: 1, frame: TRADE })}\n${line}\n`)
    await expect(loadRecording(path)).rejects.toThrow(message)
  })

  it('fails on an empty or missing file', async () => {
    await expect(loadRecording(await file('\n'))).rejects.toThrow(/holds no frames/)
    await expect(loadRecording('/nonexistent/rec.jsonl')).rejects.toMatchObject({
      code: 'REPLAY_INVALID_RECORDING',
    })
  })
})
