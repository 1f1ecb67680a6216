import { Worker } from 'node:worker_threads'

import { compiledEntryOf, compiledWorkerExecArgv } from '@k2/core'

import { IcebergError, type IcebergErrorCode } from '../../errors.js'
import type { EncodedRowGroup } from './file-encoder.js'
import type { RowGroupJobMessage } from './shared-sources.js'

/** Entry of every encoding worker: registers tsx, then loads `encode-worker-main.ts`. */
const WORKER_URL = new URL('./encode-worker.mjs', import.meta.url)
/**
 * The encoding worker's main module. A thread that runs from bundles may have registered a
 * compiled one (`compiledEntryOf`), which a worker then starts without tsx.
 */
export const ENCODE_WORKER_MAIN_URL = new URL('./encode-worker-main.ts', import.meta.url)
/** Jobs handed to a worker ahead, so that it does not wait for a busy calling thread. */
const DEPTH = 2

/** A worker's answer to one job. */
export type RowGroupReply =
  | { readonly id: number; readonly group: EncodedRowGroup }
  | {
      readonly id: number
      readonly error: { readonly message: string; readonly code?: string }
    }

interface Job {
  readonly id: number
  readonly message: RowGroupJobMessage
  /** The same job on the calling thread (when it takes a job back from the queue). */
  readonly run: () => EncodedRowGroup
  readonly resolve: (group: EncodedRowGroup) => void
  readonly reject: (err: unknown) => void
}

interface PoolWorker {
  readonly worker: Worker
  readonly jobs: Map<number, Job>
}

/**
 * Encoding workers for row groups (D5: stateless CPU work off the calling thread). Jobs wait in
 * a queue; each worker holds at most {@link DEPTH} of them, and the calling thread can take
 * queued jobs back to run them itself once it has nothing else to do ({@link runQueued}), so
 * every core works until the last row group. Workers start on the first job; idle ones do not keep the process alive.
 */
export class EncodePool {
  private readonly workers: PoolWorker[] = []
  private readonly queue: Job[] = []
  private nextId = 0
  private closed = false

  constructor(private readonly size: number) {}

  /** Queues a row group; `run` encodes it on the calling thread if no worker took it. */
  submit(message: RowGroupJobMessage, run: () => EncodedRowGroup): Promise<EncodedRowGroup> {
    if (this.closed) {
      return Promise.reject(new IcebergError('ICEBERG_INVALID_ARGUMENT', 'encode pool is closed'))
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, run, resolve, reject })
      this.dispatch()
    })
  }

  /**
   * Runs queued jobs on the calling thread until the queue is empty, yielding to the event loop
   * between them so that workers' replies are handled and they get their next jobs.
   */
  async runQueued(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      const job = this.queue.shift()
      if (job === undefined) return
      try {
        job.resolve(job.run())
      } catch (err) {
        job.reject(err)
      }
    }
  }

  /** Rejects queued jobs and stops the workers. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) {
      job.reject(new IcebergError('ICEBERG_INVALID_ARGUMENT', 'encode pool is closed'))
    }
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const target = this.freeWorker()
      if (target === undefined) return
      const job = this.queue.shift()!
      // A worker with jobs keeps the process alive (the caller awaits its replies); idle, not.
      if (target.jobs.size === 0) target.worker.ref()
      target.jobs.set(job.id, job)
      target.worker.postMessage({ id: job.id, job: job.message })
    }
  }

  private freeWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined
    for (const w of this.workers) {
      if (w.jobs.size < DEPTH && (best === undefined || w.jobs.size < best.jobs.size)) best = w
    }
    if ((best === undefined || best.jobs.size > 0) && this.workers.length < this.size) {
      return this.start()
    }
    return best
  }

  private start(): PoolWorker {
    const compiled = compiledEntryOf(ENCODE_WORKER_MAIN_URL)
    const worker =
      compiled === undefined
        ? new Worker(WORKER_URL)
        : new Worker(compiled, { execArgv: compiledWorkerExecArgv() })
    worker.unref()
    const entry: PoolWorker = { worker, jobs: new Map() }
    this.workers.push(entry)
    worker.on('message', (reply: RowGroupReply) => {
      const job = entry.jobs.get(reply.id)
      if (job === undefined) return
      entry.jobs.delete(reply.id)
      if (entry.jobs.size === 0) worker.unref()
      if ('group' in reply) job.resolve(reply.group)
      else job.reject(workerError(reply.error))
      this.dispatch()
    })
    const fail = (err: unknown) => {
      const index = this.workers.indexOf(entry)
      if (index >= 0) this.workers.splice(index, 1)
      const error = new IcebergError(
        'ICEBERG_IO_FAILED',
        `encoding worker failed: ${String(err)}`,
        {
          cause: err,
        },
      )
      for (const job of entry.jobs.values()) job.reject(error)
      entry.jobs.clear()
      this.dispatch()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exited with code ${code}`))
    })
    return entry
  }
}

function workerError(error: { message: string; code?: string }): IcebergError {
  const code = (error.code ?? 'ICEBERG_IO_FAILED') as IcebergErrorCode
  return new IcebergError(code, error.message)
}
