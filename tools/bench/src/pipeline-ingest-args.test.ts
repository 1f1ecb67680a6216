import { describe, expect, it } from 'vitest'

import {
  benchSymbols,
  parsePipelineBenchArgs,
  pipelineBenchCommand,
} from './pipeline-ingest-args.js'

describe('parsePipelineBenchArgs', () => {
  it('defaults to the ceiling run: 4 symbols x 250,000 trades, unpaced, embedded', () => {
    expect(parsePipelineBenchArgs([])).toEqual({
      symbols: 4,
      tradesPerSymbol: 250_000,
      rate: 0,
      transport: 'embedded',
      kafkaBrokers: undefined,
      writers: undefined,
      commitIntervalMs: undefined,
      commitMaxRows: undefined,
      commitMaxBytes: undefined,
      traceRatio: undefined,
      otlpEndpoint: undefined,
      seed: 1,
      timeoutSeconds: 600,
      cpuProfDir: undefined,
      logLevel: 'info',
      keep: false,
      out: undefined,
      json: false,
      help: false,
    })
  })

  it('reads every flag', () => {
    const options = parsePipelineBenchArgs([
      '--symbols=2',
      '--trades-per-symbol',
      '50_000',
      '--rate',
      '10000',
      '--transport',
      'kafka',
      '--kafka-brokers',
      '127.0.0.1:19292',
      '--writers',
      '3',
      '--commit-interval-ms',
      '500',
      '--commit-max-rows',
      '20000',
      '--commit-max-bytes',
      '33554432',
      '--trace-ratio',
      '0.01',
      '--otlp-endpoint',
      'http://127.0.0.1:4318',
      '--seed',
      '7',
      '--timeout',
      '60',
      '--cpu-prof',
      'prof',
      '--log-level',
      'debug',
      '--keep',
      '--out',
      'x.json',
      '--json',
      '--help',
    ])
    expect(options).toEqual({
      symbols: 2,
      tradesPerSymbol: 50_000,
      rate: 10_000,
      transport: 'kafka',
      kafkaBrokers: '127.0.0.1:19292',
      writers: 3,
      commitIntervalMs: 500,
      commitMaxRows: 20_000,
      commitMaxBytes: 33_554_432,
      traceRatio: 0.01,
      otlpEndpoint: 'http://127.0.0.1:4318',
      seed: 7,
      timeoutSeconds: 60,
      cpuProfDir: 'prof',
      logLevel: 'debug',
      keep: true,
      out: 'x.json',
      json: true,
      help: true,
    })
  })

  it.each([
    [['--symbols', '0'], /--symbols/],
    [['--trace-ratio', '1.5'], /--trace-ratio/],
    [['--trace-ratio', ''], /--trace-ratio/],
    [['--otlp-endpoint', 'localhost:4318'], /--otlp-endpoint/],
    [['--trades-per-symbol', '1e6'], /--trades-per-symbol/],
    [['--rate', '-1'], /--rate/],
    [['--transport', 'grpc'], /--transport/],
    [['--writers', '0'], /--writers/],
    [['--kafka-brokers', '127.0.0.1:19292'], /--kafka-brokers needs --transport kafka/],
    [['--transport', 'kafka', '--kafka-brokers', 'localhost'], /--kafka-brokers/],
    [['--bogus'], /bogus/],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parsePipelineBenchArgs(argv)).toThrow(message)
  })
})

describe('pipelineBenchCommand', () => {
  it('is the bare script for the defaults', () => {
    expect(pipelineBenchCommand(parsePipelineBenchArgs([]))).toBe('npm run bench:pipeline-ingest')
  })

  it('repeats the flags that change what is measured', () => {
    const options = parsePipelineBenchArgs([
      '--trades-per-symbol',
      '50000',
      '--rate',
      '10000',
      '--writers',
      '2',
      '--keep',
    ])
    expect(pipelineBenchCommand(options)).toBe(
      'npm run bench:pipeline-ingest -- --trades-per-symbol 50000 --rate 10000 --writers 2',
    )
  })
})

describe('benchSymbols', () => {
  it('starts with the real markets and makes up names past them', () => {
    expect(benchSymbols(2)).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(benchSymbols(25)[24]).toBe('X024USDT')
  })
})
