import { parentPort, workerData, type MessagePort } from 'node:worker_threads'

import { registerCompiledEntries } from '@k2/core'

import {
  createMetrics,
  createTracing,
  serializeRegistry,
  TRACING_OFF,
  type RegistryJson,
} from '@k2/telemetry'

import { isActorDefinition, type ActorBehaviour, type ActorContext } from '../define-actor.js'
import { createEndpoint, type Endpoint } from '../endpoint.js'
import { ActorError } from '../errors.js'
import type { Client, ProtocolMethods } from '../protocol.js'
import { deserializeError, serializeError } from '../serialize-error.js'
import {
  isRuntimeMessage,
  type ActorWorkerData,
  type ControlFromActor,
  type ControlToActor,
  type ProcessMetricsReply,
} from '../wire.js'

/**
 * The actor side of the runtime, run in each worker after tsx is registered: imports the actor
 * module, checks its protocol, starts it, serves its handlers to the supervisor and to peers, and
 * runs its cleanup on `stop`. Messages that arrive before the actor is ready are queued.
 */
const port = parentPort
if (port === null) throw new ActorError('ACTOR_BAD_MODULE', 'worker-main must run in a worker')
const data = workerData as ActorWorkerData & { incarnation: number }
// Bundled: workers this actor's libraries start run their compiled mains too.
if (data.workerEntries !== undefined) registerCompiledEntries(data.workerEntries)

function post(message: ControlFromActor): void {
  port!.postMessage(message)
}

interface PeerLink {
  endpoint: Endpoint<ProtocolMethods> | undefined
  port: MessagePort | undefined
  waiters: Array<() => void>
}

const peers = new Map<string, PeerLink>()
let behaviour: ActorBehaviour<ProtocolMethods> | undefined
let supervisorEndpoint: Endpoint<ProtocolMethods> | undefined
const early: unknown[] = []
let stopping = false

/** The worker's own registry (D8); the supervisor asks for snapshots and merges them. */
const metrics = createMetrics()
/** The worker's tracing (D8): its own provider, since OpenTelemetry globals are per thread. */
const tracing = data.tracing === undefined ? TRACING_OFF : createTracing(data.tracing)
const collectHooks: Array<() => void> = []
/** Snapshots are taken one at a time, so they reach the supervisor in the order taken. */
let snapshots: Promise<unknown> = Promise.resolve()

/**
 * Posts a snapshot of the worker's metrics: the answer to a request of `id`, or (`id` null) an
 * unsolicited one (`publishMetrics`, and the final one after the cleanup).
 */
function postMetrics(id: number | null): Promise<void> {
  const run = snapshots.then(async () => {
    for (const hook of collectHooks) {
      try {
        hook()
      } catch {
        // A failing hook leaves its gauges as they were; the snapshot still goes out.
      }
    }
    const json: RegistryJson = await serializeRegistry(metrics.registry)
    post({ k2: 'metrics', id, metrics: json })
  })
  snapshots = run.catch(() => undefined)
  return run
}

let publishPending = false

/**
 * `ctx.publishMetrics()`: one unsolicited snapshot per burst of synchronous calls, taken in a
 * microtask, so it is posted before the worker handles its next message (a crash or a kill
 * after that message cannot lose it).
 */
function publishMetrics(): void {
  if (publishPending) return
  publishPending = true
  queueMicrotask(() => {
    publishPending = false
    postMetrics(null).catch(() => undefined)
  })
}

/** Calls of `ctx.processMetrics()` waiting for the supervisor's answer. */
const processMetricsCalls = new Map<
  number,
  { resolve: (text: string) => void; reject: (err: unknown) => void; timer: NodeJS.Timeout }
>()
let nextProcessMetricsId = 1

function processMetrics(options: { readonly timeoutMs?: number } = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const id = nextProcessMetricsId++
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      processMetricsCalls.delete(id)
      reject(
        new ActorError(
          'ACTOR_CALL_TIMEOUT',
          `supervisor: no process metrics within ${timeoutMs} ms`,
          {
            context: { actor: 'supervisor', method: 'processMetrics' },
          },
        ),
      )
    }, timeoutMs)
    processMetricsCalls.set(id, { resolve, reject, timer })
    post({ k2: 'process-metrics-request', id })
  })
}

function onProcessMetrics(reply: ProcessMetricsReply): void {
  const call = processMetricsCalls.get(reply.id)
  if (call === undefined) return // timed out
  processMetricsCalls.delete(reply.id)
  clearTimeout(call.timer)
  if (reply.ok) call.resolve(reply.text)
  else call.reject(deserializeError(reply.error, { actor: 'supervisor', method: 'processMetrics' }))
}

