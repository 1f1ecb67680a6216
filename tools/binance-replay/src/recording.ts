import { readFile } from 'node:fs/promises'

import { parseUnits } from './decimal-units.js'
import { ReplayError } from './errors.js'
import type { ReplayTrade } from './trade.js'

/**
 * One line of a recording, as the K2 recorder writes it: `{"recv_ts": <ms>, "frame": "<text>"}`
 * with the text frame exactly as received (combined `{"stream","data"}` or a bare event).
 */
export interface RecordingLine {
  /** Receipt time, ms since the epoch. */
  readonly recv_ts: number
  /** The raw text frame. */
  readonly frame: string
}

/** A recorded frame, classified for playback. */
export interface RecordedFrame {
  /** Receipt time, ms since the epoch: playback keeps the gaps between these. */
  readonly recvTs: number
  /** The frame text as recorded. */
  readonly text: string
  /** Whether `text` is a combined-stream frame. */
  readonly combined: boolean
  /** The stream it belongs to; undefined when that cannot be told (the frame is not played). */
  readonly stream: string | undefined
  /** The trade it carries, if it is a valid trade event (kept for REST and the stats). */
  readonly trade?: { readonly symbol: string; readonly trade: ReplayTrade }
}

/**
 * Reads a whole recording into memory (a recording is meant to be minutes to hours of a few
 * symbols, not a month of the market). Blank lines are ignored; any other line that is not
 * `{"recv_ts": number, "frame": string}` fails with REPLAY_INVALID_RECORDING naming the line.
 */
export async function loadRecording(path: string): Promise<RecordedFrame[]> {
  let content: string
  try {
    content = await readFile(path, 'utf8')
  } catch (error) {
    throw new ReplayError(
      'REPLAY_INVALID_RECORDING',
      `cannot read ${path}: ${(error as Error).message}`,
      {
        cause: error,
        context: { path },
      },
    )
  }
  const frames: RecordedFrame[] = []
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim()
    if (line === '') continue
    frames.push(classifyFrame(parseLine(line, path, i + 1)))
  }
  if (frames.length === 0) {
    throw new ReplayError('REPLAY_INVALID_RECORDING', `${path} holds no frames`, {
      context: { path },
    })
  }
  return frames
}

function parseLine(line: string, path: string, lineNumber: number): RecordingLine {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    value = undefined
  }
  const record = value as Partial<RecordingLine> | undefined
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.recv_ts !== 'number' ||
    !Number.isFinite(record.recv_ts) ||
    typeof record.frame !== 'string'
  ) {
    throw new ReplayError(
      'REPLAY_INVALID_RECORDING',
      `${path}:${lineNumber}: expected {"recv_ts": <ms>, "frame": "<text>"}`,
      { context: { path, line: lineNumber } },
    )
  }
  return record as RecordingLine
}

/**
 * Finds a frame's stream: a combined frame names it; a bare event is routed to
 * `<lower-case s>@<e>` (right for `trade` and `aggTrade`, the streams K2 records).
 */
export function classifyFrame(line: RecordingLine): RecordedFrame {
  const base = { recvTs: line.recv_ts, text: line.frame }
  let value: unknown
  try {
    value = JSON.parse(line.frame)
  } catch {
    return { ...base, combined: false, stream: undefined }
  }
  if (!isObject(value)) return { ...base, combined: false, stream: undefined }
  if (typeof value.stream === 'string' && 'data' in value) {
    return { ...base, combined: true, stream: value.stream, ...tradeOf(value.data) }
  }
  if (typeof value.e === 'string' && typeof value.s === 'string') {
    return {
      ...base,
      combined: false,
      stream: `${value.s.toLowerCase()}@${value.e}`,
      ...tradeOf(value),
    }
  }
  return { ...base, combined: false, stream: undefined }
}

function tradeOf(event: unknown): Pick<RecordedFrame, 'trade'> {
  if (!isObject(event) || event.e !== 'trade' || typeof event.s !== 'string') return {}
  const { t, p, q, T, E, m } = event
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(T) || typeof m !== 'boolean') return {}
  if (typeof p !== 'string' || typeof q !== 'string') return {}
  const price = parseUnits(p)
  const quantity = parseUnits(q)
  if (price === undefined || quantity === undefined) return {}
  const time = T as number
  const trade: ReplayTrade = {
    id: t as number,
    price,
    quantity,
    time,
    eventTime: Number.isSafeInteger(E) ? (E as number) : time,
    isBuyerMaker: m,
  }
  return { trade: { symbol: event.s, trade } }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
