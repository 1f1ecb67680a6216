/**
 * The one error shape of K2 (STYLE.md habit 5): a stable `code`, whether retrying can help, the
 * context a reader needs, and the cause. Class identity does not survive a worker-thread hop, so
 * errors travel between threads as {@link SerializedK2Error} and are rebuilt with
 * {@link K2Error.fromJSON}.
 */
export interface SerializedK2Error {
  readonly code: string
  readonly message: string
  readonly retriable: boolean
  readonly context: Readonly<Record<string, unknown>>
}

/** Options accepted by every K2 error. */
export interface K2ErrorOptions {
  readonly retriable?: boolean
  readonly context?: Record<string, unknown>
  readonly cause?: unknown
}

/** Base class of every error K2 throws on purpose. */
export class K2Error extends Error {
  readonly code: string
  readonly retriable: boolean
  readonly context: Readonly<Record<string, unknown>>

  constructor(code: string, message: string, options: K2ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'K2Error'
    this.code = code
    this.retriable = options.retriable ?? false
    this.context = Object.freeze({ ...(options.context ?? {}) })
  }

  /** Plain-data form, safe for `postMessage`, logs and JSON. */
  toJSON(): SerializedK2Error {
    return {
      code: this.code,
      message: this.message,
      retriable: this.retriable,
      context: this.context,
    }
  }

  /** Rebuilds an error sent across a thread or process boundary. */
  static fromJSON(data: SerializedK2Error): K2Error {
    return new K2Error(data.code, data.message, {
      retriable: data.retriable,
      context: { ...data.context },
    })
  }
}

/** True when `err` is a K2 error (or its serialized form) that says retrying can help. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof K2Error) return err.retriable
  if (typeof err === 'object' && err !== null && 'retriable' in err) {
    return (err as { retriable: unknown }).retriable === true
  }
  return false
}

/** The `code` of a K2 error, or `UNKNOWN` for anything else. */
export function errorCode(err: unknown): string {
  if (err instanceof K2Error) return err.code
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    if (typeof code === 'string') return code
  }
  return 'UNKNOWN'
}
