import type { MessagePort } from 'node:worker_threads'

import type { SerializedK2Error } from '@k2/core'
import type { RegistryJson, TracingSettings } from '@k2/telemetry'

/**
 * The plain messages that cross a thread boundary (structured clone). Declared apart from the code
 * that handles them (STYLE.md, piscina/comlink). Errors travel as {@link SerializedK2Error}.
 */

/** A request; the peer answers with a {@link ReplyMessage} of the same `id`. */
export interface CallMessage {
  readonly k2: 'call'
  readonly id: number
  readonly method: string
  readonly payload: unknown
}

/** A one-way message; a failing handler is answered with a {@link SendFailedMessage}. */
export interface SendMessage {
  readonly k2: 'send'
  readonly method: string
  readonly payload: unknown
}

/** The answer to a {@link CallMessage}. */
export type ReplyMessage =
  | { readonly k2: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly k2: 'reply'
      readonly id: number
      readonly ok: false
      readonly error: SerializedK2Error
    }

/** A one-way message whose handler failed (there is no caller to reject). */
export interface SendFailedMessage {
  readonly k2: 'send-failed'
  readonly method: string
  readonly error: SerializedK2Error
}

/** Messages of the typed call/send protocol, on any port. */
export type ProtocolMessage = CallMessage | SendMessage | ReplyMessage | SendFailedMessage

/** Supervisor -> actor control messages (on the worker's parent port). */
export type ControlToActor =
  | { readonly k2: 'stop' }
  /** A port to a peer actor; the actor serves its protocol on it and can call the peer. */
  | { readonly k2: 'port'; readonly name: string; readonly port: MessagePort }
  /** Asks for a snapshot of the worker's metrics; answered with a `metrics` message of this id. */
  | { readonly k2: 'metrics-request'; readonly id: number }
  /** The answer to a `process-metrics-request`: the process's merged `/metrics` text. */
  | ProcessMetricsReply

/** The answer to a `process-metrics-request` of the same `id`. */
export type ProcessMetricsReply =
  | {
      readonly k2: 'process-metrics'
      readonly id: number
      readonly ok: true
      readonly text: string
    }
  | {
      readonly k2: 'process-metrics'
      readonly id: number
      readonly ok: false
      readonly error: SerializedK2Error
    }

/** Actor -> supervisor control messages. */
export type ControlFromActor =
  | { readonly k2: 'ready'; readonly protocol: string; readonly version: number }
  | { readonly k2: 'start-failed'; readonly error: SerializedK2Error }
  | { readonly k2: 'stopped' }
  /**
   * A snapshot of the worker's registry (`getMetricsAsJSON()`): the answer to the
   * `metrics-request` of `id`, or (`id` null) an unsolicited one: `ctx.publishMetrics()`, and the
   * final one, posted after the actor's cleanup and before `stopped`. Snapshots of one worker are
   * posted in the order they were taken; the newest replaces the previous.
   */
  | { readonly k2: 'metrics'; readonly id: number | null; readonly metrics: RegistryJson }
  /** The actor asks for the process's merged `/metrics` (`ctx.processMetrics()`). */
  | { readonly k2: 'process-metrics-request'; readonly id: number }

/** The data a worker is started with (`workerData`). */
export interface ActorWorkerData {
  readonly name: string
  /** The actor module: its bundle when the supervisor has worker bundles, else the source. */
  readonly moduleUrl: string
  /** The bundled worker-main to import instead of registering tsx (absent: tsx and sources). */
  readonly workerMainUrl?: string
  /** With bundles: compiled mains of the workers libraries start (`registerCompiledEntries`). */
  readonly workerEntries?: Readonly<Record<string, string>>
  readonly init: unknown
  readonly protocol: { readonly name: string; readonly version: number }
  /** The worker's tracing (D8): its own tracer provider; undefined = tracing off. */
  readonly tracing?: TracingSettings
}

/** True for a message of this runtime (every one carries a `k2` tag). */
export function isRuntimeMessage(value: unknown): value is { readonly k2: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { k2?: unknown }).k2 === 'string'
  )
}
