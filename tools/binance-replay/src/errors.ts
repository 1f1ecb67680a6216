import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/tools-binance-replay` with their retriable flag (STYLE.md habit 5). */
export const REPLAY_ERROR_CODES = {
  /** An option of `startReplayExchange` (or a CLI flag) is out of range or conflicts with another. */
  REPLAY_INVALID_OPTIONS: { retriable: false },
  /** A line of the `play` recording is not `{"recv_ts": <ms>, "frame": "<text>"}`. */
  REPLAY_INVALID_RECORDING: { retriable: false },
  /** A fault request names an unknown fault or has a bad parameter. */
  REPLAY_INVALID_FAULT: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link REPLAY_ERROR_CODES}. */
export type ReplayErrorCode = keyof typeof REPLAY_ERROR_CODES

/** An error raised by the replay exchange; `retriable` comes from {@link REPLAY_ERROR_CODES}. */
export class ReplayError extends codedErrorClass('ReplayError', REPLAY_ERROR_CODES) {}
