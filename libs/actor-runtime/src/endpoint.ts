import type { TransferListItem } from 'node:worker_threads'

import { NOOP_LOGGER, type K2Error, type Logger } from '@k2/core'

import { ActorError } from './errors.js'
import {
  isTransferReply,
  type CallOptions,
  type Client,
  type Handlers,
  type ProtocolMethods,
  type SendOptions,
} from './protocol.js'
import { deserializeError, serializeError } from './serialize-error.js'
import { isRuntimeMessage, type ProtocolMessage, type ReplyMessage } from './wire.js'

/** What an endpoint needs of a port: `Worker`, `MessagePort` and `parentPort` all fit. */
export interface PostTarget {
  postMessage(value: unknown, transferList?: readonly TransferListItem[]): void
}

/** Options of {@link createEndpoint}. */
export interface EndpointOptions<Local extends ProtocolMethods> {
  readonly target: PostTarget
  /** Who is on the other side, for error contexts and logs. */
  readonly peer: string
  /** Handlers served to the other side; absent = this side only calls. */
  readonly handlers?: Handlers<Local>
  readonly logger?: Logger
}

/**
 * One side of a typed conversation over a port: a {@link Client} of the remote protocol (with
 * correlation ids and pending calls) and, optionally, a server of the local handlers. The owner
 * feeds every incoming message to `dispatch`, which returns false for messages that are not part
 * of the call protocol (e.g. lifecycle control messages), so one port can carry both.
 */
export interface Endpoint<Remote extends ProtocolMethods> {
  readonly client: Client<Remote>
  /** Handles a call/send/reply message; false when the message is not one. */
  dispatch(message: unknown): boolean
  /** Rejects every pending call with `error` and refuses new ones with it (the port is gone). */
  close(error: K2Error): void
  /** Number of calls waiting for a reply. */
  readonly pending: number
}

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (err: unknown) => void
  readonly timer: NodeJS.Timeout | undefined
  readonly method: string
}

/** Creates an {@link Endpoint} over `options.target`. */
export function createEndpoint<Remote extends ProtocolMethods, Local extends ProtocolMethods>(
  options: EndpointOptions<Local>,
): Endpoint<Remote> {
  const { target, peer, handlers } = options
  const logger = options.logger ?? NOOP_LOGGER
  const pending = new Map<number, Pending>()
  let nextId = 1
  let closedWith: K2Error | undefined

  const client: Client<Remote> = {
    call(method, payload, callOptions: CallOptions = {}) {
      if (closedWith !== undefined) return Promise.reject(closedWith)
      const id = nextId++
      return new Promise((resolve, reject) => {
        const timer =
          callOptions.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                pending.delete(id)
                reject(
                  new ActorError(
                    'ACTOR_CALL_TIMEOUT',
                    `${peer}.${method}: no reply within ${callOptions.timeoutMs} ms`,
                    { context: { actor: peer, method } },
                  ),
                )
              }, callOptions.timeoutMs)
        pending.set(id, { resolve, reject, timer, method })
        try {
          target.postMessage({ k2: 'call', id, method, payload }, callOptions.transfer)
        } catch (err) {
          settle(id)?.reject(err)
        }
      })
    },
    send(method, payload, sendOptions: SendOptions = {}) {
      if (closedWith !== undefined) throw closedWith
      target.postMessage({ k2: 'send', method, payload }, sendOptions.transfer)
    },
  }

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id)
    if (entry === undefined) return undefined
    pending.delete(id)
    if (entry.timer !== undefined) clearTimeout(entry.timer)
    return entry
  }

  function onReply(message: ReplyMessage): void {
    const entry = settle(message.id)
    if (entry === undefined) return // timed out earlier
    if (message.ok) entry.resolve(message.value)
    else entry.reject(deserializeError(message.error, { actor: peer, method: entry.method }))
  }

  async function serve(message: ProtocolMessage & { k2: 'call' | 'send' }): Promise<void> {
    const handler = (
      handlers as Record<string, ((p: unknown) => unknown) | undefined> | undefined
    )?.[message.method]
    try {
      if (handler === undefined) {
        throw new ActorError('ACTOR_UNKNOWN_METHOD', `no handler for method "${message.method}"`, {
          context: { method: message.method },
        })
      }
      const result = await handler(message.payload)
      if (message.k2 === 'send') return
      if (isTransferReply(result)) {
        target.postMessage({ k2: 'reply', id: message.id, ok: true, value: result.value }, [
          ...result.transfer,
        ])
      } else {
        target.postMessage({ k2: 'reply', id: message.id, ok: true, value: result })
      }
    } catch (err) {
      const error = serializeError(err)
      if (message.k2 === 'call')
        target.postMessage({ k2: 'reply', id: message.id, ok: false, error })
      else target.postMessage({ k2: 'send-failed', method: message.method, error })
    }
  }

  return {
    client,
    get pending() {
      return pending.size
    },
    dispatch(message) {
      if (!isRuntimeMessage(message)) return false
      const m = message as ProtocolMessage
      switch (m.k2) {
        case 'reply':
          onReply(m)
          return true
        case 'call':
        case 'send':
          void serve(m)
          return true
        case 'send-failed':
          logger.warn({ peer, method: m.method, error: m.error }, 'one-way message failed')
          return true
        default:
          return false
      }
    },
    close(error) {
      closedWith = error
      for (const id of [...pending.keys()]) settle(id)?.reject(error)
    },
  }
}
