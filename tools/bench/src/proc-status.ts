import { readdirSync, readFileSync } from 'node:fs'

import { parseStatCpu } from './thread-cpu.js'

/** Memory figures of a process from `/proc/<pid>/status` (bytes). */
export interface ProcMemory {
  /** `VmRSS`: resident set size now. */
  readonly rssBytes: number
  /** `VmHWM`: peak resident set size since the process started (its threads included). */
  readonly hwmBytes: number
}

/** CPU time of one thread of a process, from `/proc/<pid>/task/<tid>/stat`. */
export interface ProcessThreadCpu {
  readonly tid: number
  /** The thread's `comm` (e.g. `node`, `libuv-worker`, `V8 DefaultWorke`). */
  readonly name: string
  /** User + system time, seconds. */
  readonly cpuSeconds: number
}

/** Parses `VmRSS` and `VmHWM` (kB) of a `/proc/<pid>/status` text; undefined if absent. */
export function parseProcStatus(text: string): ProcMemory | undefined {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(text)
    return m ? Number(m[1]) * 1024 : undefined
  }
  const rssBytes = kb('VmRSS')
  const hwmBytes = kb('VmHWM')
  return rssBytes === undefined || hwmBytes === undefined ? undefined : { rssBytes, hwmBytes }
}

/** The `comm` of a `/proc/.../stat` line (in parentheses; it may hold spaces and parentheses). */
export function parseStatName(text: string): string {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) throw new RangeError(`not a /proc stat line: ${text.slice(0, 40)}`)
  return text.slice(open + 1, close)
}

/** Memory of process `pid` now; undefined once it is gone (or not on Linux). */
export function readProcMemory(pid: number): ProcMemory | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return undefined
  }
}

/** CPU seconds (user + system, all threads) of process `pid`; undefined once it is gone. */
export function readProcCpu(pid: number): number | undefined {
  try {
    return parseStatCpu(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return undefined
  }
}

/** CPU time of every live thread of process `pid`, busiest first ([] once it is gone). */
export function readThreadCpu(pid: number): ProcessThreadCpu[] {
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  const out: ProcessThreadCpu[] = []
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      out.push({ tid: Number(tid), name: parseStatName(text), cpuSeconds: parseStatCpu(text) })
    } catch {
      // The thread ended between the listing and the read (or the line was cut short).
    }
  }
  return out.sort((a, b) => b.cpuSeconds - a.cpuSeconds)
}
