import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/actors` with their retriable flag (one table, STYLE.md habit 5). */
export const ACTORS_ERROR_CODES = {
  /** An actor or writer option is unusable (names the option). */
  ACTORS_INVALID_OPTIONS: { retriable: false },
  /** A lifecycle transition the component's table does not allow (a bug in the caller). */
  ACTORS_ILLEGAL_TRANSITION: { retriable: false },
  /** The writer was closed; it accepts no more trades. */
  ACTORS_WRITER_CLOSED: { retriable: false },
  /** A K2 progress marker in a snapshot summary (D6) cannot be parsed. */
  ACTORS_INVALID_PROGRESS: { retriable: false },
  /** Other writers kept moving the stored positions past the batch; the writer gave up (D6). */
  ACTORS_COMMIT_FENCED: { retriable: false },
} as const

/** A code from {@link ACTORS_ERROR_CODES}. */
export type ActorsErrorCode = keyof typeof ACTORS_ERROR_CODES

/** An error raised by `@k2/actors`. */
export class ActorsError extends codedErrorClass('ActorsError', ACTORS_ERROR_CODES) {}
