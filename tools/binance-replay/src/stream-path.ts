/** What a WebSocket upgrade URL asks for: the frame format and the streams to start with. */
export interface StreamRequest {
  /** Combined (`/stream`: frames `{"stream","data"}`) or raw (`/ws`: bare events). */
  readonly combined: boolean
  /** Stream names from the URL, in order, without duplicates (may be empty: SUBSCRIBE later). */
  readonly streams: readonly string[]
}

/**
 * Parses Binance's stream URLs: `/ws`, `/ws/<stream>[/<stream>...]` (raw) and
 * `/stream[?streams=<s1>/<s2>]` (combined). Any stream name is accepted, as on Binance, where an
 * unknown symbol's stream simply never sends anything. Undefined for any other path.
 */
export function parseStreamPath(requestUrl: string): StreamRequest | undefined {
  const url = new URL(requestUrl, 'http://replay.invalid')
  let path: string
  try {
    path = decodeURIComponent(url.pathname).replace(/\/+$/, '')
  } catch {
    return undefined // a broken %-escape
  }
  if (path === '/stream') {
    return { combined: true, streams: splitStreams(url.searchParams.get('streams') ?? '') }
  }
  if (path === '/ws' || path.startsWith('/ws/')) {
    return { combined: false, streams: splitStreams(path.slice(4)) }
  }
  return undefined
}

function splitStreams(list: string): string[] {
  return [...new Set(list.split('/').filter((name) => name !== ''))]
}
