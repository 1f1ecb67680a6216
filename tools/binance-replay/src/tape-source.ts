/** Where the exchange's trades come from: the generator or a recording. */
export interface TapeSource {
  /** Starts producing (idempotent): at the first subscription, or at listen with startOnListen. */
  start(): void
  /** True once started. */
  readonly started: boolean
  /** True when nothing more will be produced (tradesPerSymbol reached, recording finished). */
  readonly done: boolean
  /** Stops producing and clears every timer. */
  stop(): void
}
