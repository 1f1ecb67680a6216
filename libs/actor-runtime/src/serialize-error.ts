import { K2Error, type SerializedK2Error } from '@k2/core'

/**
 * The plain form of anything a handler throws. Coded errors (K2 errors, or any object with a
 * string `code`) keep their code; anything else becomes `ACTOR_HANDLER_FAILED` with its message.
 */
export function serializeError(err: unknown): SerializedK2Error {
  if (err instanceof K2Error) return err.toJSON()
  if (typeof err === 'object' && err !== null) {
    const { code, message, retriable } = err as {
      code?: unknown
      message?: unknown
      retriable?: unknown
    }
    return {
      code: typeof code === 'string' ? code : 'ACTOR_HANDLER_FAILED',
      message: typeof message === 'string' ? message : String(err),
      retriable: retriable === true,
      context: {},
    }
  }
  return { code: 'ACTOR_HANDLER_FAILED', message: String(err), retriable: false, context: {} }
}

/**
 * Rebuilds a serialized error, adding where it came from (`actor`, `method`) to its context. Keys
 * already there win, so an error relayed through several actors names the one it started in.
 */
export function deserializeError(data: SerializedK2Error, where: Record<string, unknown>): K2Error {
  return K2Error.fromJSON({ ...data, context: { ...where, ...data.context } })
}
