import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/actors` with their retriable flag (one table, STYLE.md habit 5). */
export const ACTORS_ERROR_CODES = {
  /** An actor or writer option is unusable (names the option). */
  ACTORS_INVALID_OPTIONS: { retriable: false },
  /** A lifecycle transition the component's table does not allow (a bug in the caller). */
  ACTORS_ILLEGAL_TRANSITION: { retriable: false },
  /** The writer was closed; it accepts no more trades. */
  ACTORS_WRITER_CLOSED: { retriable: false },
  /**
   * The table's schema or partition spec changed under the writer's buffered rows, which can then
   * never be committed: the writer dropped them and takes nothing more. Its owner restarts it (a
   * new writer reads the table again; its sources resync from the table's positions, D6).
   */
  ACTORS_WRITER_FAILED: { retriable: false },
  /** A K2 progress marker in a snapshot summary (D6) cannot be parsed. */
  ACTORS_INVALID_PROGRESS: { retriable: false },
  /** Other writers kept moving the stored positions past the batch; the writer gave up (D6). */
  ACTORS_COMMIT_FENCED: { retriable: false },
  /** A dead letter (or a JSONL line read back) lacks a field or has an unknown source or time. */
  ACTORS_INVALID_DEAD_LETTER: { retriable: false },
  /** Kafka mode: a dead letter without a topic has no `{topic}.dlq` to go to (D6). */
  ACTORS_DEAD_LETTER_NO_TOPIC: { retriable: false },
  /** The dead-letter sink was closed; it accepts no more letters. */
  ACTORS_DEAD_LETTERS_CLOSED: { retriable: false },
  /** The dead-letter file could not be created or appended to (the cause says why). */
  ACTORS_DEAD_LETTER_WRITE_FAILED: { retriable: false },
  /** A batch was sent for an earlier session of a writer (it restarted since): resync (D6). */
  ACTORS_STALE_SESSION: { retriable: true },
  /** A batch does not follow on from what the writer holds (it lost trades): resync (D6). */
  ACTORS_STREAM_GAP: { retriable: true },
  /** A feed's trade sink was closed (the actor is stopping) while it waited for a producer. */
  ACTORS_SINK_CLOSED: { retriable: false },
  /** A writer whose commits keep failing holds twice its commit limits and takes no more (D5). */
  ACTORS_WRITER_BACKLOG: { retriable: true },
  /** A trade batch crossing threads is cut short or has trailing bytes (a bug, not bad input). */
  ACTORS_INVALID_BATCH: { retriable: false },
} as const

/** A code from {@link ACTORS_ERROR_CODES}. */
export type ActorsErrorCode = keyof typeof ACTORS_ERROR_CODES

/** An error raised by `@k2/actors`. */
export class ActorsError extends codedErrorClass('ActorsError', ACTORS_ERROR_CODES) {}
