/** The Hono environment of the API: what middleware leaves on the context for handlers. */
export interface ApiEnv {
  Variables: {
    /** From `X-Correlation-ID`, or a new UUID; echoed on every response. */
    correlationId: string
  }
}
