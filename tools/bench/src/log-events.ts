import { readFileSync } from 'node:fs'

/**
 * Counts of the supervisor's structured log events (pino JSON lines with an `event` field, e.g.
 * `feed_resync`, `rest_rate_limited`, `gap_detected`, `slow_write`, `silence`, `actor_restart`),
 * plus `warn` and `error` lines: what happened inside while the benchmark looked from outside.
 */
export function countLogEvents(text: string): Record<string, number> {
  const counts: Record<string, number> = {}
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1)
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    let entry: { event?: unknown; level?: unknown }
    try {
      entry = JSON.parse(line) as { event?: unknown; level?: unknown }
    } catch {
      continue
    }
    if (typeof entry.event === 'string') bump(entry.event)
    if (entry.level === 40) bump('(warn lines)')
    if (typeof entry.level === 'number' && entry.level >= 50) bump('(error lines)')
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)))
}

/** {@link countLogEvents} of a log file; {} when it cannot be read. */
export function countLogFileEvents(path: string): Record<string, number> {
  try {
    return countLogEvents(readFileSync(path, 'utf8'))
  } catch {
    return {}
  }
}
