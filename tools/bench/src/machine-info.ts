import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type } from 'node:os'

import type { Environment } from './bench-results.js'

/**
 * The machine and Node runtime the benchmark runs on, and its load now (Python versions come
 * from the oracle).
 */
export function machineInfo(): Environment {
  return {
    cpuModel: cpuModel(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverageBefore: loadavg()[0] ?? 0,
  }
}

/** `model name` of /proc/cpuinfo (what `os.cpus()` reports elsewhere). */
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim()
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown'
}
