import { describe, expect, it } from 'vitest'

import { BinanceError, MAX_FRAME_IN_ERROR, type BinanceErrorCode } from './errors.js'
import {
  BNBEUR_COMBINED_NO_M,
  BTCUSD_RAW,
  BTCUSDT_COMBINED,
  BTCUSDT_EVENT,
  ERROR_RESPONSE,
  ETHBTC_RAW,
  LIST_SUBSCRIPTIONS_RESPONSE,
  SERVER_SHUTDOWN_COMBINED,
  SERVER_SHUTDOWN_RAW,
  SUBSCRIBE_RESPONSE,
} from './fixtures.js'
import { parseFrame, type BinanceFrame } from './parse-frame.js'
import { TRADE_EVENT_REQUIRED_KEYS } from './trade-event.js'

/** The error of an `invalid` result (fails the test for any other kind). */
function failure(frame: BinanceFrame): BinanceError {
  if (frame.kind !== 'invalid') throw new Error(`expected invalid, got ${frame.kind}`)
  return frame.error
}

const raw = (over: Record<string, unknown>, drop: readonly string[] = []): string => {
  const ev: Record<string, unknown> = { ...BTCUSDT_EVENT, ...over }
  for (const k of drop) delete ev[k]
  return JSON.stringify(ev)
}
const wrapped = (stream: unknown, data: unknown): string => JSON.stringify({ stream, data })

describe('parseFrame: trades', () => {
  it.each([
    ['combined BTCUSDT', BTCUSDT_COMBINED, 'btcusdt@trade', 'BTCUSDT', 4212345678],
    ['raw ETHBTC', ETHBTC_RAW, undefined, 'ETHBTC', 476543210],
    ['combined BNBEUR without M', BNBEUR_COMBINED_NO_M, 'bnbeur@trade', 'BNBEUR', 23456789],
    ['raw BTCUSD', BTCUSD_RAW, undefined, 'BTCUSD', 98765432],
  ])('%s', (_case, text, stream, symbol, id) => {
    const frame = parseFrame(text)
    expect(frame.kind).toBe('trade')
    if (frame.kind !== 'trade') return
    expect(frame.stream).toBe(stream)
    expect(frame.event.s).toBe(symbol)
    expect(frame.event.t).toBe(id)
  })

  it('gives the combined and the raw form of one event the same event', () => {
    const combined = parseFrame(BTCUSDT_COMBINED)
    const bare = parseFrame(JSON.stringify(BTCUSDT_EVENT))
    expect(combined.kind === 'trade' && combined.event).toEqual(bare.kind === 'trade' && bare.event)
  })

  it('leaves M undefined when the event has none', () => {
    const frame = parseFrame(BNBEUR_COMBINED_NO_M)
    expect(frame.kind === 'trade' && 'M' in frame.event).toBe(false)
  })

  it('accepts extra keys and boundary values', () => {
    const frame = parseFrame(raw({ t: 0, E: 0, T: 0, p: '0', q: '9999999999.99999999', x: 1 }))
    expect(frame.kind).toBe('trade')
  })

  it('accepts ids up to 2^53 - 1', () => {
    expect(parseFrame(raw({ t: Number.MAX_SAFE_INTEGER })).kind).toBe('trade')
  })
})

