import { readFileSync } from 'node:fs'

/** CPU time of one thread in seconds, and where it was read. */
export interface ThreadCpu {
  readonly seconds: number
  readonly source: 'schedstat' | 'stat' | 'process'
}

/** Linux USER_HZ: the unit of utime/stime in /proc/.../stat (100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100

/**
 * CPU time of the main thread of this process (Linux: its task id is the process id), which is
 * where the JavaScript of a feed runs; GC helper and libuv threads are not counted.
 * `/proc/self/task/<pid>/schedstat` gives nanoseconds; `stat` (10 ms ticks) is the fallback, and
 * off Linux the whole process's CPU time (`process.cpuUsage`) is the best there is.
 */
export function mainThreadCpu(): ThreadCpu {
  const task = `/proc/self/task/${process.pid}`
  try {
    return {
      seconds: parseSchedstat(readFileSync(`${task}/schedstat`, 'utf8')),
      source: 'schedstat',
    }
  } catch {
    // Kernels without schedstats: fall through.
  }
  try {
    return { seconds: parseStatCpu(readFileSync(`${task}/stat`, 'utf8')), source: 'stat' }
  } catch {
    const usage = process.cpuUsage()
    return { seconds: (usage.user + usage.system) / 1e6, source: 'process' }
  }
}

/** `/proc/.../schedstat` (`<ns on cpu> <ns waiting> <slices>`) -> seconds on a CPU. */
export function parseSchedstat(text: string): number {
  const ns = Number(text.trim().split(/\s+/)[0])
  if (!Number.isFinite(ns)) throw new RangeError(`not a schedstat line: ${JSON.stringify(text)}`)
  return ns / 1e9
}

/**
 * `/proc/.../stat` -> utime + stime in seconds. The command name (field 2) is in parentheses and
 * may hold spaces, so fields are counted after its closing parenthesis: utime and stime are
 * fields 14 and 15 of proc(5).
 */
export function parseStatCpu(text: string): number {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const utime = Number(rest[11])
  const stime = Number(rest[12])
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new RangeError(`not a stat line: ${JSON.stringify(text.slice(0, 80))}`)
  }
  return (utime + stime) / CLOCK_TICKS_PER_SECOND
}
