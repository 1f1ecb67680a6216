import { nowMicros } from '@k2/core'
import { createBinanceAdapter, parseFrame } from '@k2/exchanges'
import WebSocket from 'ws'

import type { ConsumerRequest, ConsumerResult, FeedMode } from './binance-feed.protocol.js'
import { mainThreadCpu } from './thread-cpu.js'

/** Counters a frame handler updates; read once at the end. */
interface Counters {
  trades: number
  invalid: number
  sequenceBreaks: number
}

/** Per-frame work of a mode (see FEED_MODES); one closure per process, so the call is monomorphic. */
function frameHandler(mode: FeedMode, url: string, counters: Counters): (text: string) => unknown {
  switch (mode) {
    case 'receive':
      return (text) => text
    case 'json':
      return (text) => JSON.parse(text)
    case 'validate':
      return (text) => {
        const frame = parseFrame(text)
        if (frame.kind === 'trade') counters.trades++
        else counters.invalid++
        return frame
      }
    case 'full': {
      const adapter = createBinanceAdapter({ streamBases: [url] })
      // What a feed does next with every trade: check its id follows the previous one.
      const lastIds = new Map<string, number>()
      return (text) => {
        const frame = adapter.parseFrame(text, nowMicros())
        if (frame.kind !== 'trade') {
          counters.invalid++
          return frame
        }
        counters.trades++
        const { trade, sequence } = frame.trade
        if (sequence !== (lastIds.get(trade.symbol) ?? 0) + 1) counters.sequenceBreaks++
        lastIds.set(trade.symbol, sequence)
        return trade
      }
    }
  }
}

/**
 * One consumer run: connects to the replay exchange's combined stream of `symbols` (one
 * connection, as the feed does), runs the mode's work on every frame, and measures the last
 * `frames` frames after `warmup`: wall time, CPU time of this (main) thread and of the process.
 */
export function runConsumer(request: ConsumerRequest): Promise<ConsumerResult> {
  const adapter = createBinanceAdapter({ streamBases: [request.url] })
  const streamUrl = adapter.streamUrls(request.symbols)[0] as string
  const counters: Counters = { trades: 0, invalid: 0, sequenceBreaks: 0 }
  const handle = frameHandler(request.mode, request.url, counters)
  const total = request.warmup + request.frames
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(streamUrl, { perMessageDeflate: false })
    let received = 0
    let sink: unknown
    let start: { wall: number; cpu: number; process: NodeJS.CpuUsage } | undefined
    let timedCounters: Counters = { ...counters }
    const startTiming = () => {
      timedCounters = { ...counters }
      start = { wall: performance.now(), cpu: mainThreadCpu().seconds, process: process.cpuUsage() }
    }
    ws.on('open', () => {
      if (request.warmup === 0) startTiming()
    })
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        counters.invalid++
        return
      }
      sink = handle((data as Buffer).toString('utf8'))
      received++
      if (received === request.warmup) startTiming()
      if (received !== total || start === undefined) return
      const wallSeconds = (performance.now() - start.wall) / 1000
      const cpu = mainThreadCpu()
      const processCpu = process.cpuUsage(start.process)
      ws.terminate()
      if (sink === undefined) {
        reject(new Error('no frame was handled'))
        return
      }
      resolve({
        type: 'result',
        mode: request.mode,
        frames: request.frames,
        wallSeconds,
        threadCpuSeconds: cpu.seconds - start.cpu,
        threadCpuSource: cpu.source,
        processCpuSeconds: (processCpu.user + processCpu.system) / 1e6,
        trades: counters.trades - timedCounters.trades,
        invalid: counters.invalid,
        sequenceBreaks: counters.sequenceBreaks,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      })
    })
    ws.on('error', reject)
    ws.on('close', (code) => {
      if (received < total) {
        reject(new Error(`connection closed (${code}) after ${received} of ${total} frames`))
      }
    })
  })
}