describe('parseFrame: rejected frames', () => {
  const cases: ReadonlyArray<readonly [string, string, BinanceErrorCode, string | null]> = [
    ['malformed JSON', '{"e":"trade","E":1', 'BINANCE_MALFORMED_JSON', null],
    ['empty text', '', 'BINANCE_MALFORMED_JSON', null],
    ['a JSON array', '[1,2]', 'BINANCE_INVALID_FRAME', null],
    ['a JSON string', '"trade"', 'BINANCE_INVALID_FRAME', null],
    ['JSON null', 'null', 'BINANCE_INVALID_FRAME', null],
    ['wrong e (aggTrade)', raw({ e: 'aggTrade' }), 'BINANCE_UNEXPECTED_EVENT', 'e'],
    [
      'wrong e in a wrapper',
      wrapped('btcusdt@trade', { ...BTCUSDT_EVENT, e: 'kline' }),
      'BINANCE_UNEXPECTED_EVENT',
      'e',
    ],
    ['e of the wrong type', raw({ e: 1 }), 'BINANCE_UNEXPECTED_EVENT', 'e'],
    ['stream not a string', wrapped(5, BTCUSDT_EVENT), 'BINANCE_INVALID_FIELD', 'stream'],
    [
      'wrapper without data',
      JSON.stringify({ stream: 'btcusdt@trade' }),
      'BINANCE_MISSING_FIELD',
      'data',
    ],
    [
      'wrapper with array data',
      wrapped('btcusdt@trade', [BTCUSDT_EVENT]),
      'BINANCE_INVALID_FRAME',
      'data',
    ],
    [
      'stream of another symbol',
      wrapped('ethusdt@trade', BTCUSDT_EVENT),
      'BINANCE_STREAM_MISMATCH',
      'stream',
    ],
    [
      'stream in upper case',
      wrapped('BTCUSDT@trade', BTCUSDT_EVENT),
      'BINANCE_STREAM_MISMATCH',
      'stream',
    ],
    [
      'stream of another kind',
      wrapped('btcusdt@aggTrade', BTCUSDT_EVENT),
      'BINANCE_STREAM_MISMATCH',
      'stream',
    ],
    ['an object of nothing known', '{"foo":1}', 'BINANCE_MISSING_FIELD', 'e'],
    ['negative t', raw({ t: -1 }), 'BINANCE_INVALID_FIELD', 't'],
    ['unsafe t (2^53)', raw({ t: 2 ** 53 }), 'BINANCE_INVALID_FIELD', 't'],
    [
      't beyond 2^53 as written',
      raw({}).replace('4212345678', '9007199254740993'),
      'BINANCE_INVALID_FIELD',
      't',
    ],
    ['fractional t', raw({ t: 1.5 }), 'BINANCE_INVALID_FIELD', 't'],
    ['t as a string', raw({ t: '4212345678' }), 'BINANCE_INVALID_FIELD', 't'],
    ['negative E', raw({ E: -5 }), 'BINANCE_INVALID_FIELD', 'E'],
    ['E as a string', raw({ E: '1732600000123' }), 'BINANCE_INVALID_FIELD', 'E'],
    ['fractional T', raw({ T: 1732600000122.5 }), 'BINANCE_INVALID_FIELD', 'T'],
    ['T whose µs is unsafe', raw({ T: 9007199254741 }), 'BINANCE_INVALID_FIELD', 'T'],
    ['T null', raw({ T: null }), 'BINANCE_INVALID_FIELD', 'T'],
    ['s lower case', raw({ s: 'btcusdt' }), 'BINANCE_INVALID_FIELD', 's'],
    ['s too short', raw({ s: 'BTC' }), 'BINANCE_INVALID_FIELD', 's'],
    ['s with a dash', raw({ s: 'BTC-USDT' }), 'BINANCE_INVALID_FIELD', 's'],
    ['s a number', raw({ s: 12345 }), 'BINANCE_INVALID_FIELD', 's'],
    ['p a number', raw({ p: 97312.45 }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p not a decimal', raw({ p: 'abc' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p NaN', raw({ p: 'NaN' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p Infinity', raw({ p: 'Infinity' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p with an exponent', raw({ p: '9.7e4' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p negative', raw({ p: '-1.00000000' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p empty', raw({ p: '' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p with spaces', raw({ p: ' 1.0' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p with 9 fractional digits', raw({ p: '1.000000001' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['p with 11 integer digits', raw({ p: '12345678901' }), 'BINANCE_INVALID_FIELD', 'p'],
    ['q hexadecimal', raw({ q: '0x10' }), 'BINANCE_INVALID_FIELD', 'q'],
    ['q with two dots', raw({ q: '1.2.3' }), 'BINANCE_INVALID_FIELD', 'q'],
    ['m a string', raw({ m: 'true' }), 'BINANCE_INVALID_FIELD', 'm'],
    ['m a number', raw({ m: 1 }), 'BINANCE_INVALID_FIELD', 'm'],
    ['M a string', raw({ M: 'true' }), 'BINANCE_INVALID_FIELD', 'M'],
    ['M null', raw({ M: null }), 'BINANCE_INVALID_FIELD', 'M'],
  ]
  it.each(cases)('%s -> %s', (_case, text, code, field) => {
    const error = failure(parseFrame(text))
    expect(error).toBeInstanceOf(BinanceError)
    expect(error.code).toBe(code)
    expect(error.retriable).toBe(false)
    expect(error.context.field).toBe(field)
    if (field !== null) expect(error.message.startsWith(`${field}: `)).toBe(true)
    expect(error.context.frame).toBe(text)
  })

  it.each(TRADE_EVENT_REQUIRED_KEYS.map((k) => [k]))(
    'missing %s is BINANCE_MISSING_FIELD',
    (key) => {
      for (const text of [raw({}, [key]), wrapped('btcusdt@trade', JSON.parse(raw({}, [key])))]) {
        const error = failure(parseFrame(text))
        expect(error.code).toBe('BINANCE_MISSING_FIELD')
        expect(error.context.field).toBe(key)
        expect(error.message).toBe(`${key}: required key is missing`)
      }
    },
  )

  it('keeps the malformed JSON cause and the field value in the context', () => {
    const bad = failure(parseFrame('{not json'))
    expect(bad.cause).toBeInstanceOf(SyntaxError)
    const neg = failure(parseFrame(raw({ t: -1 })))
    expect(neg.context.value).toBe('-1')
    expect(neg.message).toBe('t: -1 must be a non-negative integer below 2^53')
  })

  it('truncates the frame text of the error context to 2 KB', () => {
    const text = `{"e":"trade","junk":"${'x'.repeat(5000)}"`
    const error = failure(parseFrame(text))
    expect(error.code).toBe('BINANCE_MALFORMED_JSON')
    expect(error.context.frame).toBe(text.slice(0, MAX_FRAME_IN_ERROR))
    expect(error.context.frameLength).toBe(text.length)
    expect(error.context.frameTruncated).toBe(true)
    expect(failure(parseFrame('{')).context.frameTruncated).toBe(false)
  })

  it('survives a thread hop as plain data', () => {
    const error = failure(parseFrame(raw({ p: 'abc' })))
    const wire = structuredClone(error.toJSON())
    expect(wire.code).toBe('BINANCE_INVALID_FIELD')
    expect(wire.context.field).toBe('p')
  })
})

describe('parseFrame: control frames', () => {
  it.each([
    ['raw serverShutdown', SERVER_SHUTDOWN_RAW, undefined, 1732600005000],
    ['wrapped serverShutdown', SERVER_SHUTDOWN_COMBINED, 'btcusdt@trade', 1732600005000],
    ['serverShutdown without E', '{"e":"serverShutdown"}', undefined, null],
    ['serverShutdown with a bad E', '{"e":"serverShutdown","E":"soon"}', undefined, null],
  ])('%s', (_case, text, stream, eventTime) => {
    expect(parseFrame(text)).toEqual({ kind: 'serverShutdown', stream, eventTime })
  })

  it.each([
    ['SUBSCRIBE answer', SUBSCRIBE_RESPONSE, 1, null],
    ['LIST_SUBSCRIPTIONS answer', LIST_SUBSCRIPTIONS_RESPONSE, 3, ['btcusdt@trade']],
    ['string id', '{"result":null,"id":"abc"}', 'abc', null],
    ['odd id', '{"result":null,"id":{}}', null, null],
  ])('%s', (_case, text, id, result) => {
    expect(parseFrame(text)).toEqual({ kind: 'subscriptionResponse', id, result })
  })

  it.each([
    ['error object', ERROR_RESPONSE, 1, 2, 'Invalid request: unknown variant `SUBSCRIB`'],
    ['older flat error', '{"code":0,"msg":"Unknown property","id":7}', 7, 0, 'Unknown property'],
    ['error without code', '{"error":{"msg":"x"},"id":null}', null, null, 'x'],
  ])('%s', (_case, text, id, code, msg) => {
    expect(parseFrame(text)).toEqual({ kind: 'errorResponse', id, code, msg })
  })
})