function peerLink(name: string): PeerLink {
  let link = peers.get(name)
  if (link === undefined) {
    link = { endpoint: undefined, port: undefined, waiters: [] }
    peers.set(name, link)
  }
  return link
}

function attachPeerPort(name: string, peerPort: MessagePort): void {
  const link = peerLink(name)
  link.port?.close()
  const endpoint = createEndpoint<ProtocolMethods, ProtocolMethods>({
    target: peerPort,
    peer: name,
    handlers: behaviour!.handlers,
  })
  link.port = peerPort
  link.endpoint = endpoint
  peerPort.on('message', (m: unknown) => endpoint.dispatch(m))
  peerPort.on('close', () => {
    endpoint.close(
      new ActorError('ACTOR_CHANNEL_CLOSED', `channel ${data.name} <-> ${name} closed`, {
        context: { actor: name },
      }),
    )
    if (link.endpoint === endpoint) {
      link.endpoint = undefined
      link.port = undefined
    }
  })
  for (const wake of link.waiters.splice(0)) wake()
}

function peerClient(name: string): Client<ProtocolMethods> {
  const ready = async (): Promise<Endpoint<ProtocolMethods>> => {
    const link = peerLink(name)
    while (link.endpoint === undefined) await new Promise<void>((r) => link.waiters.push(r))
    return link.endpoint
  }
  return {
    call: async (method, payload, options) => (await ready()).client.call(method, payload, options),
    send: (method, payload, options) => {
      const link = peerLink(name)
      if (link.endpoint !== undefined) link.endpoint.client.send(method, payload, options)
      else void ready().then((e) => e.client.send(method, payload, options))
    },
  }
}

async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await behaviour?.stop?.()
  // Spans of the cleanup (a final commit) included; an unreachable collector does not hold the stop.
  await Promise.race([
    tracing.shutdown().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
  ])
  // What the cleanup counted (a final commit's rows) is kept by the supervisor after the exit.
  await postMetrics(null).catch(() => undefined)
  post({ k2: 'stopped' })
}

function onMessage(message: unknown): void {
  if (isRuntimeMessage(message) && message.k2 === 'process-metrics') {
    return onProcessMetrics(message as ProcessMetricsReply)
  }
  if (behaviour === undefined) {
    if (isRuntimeMessage(message) && message.k2 === 'stop') void stop()
    else early.push(message)
    return
  }
  if (supervisorEndpoint!.dispatch(message)) return
  if (!isRuntimeMessage(message)) return
  const control = message as ControlToActor
  if (control.k2 === 'port') attachPeerPort(control.name, control.port)
  else if (control.k2 === 'stop') void stop()
  else if (control.k2 === 'metrics-request') void postMetrics(control.id).catch(() => undefined)
}

async function main(): Promise<void> {
  port!.on('message', onMessage)
  const mod = (await import(data.moduleUrl)) as { default?: unknown }
  const definition = mod.default
  if (!isActorDefinition(definition)) {
    throw new ActorError(
      'ACTOR_BAD_MODULE',
      `${data.moduleUrl} has no defineActor() default export`,
    )
  }
  const { name, version } = definition.protocol
  if (name !== data.protocol.name || version !== data.protocol.version) {
    throw new ActorError(
      'ACTOR_BAD_MODULE',
      `${data.moduleUrl} implements ${name}@${version}, spawned as ${data.protocol.name}@${data.protocol.version}`,
    )
  }
  const ctx: ActorContext<unknown> = {
    name: data.name,
    init: data.init,
    incarnation: data.incarnation,
    peer: (peerName) => peerClient(peerName) as never,
    metrics,
    tracing,
    onMetricsCollect: (hook) => void collectHooks.push(hook),
    publishMetrics,
    processMetrics,
  }
  const started = await definition.start(ctx as never)
  if (stopping) return
  behaviour = started as ActorBehaviour<ProtocolMethods>
  supervisorEndpoint = createEndpoint<ProtocolMethods, ProtocolMethods>({
    target: port!,
    peer: 'supervisor',
    handlers: behaviour.handlers,
  })
  post({ k2: 'ready', protocol: name, version })
  for (const m of early.splice(0)) onMessage(m)
}

main().catch((err: unknown) => post({ k2: 'start-failed', error: serializeError(err) }))
