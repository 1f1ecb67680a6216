import { describe, expect, it } from 'vitest'

import {
  parseProcStatus,
  parseStatName,
  readProcCpu,
  readProcMemory,
  readThreadCpu,
} from './proc-status.js'

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const text =
      'Name:\tnode\nVmPeak:\t 1200 kB\nVmHWM:\t  800000 kB\nVmRSS:\t  650000 kB\nThreads:\t12\n'
    expect(parseProcStatus(text)).toEqual({ rssBytes: 650_000 * 1024, hwmBytes: 800_000 * 1024 })
  })

  it('is undefined without them (a kernel thread, another OS)', () => {
    expect(parseProcStatus('Name:\tkthreadd\nState:\tS\n')).toBeUndefined()
  })
})

describe('parseStatName', () => {
  it('keeps spaces and parentheses of the command name', () => {
    expect(parseStatName('77 (V8 DefaultWorke) S 1 2')).toBe('V8 DefaultWorke')
    expect(parseStatName('78 (a (b)) R 1 2')).toBe('a (b)')
  })

  it('rejects other text', () => {
    expect(() => parseStatName('no name here')).toThrow(RangeError)
  })
})

describe('reading /proc of this process', () => {
  it('sees its memory, CPU and the main thread', () => {
    const memory = readProcMemory(process.pid)
    expect(memory?.hwmBytes).toBeGreaterThanOrEqual(memory?.rssBytes ?? Infinity)
    expect(readProcCpu(process.pid)).toBeGreaterThan(0)
    const threads = readThreadCpu(process.pid)
    expect(threads.map((t) => t.tid)).toContain(process.pid)
    const cpu = threads.map((t) => t.cpuSeconds)
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a))
  })

  it('is empty for a process that is gone', () => {
    expect(readProcMemory(2 ** 22 + 1)).toBeUndefined()
    expect(readProcCpu(2 ** 22 + 1)).toBeUndefined()
    expect(readThreadCpu(2 ** 22 + 1)).toEqual([])
  })
})
