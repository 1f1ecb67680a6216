/** D5: from the signal to exit within this bound. */
export const SHUTDOWN_TIMEOUT_MS = 10_000

/** Why the supervisor stops. */
export type StopReason =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'failure'; readonly actor: string; readonly message: string }
  /** Started with an IPC channel (e.g. by `k2 demo`) and the parent died: the channel closed. */
  | { readonly kind: 'parent-gone' }

/**
 * Resolves with the first of SIGINT, SIGTERM, `failure` or, for a supervisor started with an IPC
 * channel (a parent that owns it, like `k2 demo`), the channel closing: the parent exited or was
 * killed (even with SIGKILL, which it cannot forward), so the supervisor stops instead of running
 * on as an orphan. A second signal while shutting down is reported through `onForce` (the caller
 * exits at once).
 */
export function waitForStop(
  failure: Promise<{ actor: string; error: Error }>,
  onForce: (signal: NodeJS.Signals) => void,
): Promise<StopReason> {
  return new Promise((resolve) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return onForce(signal)
      stopping = true
      resolve({ kind: 'signal', signal })
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    if (process.channel !== undefined) {
      // The channel only watches the parent: it must not keep the process alive at exit.
      process.channel.unref()
      process.once('disconnect', () => {
        if (stopping) return
        stopping = true
        resolve({ kind: 'parent-gone' })
      })
    }
    void failure.then((f) => {
      if (stopping) return
      stopping = true
      resolve({ kind: 'failure', actor: f.actor, message: f.error.message })
    })
  })
}

/** Runs `stop`, bounded by `timeoutMs`: resolves `true` when it finished in time. */
export async function boundedStop(stop: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  try {
    return await Promise.race([stop().then(() => true as const), timedOut])
  } finally {
    clearTimeout(timer)
  }
}
