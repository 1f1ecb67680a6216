/** D5: from the signal to exit within this bound. */
export const SHUTDOWN_TIMEOUT_MS = 10_000

/** Why the supervisor stops. */
export type StopReason =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'failure'; readonly actor: string; readonly message: string }

/**
 * Resolves with the first of SIGINT, SIGTERM or `failure`. A second signal while shutting down is
 * reported through `onForce` (the caller exits at once).
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
