/** A text frame as received, with its receipt time. */
export interface ReceivedFrame {
  /** Receipt time, ms since the epoch (platform clock). */
  readonly recvTs: number
  /** The text frame exactly as received (a combined `{"stream","data"}` frame or a bare event). */
  readonly text: string
}

/**
 * One line of a recording: `{"recv_ts":<ms>,"frame":"<text>"}` and a newline. This is the JSONL
 * format `tools/binance-replay` plays back (`--play`, its README "Recordings").
 */
export function formatRecordingLine(frame: ReceivedFrame): string {
  return `${JSON.stringify({ recv_ts: frame.recvTs, frame: frame.text })}\n`
}
