import { parentPort, workerData, type MessagePort } from 'node:worker_threads'

import { isActorDefinition, type ActorBehaviour, type ActorContext } from '../define-actor.js'
import { createEndpoint, type Endpoint } from '../endpoint.js'
import { ActorError } from '../errors.js'
import type { Client, ProtocolMethods } from '../protocol.js'
import { serializeError } from '../serialize-error.js'
import {
  isRuntimeMessage,
  type ActorWorkerData,
  type ControlFromActor,
  type ControlToActor,
} from '../wire.js'

/**
 * The actor side of the runtime, run in each worker after tsx is registered: imports the actor
 * module, checks its protocol, starts it, serves its handlers to the supervisor and to peers, and
 * runs its cleanup on `stop`. Messages that arrive before the actor is ready are queued.
 */
const port = parentPort
if (port === null) throw new ActorError('ACTOR_BAD_MODULE', 'worker-main must run in a worker')
const data = workerData as ActorWorkerData & { incarnation: number }

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
  post({ k2: 'stopped' })
}

function onMessage(message: unknown): void {
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
