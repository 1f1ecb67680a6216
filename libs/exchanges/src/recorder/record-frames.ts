import WebSocket from 'ws'

import { createBinanceAdapter } from '../binance/adapter.js'
import { RecorderError } from './errors.js'
import type { ReceivedFrame } from './recording-line.js'

/** Options of {@link recordFrames}. */
export interface RecordFramesOptions {
  /** Stream base, e.g. `K2_BINANCE_WS_URL` (`wss://stream.binance.com:9443/stream`). */
  readonly url: string
  /** Symbols whose trade streams to record, e.g. `['BTCUSDT', 'ETHUSDT']`. */
  readonly symbols: readonly string[]
  /**
   * Called for every text frame, in arrival order. Return a promise to apply backpressure: the
   * socket stops reading until it settles (e.g. a file stream's `drain`). A throw or rejection
   * ends the recording with that error.
   */
  readonly onFrame: (frame: ReceivedFrame) => void | Promise<void>
  /** Ends the recording: the connection is closed and the summary returned. */
  readonly signal?: AbortSignal
}

/** How a recording went. */
export interface RecordSummary {
  /** The combined-stream URL that was recorded. */
  readonly streamUrl: string
  /** Text frames handed to `onFrame`. */
  readonly frames: number
  /** Binary frames received and skipped (Binance sends none; a recording holds text only). */
  readonly binaryFrames: number
  /** `signal`: the caller stopped it; `closed`: the server or the network ended the connection. */
  readonly endedBy: 'signal' | 'closed'
  /** Close code when `closed` (1006 = connection lost without a close frame). */
  readonly closeCode?: number
  /** Close reason or socket error message when `closed`, if any. */
  readonly closeReason?: string
}

/**
 * Records the raw trade frames of `symbols` from one combined-stream connection
 * (`<url>/stream?streams=...`, built by the Binance adapter) until `signal` aborts or the
 * connection ends. Frames are passed on untouched with their receipt time, for a JSONL recording
 * that the replay exchange plays back (`formatRecordingLine`). Pings are answered by `ws`; TLS is
 * verified for wss. There is no reconnect: a recording is one connection's exact frames.
 * Rejects with `RECORDER_CONNECT_FAILED` when the connection does not open, with a coded
 * `BinanceError` for a bad URL or symbol, and with `onFrame`'s own error if it fails.
 */
export function recordFrames(options: RecordFramesOptions): Promise<RecordSummary> {
  let streamUrl: string
  try {
    streamUrl = createBinanceAdapter({ streamBases: [options.url] }).streamUrls(
      options.symbols,
    )[0] as string
  } catch (error) {
    return Promise.reject(error)
  }
  const { signal, onFrame } = options
  if (signal?.aborted === true) {
    return Promise.resolve({ streamUrl, frames: 0, binaryFrames: 0, endedBy: 'signal' })
  }
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(streamUrl, { perMessageDeflate: false })
    let frames = 0
    let binaryFrames = 0
    let opened = false
    let paused = 0
    const inflight = new Set<Promise<void>>()
    let failure: { error: unknown } | undefined
    let socketError: Error | undefined

    const stop = () => {
      if (ws.readyState === WebSocket.CONNECTING) {
        ws.terminate()
        return
      }
      // A paused socket would not read the server's close frame (ws then waits 30 s): read on;
      // frames that still arrive are ignored.
      if (ws.isPaused) ws.resume()
      ws.close(1000)
    }
    const fail = (error: unknown) => {
      failure ??= { error }
      stop()
    }
    signal?.addEventListener('abort', stop, { once: true })

    ws.on('open', () => {
      opened = true
    })
    ws.on('message', (data, isBinary) => {
      if (signal?.aborted === true || failure !== undefined) return
      if (isBinary) {
        binaryFrames++
        return
      }
      frames++
      let result: void | Promise<void>
      try {
        result = onFrame({ recvTs: Date.now(), text: (data as Buffer).toString('utf8') })
      } catch (error) {
        fail(error)
        return
      }
      if (result instanceof Promise) {
        if (paused++ === 0) ws.pause()
        const settled = result.then(
          () => {
            if (--paused === 0 && ws.readyState === WebSocket.OPEN) ws.resume()
          },
          (error: unknown) => fail(error),
        )
        inflight.add(settled)
        void settled.then(() => inflight.delete(settled))
      }
    })
    ws.on('error', (error) => {
      socketError = error
    })
    ws.on('close', (code, reason) => {
      signal?.removeEventListener('abort', stop)
      // Let the last frames' onFrame promises settle, so their failures are not lost.
      void Promise.allSettled([...inflight]).then(() => settle(code, reason.toString('utf8')))
    })

    const settle = (code: number, reason: string) => {
      if (failure !== undefined) {
        reject(failure.error)
      } else if (signal?.aborted === true) {
        resolve({ streamUrl, frames, binaryFrames, endedBy: 'signal' })
      } else if (!opened) {
        reject(
          new RecorderError(
            'RECORDER_CONNECT_FAILED',
            `cannot connect to ${streamUrl}: ${socketError?.message ?? `closed with ${code}`}`,
            {
              context: { url: streamUrl },
              ...(socketError === undefined ? {} : { cause: socketError }),
            },
          ),
        )
      } else {
        const text = reason === '' ? socketError?.message : reason
        resolve({
          streamUrl,
          frames,
          binaryFrames,
          endedBy: 'closed',
          closeCode: code,
          ...(text === undefined || text === '' ? {} : { closeReason: text }),
        })
      }
    }
  })
}
